// The Catch2 runner for exemplar_tests; the test cases live in test_*.cpp.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
