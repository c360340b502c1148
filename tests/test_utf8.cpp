// Stage 0: UTF-8 validation and repair (core/utf8.h).
#include <catch2/catch.hpp>

#include <string>

#include "utf8.h"

using exemplar::find_invalid_utf8;
using exemplar::repair_utf8;
using exemplar::utf8_sequence_length;

namespace {
constexpr size_t npos = std::string::npos;
const std::string kFFFD = "\xEF\xBF\xBD";

std::string bytes(std::initializer_list<unsigned> list) {
  std::string s;
  for (unsigned b : list) s.push_back(static_cast<char>(b));
  return s;
}

size_t count_fffd(const std::string& s) {
  size_t n = 0;
  for (size_t p = s.find(kFFFD); p != npos; p = s.find(kFFFD, p + 3)) ++n;
  return n;
}
}  // namespace

TEST_CASE("utf8: valid text of every sequence length validates", "[utf8]") {
  CHECK(find_invalid_utf8("") == npos);
  CHECK(find_invalid_utf8("plain ASCII note. Pt seen.") == npos);
  CHECK(find_invalid_utf8("caf\xC3\xA9 \xE2\x80\x94 \xE2\x98\x91 \xF0\x9F\x98\x80") == npos);  // é — ☑ 😀
  // Boundaries of each form.
  CHECK(find_invalid_utf8(bytes({0x7F})) == npos);
  CHECK(find_invalid_utf8(bytes({0xC2, 0x80})) == npos);              // U+0080
  CHECK(find_invalid_utf8(bytes({0xDF, 0xBF})) == npos);              // U+07FF
  CHECK(find_invalid_utf8(bytes({0xE0, 0xA0, 0x80})) == npos);        // U+0800
  CHECK(find_invalid_utf8(bytes({0xED, 0x9F, 0xBF})) == npos);        // U+D7FF
  CHECK(find_invalid_utf8(bytes({0xEE, 0x80, 0x80})) == npos);        // U+E000
  CHECK(find_invalid_utf8(bytes({0xEF, 0xBF, 0xBF})) == npos);        // U+FFFF
  CHECK(find_invalid_utf8(bytes({0xF0, 0x90, 0x80, 0x80})) == npos);  // U+10000
  CHECK(find_invalid_utf8(bytes({0xF4, 0x8F, 0xBF, 0xBF})) == npos);  // U+10FFFF
  CHECK(utf8_sequence_length("a", 0) == 1);
  CHECK(utf8_sequence_length("\xC3\xA9", 0) == 2);
  CHECK(utf8_sequence_length("\xE2\x80\x94", 0) == 3);
  CHECK(utf8_sequence_length("\xF0\x9F\x98\x80", 0) == 4);
}

TEST_CASE("utf8: NUL bytes are valid UTF-8", "[utf8]") {
  const std::string s("a\0b\0", 4);
  CHECK(find_invalid_utf8(s) == npos);
  CHECK(repair_utf8(s) == s);
}

TEST_CASE("utf8: overlong forms are invalid", "[utf8]") {
  CHECK(find_invalid_utf8(bytes({0xC0, 0xAF})) == 0);              // '/' in two bytes
  CHECK(find_invalid_utf8(bytes({0xC1, 0xBF})) == 0);
  CHECK(find_invalid_utf8("ok" + bytes({0xE0, 0x80, 0xAF})) == 2);   // '/' in three bytes
  CHECK(find_invalid_utf8(bytes({0xE0, 0x9F, 0xBF})) == 0);        // U+07FF in three bytes
  CHECK(find_invalid_utf8(bytes({0xF0, 0x80, 0x80, 0xAF})) == 0);  // '/' in four bytes
  CHECK(find_invalid_utf8(bytes({0xF0, 0x8F, 0xBF, 0xBF})) == 0);  // U+FFFF in four bytes
}

TEST_CASE("utf8: UTF-16 surrogates are invalid", "[utf8]") {
  CHECK(find_invalid_utf8(bytes({0xED, 0xA0, 0x80})) == 0);  // U+D800
  CHECK(find_invalid_utf8("x" + bytes({0xED, 0xBF, 0xBF})) == 1);  // U+DFFF
  CHECK(find_invalid_utf8(bytes({0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80})) == 0);  // CESU-8 pair
}

TEST_CASE("utf8: code points above U+10FFFF are invalid", "[utf8]") {
  CHECK(find_invalid_utf8(bytes({0xF4, 0x90, 0x80, 0x80})) == 0);  // U+110000
  CHECK(find_invalid_utf8(bytes({0xF5, 0x80, 0x80, 0x80})) == 0);
  CHECK(find_invalid_utf8(bytes({0xF7, 0xBF, 0xBF, 0xBF})) == 0);
  CHECK(find_invalid_utf8(bytes({0xF8, 0x88, 0x80, 0x80, 0x80})) == 0);  // old 5-byte form
  CHECK(find_invalid_utf8(bytes({0xFF})) == 0);
  CHECK(find_invalid_utf8(bytes({0xFE})) == 0);
}

