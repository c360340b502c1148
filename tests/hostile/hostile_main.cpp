// Catch2's main for exemplar_hostile_tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
