// UTF-8 validation and repair. Offsets everywhere in Exemplar are byte offsets
// into valid UTF-8, so every note passes through here first.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace exemplar {

// Returns the byte offset of the first invalid sequence, or npos when `text`
// is valid UTF-8 (overlong forms, surrogates and code points above U+10FFFF
// are invalid, as RFC 3629 says).
size_t find_invalid_utf8(std::string_view text);

// Copies `text`, replacing each maximal invalid subpart with U+FFFD (the
// WHATWG / Unicode "substitution of maximal subparts" practice).
std::string repair_utf8(std::string_view text);

// Length of the valid UTF-8 sequence starting at s[i], or 0 when invalid.
size_t utf8_sequence_length(std::string_view s, size_t i);

}  // namespace exemplar