TEST_CASE("utf8: truncated sequences are invalid", "[utf8]") {
  CHECK(find_invalid_utf8(bytes({0xC3})) == 0);
  CHECK(find_invalid_utf8("ab" + bytes({0xE2, 0x80})) == 2);
  CHECK(find_invalid_utf8(bytes({0xF0, 0x9F, 0x98})) == 0);
  CHECK(find_invalid_utf8(bytes({0xE2, 0x80}) + "x") == 0);  // cut short by ASCII
  CHECK(find_invalid_utf8(bytes({0xF0, 0x9F}) + "\xC3\xA9") == 0);
  CHECK(utf8_sequence_length(bytes({0xE2, 0x80}), 0) == 0);
}

TEST_CASE("utf8: lone continuation bytes are invalid", "[utf8]") {
  CHECK(find_invalid_utf8(bytes({0x80})) == 0);
  CHECK(find_invalid_utf8("abc" + bytes({0xBF}) + "def") == 3);
  CHECK(find_invalid_utf8("\xC3\xA9" + bytes({0xA9})) == 2);  // one continuation too many
}

TEST_CASE("utf8: repair replaces each maximal subpart with one U+FFFD", "[utf8]") {
  // Unicode Standard, section 3.9, table 3-8: maximal subparts.
  const std::string in = bytes({0x61, 0xF1, 0x80, 0x80, 0xE1, 0x80, 0xC2, 0x62, 0x80, 0x63, 0x80, 0xBF, 0x64});
  CHECK(repair_utf8(in) == "a" + kFFFD + kFFFD + kFFFD + "b" + kFFFD + "c" + kFFFD + kFFFD + "d");

  // Surrogate: no prefix of ED A0 80 is a valid start, so three replacements.
  CHECK(repair_utf8(bytes({0xED, 0xA0, 0x80})) == kFFFD + kFFFD + kFFFD);
  // Overlong: C0 and E0 80 are never prefixes of a valid sequence.
  CHECK(repair_utf8(bytes({0xC0, 0xAF})) == kFFFD + kFFFD);
  CHECK(repair_utf8(bytes({0xE0, 0x80, 0xAF})) == kFFFD + kFFFD + kFFFD);
  // Above U+10FFFF.
  CHECK(repair_utf8(bytes({0xF4, 0x90, 0x80, 0x80})) == kFFFD + kFFFD + kFFFD + kFFFD);
  // A truncated but otherwise valid prefix is one maximal subpart.
  CHECK(repair_utf8("x" + bytes({0xF0, 0x9F, 0x98}) + "y") == "x" + kFFFD + "y");
  CHECK(repair_utf8("x" + bytes({0xE2, 0x80})) == "x" + kFFFD);
  // Valid text around the damage is kept byte for byte.
  CHECK(repair_utf8("caf\xC3\xA9 " + bytes({0xFF}) + " \xE2\x80\x94") == "caf\xC3\xA9 " + kFFFD + " \xE2\x80\x94");
  // Valid input is returned unchanged.
  const std::string ok = "Pt \xE2\x98\x91 family meeting \xF0\x9F\x98\x80";
  CHECK(repair_utf8(ok) == ok);
}

TEST_CASE("utf8: every repaired string validates", "[utf8]") {
  // All one- and two-byte strings, and three-byte strings over the bytes
  // that matter for the lead/continuation rules.
  const unsigned interesting[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
                                  0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
  size_t valid_pairs = 0;
  for (unsigned a = 0; a < 256; ++a) {
    for (unsigned b = 0; b < 256; ++b) {
      const std::string s = bytes({a, b});
      const std::string r = repair_utf8(s);
      if (find_invalid_utf8(r) != npos) FAIL("repair of two bytes " << a << " " << b << " is invalid");
      if (find_invalid_utf8(s) == npos) {
        ++valid_pairs;
        if (r != s) FAIL("valid two bytes " << a << " " << b << " were changed");
      }
    }
  }
  for (unsigned a : interesting) {
    for (unsigned b : interesting) {
      for (unsigned c : interesting) {
        for (unsigned d : interesting) {
          const std::string s = bytes({a, b, c, d});
          const std::string r = repair_utf8(s);
          if (find_invalid_utf8(r) != npos) FAIL("repair of " << a << " " << b << " " << c << " " << d);
          if (find_invalid_utf8(s) == npos && r != s) FAIL("valid " << a << " " << b << " " << c << " " << d);
          // Never more replacements than input bytes.
          if (count_fffd(r) > s.size()) FAIL("too many replacements");
        }
      }
    }
  }
  // Independent count: 128*128 ASCII pairs plus 30 leads (C2..DF) * 64 continuations.
  CHECK(valid_pairs == 128 * 128 + 30 * 64);
}

TEST_CASE("utf8: the validator accepts exactly the RFC 3629 three-byte strings", "[utf8]") {
  // Valid three-byte strings: ASCII^3, a two-byte sequence before or after
  // one ASCII byte, or one three-byte sequence (U+0800..U+FFFF minus the
  // 2048 surrogates = 61440).
  size_t valid = 0;
  std::string s(3, '\0');
  for (unsigned a = 0; a < 256; ++a) {
    s[0] = static_cast<char>(a);
    for (unsigned b = 0; b < 256; ++b) {
      s[1] = static_cast<char>(b);
      for (unsigned c = 0; c < 256; ++c) {
        s[2] = static_cast<char>(c);
        if (find_invalid_utf8(s) == npos) ++valid;
      }
    }
  }
  CHECK(valid == 128u * 128 * 128 + 2u * 128 * (30 * 64) + 61440u);
}
