// SHA-256, used to fingerprint rule packs in every analysis ("rulepack_sha256")
// so that a stored result names exactly the rules that produced it.
#pragma once
#include <string>
#include <string_view>

namespace exemplar {

// Lower-case hex digest of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace exemplar
