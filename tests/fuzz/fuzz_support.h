// Shared helpers of the fuzz targets: an always-on CHECK (the targets are
// also built in Release, where assert() is compiled out), an independent
// UTF-8 validator (RFC 3629, written apart from core/utf8.cpp so that the two
// are checked against each other), and the invariants every successful
// analysis must hold, checked through the public C API.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "exemplar/exemplar.h"

#define FUZZ_CHECK(cond)                                                                          \
  do {                                                                                            \
    if (!(cond)) {                                                                                \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__, #cond);          \
      std::fflush(stderr);                                                                        \
      std::abort();                                                                               \
    }                                                                                             \
  } while (0)

#define FUZZ_CHECK_MSG(cond, msg)                                                                     \
  do {                                                                                                \
    if (!(cond)) {                                                                                    \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s (%s)\n", __FILE__, __LINE__, #cond,         \
                   std::string(msg).c_str());                                                         \
      std::fflush(stderr);                                                                            \
      std::abort();                                                                                   \
    }                                                                                                 \
  } while (0)

namespace fuzz {

// What table 3-7 of Unicode 15 allows after a lead byte: the sequence's
// length (0: not a lead byte) and the range of its second byte.
struct LeadByte {
  size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;
};

inline LeadByte lead_byte(unsigned char c) {
  LeadByte l;
  if (c <= 0x7F) {
    l.len = 1;
  } else if (c >= 0xC2 && c <= 0xDF) {
    l.len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    l.len = 3;
    if (c == 0xE0) l.lo = 0xA0;
    if (c == 0xED) l.hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    l.len = 4;
    if (c == 0xF0) l.lo = 0x90;
    if (c == 0xF4) l.hi = 0x8F;
  }
  return l;
}

// Offset of the first byte that does not start a well-formed UTF-8 sequence
// (Unicode 15, table 3-7), or npos.
inline size_t first_invalid_utf8(std::string_view s) {
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c <= 0x7F) {
      ++i;
      continue;
    }
    const LeadByte l = lead_byte(c);
    if (l.len == 0 || i + l.len > n) return i;
    const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    if (c1 < l.lo || c1 > l.hi) return i;
    for (size_t k = 2; k < l.len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    }
    i += l.len;
  }
  return std::string_view::npos;
}

inline bool valid_utf8(std::string_view s) { return first_invalid_utf8(s) == std::string_view::npos; }

// True when `pos` is a code-point boundary of the valid UTF-8 text `s`.
inline bool on_boundary(std::string_view s, size_t pos) {
  return pos == s.size() || (pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) != 0x80);
}

inline bool is_kind(const char* k) {
  return k && (!std::strcmp(k, "breakdown") || !std::strcmp(k, "rule_bending") || !std::strcmp(k, "advocacy") ||
               !std::strcmp(k, "family_involvement"));
}

inline bool is_status(int rc) { return rc >= EXEMPLAR_OK && rc <= EXEMPLAR_ERR_INTERNAL; }

// A copy of `s` where each maximal ill-formed subpart is replaced by U+FFFD
// (the practice core/utf8.cpp follows), written independently of it.
inline std::string repair(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    const size_t bad = first_invalid_utf8(s.substr(i));
    if (bad == std::string_view::npos) {
      out.append(s.substr(i));
      break;
    }
    out.append(s.substr(i, bad));
    i += bad;
    // The maximal subpart: the longest prefix of a well-formed sequence.
    const LeadByte l = lead_byte(static_cast<unsigned char>(s[i]));  // not ASCII: it is invalid here
    const size_t need = l.len ? l.len - 1 : 0;
    size_t k = 1;
    for (; k <= need && i + k < s.size(); ++k) {
      const unsigned char x = static_cast<unsigned char>(s[i + k]);
      if (k == 1 ? (x < l.lo || x > l.hi) : ((x & 0xC0) != 0x80)) break;
    }
    out.append("\xEF\xBF\xBD");
    i += k;
  }
  return out;
}

// Everything a successful analysis promises, checked through the C API and
// against its JSON. `text` is the text the offsets refer to (the repaired
// note when repair was asked for and needed). Returns the parsed JSON.
inline nlohmann::json check_result(const exemplar_result* r, std::string_view text, bool snippets) {
  FUZZ_CHECK(r != nullptr);
  const char* json = nullptr;
  size_t len = 0;
  FUZZ_CHECK(exemplar_result_json(r, &json, &len) == EXEMPLAR_OK);
  FUZZ_CHECK(json != nullptr);
  FUZZ_CHECK(json[len] == '\0');
  FUZZ_CHECK(std::strlen(json) == len);  // control bytes are escaped: no NUL inside
  const std::string_view js(json, len);
  FUZZ_CHECK_MSG(valid_utf8(js), "analysis JSON is not valid UTF-8 at byte " + std::to_string(first_invalid_utf8(js)));
  nlohmann::json doc = nlohmann::json::parse(js, nullptr, /*allow_exceptions=*/false);
  FUZZ_CHECK_MSG(!doc.is_discarded(), "analysis JSON does not parse");
  FUZZ_CHECK(doc.is_object());
  FUZZ_CHECK(doc.value("schema", "") == "exemplar.analysis.v1");
  const nlohmann::json& moments = doc.at("moments");
  FUZZ_CHECK(moments.is_array());

  const size_t count = exemplar_result_moment_count(r);
  FUZZ_CHECK(moments.size() == count);
  bool any_affirmed[4] = {false, false, false, false};
  int leads[4] = {0, 0, 0, 0};
  for (size_t i = 0; i < count; ++i) {
    exemplar_moment m = EXEMPLAR_MOMENT_INIT;
    FUZZ_CHECK(exemplar_result_moment(r, i, &m) == EXEMPLAR_OK);
    FUZZ_CHECK(is_kind(m.kind));
    FUZZ_CHECK(m.rule && *m.rule);
    FUZZ_CHECK_MSG(m.start <= m.end && m.end <= text.size(),
                   "moment " + std::to_string(i) + " [" + std::to_string(m.start) + "," + std::to_string(m.end) +
                       ") outside a text of " + std::to_string(text.size()) + " bytes");
    FUZZ_CHECK(m.start < m.end);  // cues are never empty
    FUZZ_CHECK(m.sentence_start <= m.start && m.end <= m.sentence_end && m.sentence_end <= text.size());
    FUZZ_CHECK_MSG(on_boundary(text, m.start) && on_boundary(text, m.end),
                   "moment " + std::to_string(i) + " splits a UTF-8 character");
    FUZZ_CHECK(m.experiencer && (!std::strcmp(m.experiencer, "client") || !std::strcmp(m.experiencer, "family") ||
                                 !std::strcmp(m.experiencer, "other")));
    FUZZ_CHECK(m.score >= 0.0 && m.score <= 1.0);
    if (m.affirmed) {
      FUZZ_CHECK(!m.negated && !m.hypothetical && !std::strcmp(m.experiencer, "client"));
    } else {
      FUZZ_CHECK(m.score == 0.0);
    }
    const nlohmann::json& jm = moments[i];
    FUZZ_CHECK(jm.at("kind") == m.kind && jm.at("rule") == m.rule);
    FUZZ_CHECK(jm.at("start") == m.start && jm.at("end") == m.end);
    FUZZ_CHECK(jm.at("affirmed") == static_cast<bool>(m.affirmed));
    FUZZ_CHECK(jm.at("lead") == static_cast<bool>(m.lead));
    FUZZ_CHECK(!m.lead || m.affirmed);
    if (snippets) {
      FUZZ_CHECK(jm.at("cue") == std::string(text.substr(m.start, m.end - m.start)));
      FUZZ_CHECK(jm.at("snippet").get<std::string>().size() <= 240 + 6);
    } else {
      FUZZ_CHECK(!jm.contains("cue") && !jm.contains("snippet"));
    }
    for (const auto& t : jm.at("triggers")) {
      const size_t ts = t.at("start").get<size_t>(), te = t.at("end").get<size_t>();
      FUZZ_CHECK(ts <= te && te <= text.size());
    }
    if (m.affirmed) {
      for (int k = 0; k < 4; ++k) {
        static const char* kinds[] = {"breakdown", "rule_bending", "advocacy", "family_involvement"};
        if (!std::strcmp(m.kind, kinds[k])) any_affirmed[k] = true;
        if (!std::strcmp(m.kind, kinds[k]) && m.lead) ++leads[k];
      }
    }
  }
  exemplar_moment past = EXEMPLAR_MOMENT_INIT;
  FUZZ_CHECK(exemplar_result_moment(r, count, &past) == EXEMPLAR_ERR_INDEX_OUT_OF_RANGE);

  const size_t kinds = exemplar_result_kind_count(r);
  FUZZ_CHECK(kinds <= 4);
  FUZZ_CHECK(doc.at("kinds").size() == kinds);
  for (size_t k = 0; k < kinds; ++k) {
    const char* id = exemplar_result_kind(r, k);
    FUZZ_CHECK(is_kind(id));
    FUZZ_CHECK(doc.at("kinds")[k] == id);
  }
  FUZZ_CHECK(exemplar_result_kind(r, kinds) == nullptr);
  // A kind is affirmed only with an affirmed moment of that kind, and then
  // exactly one of its moments is the lead; other kinds have none.
  int affirmed_kinds[4] = {0, 0, 0, 0};
  for (size_t k = 0; k < kinds; ++k) {
    const char* id = exemplar_result_kind(r, k);
    static const char* names[] = {"breakdown", "rule_bending", "advocacy", "family_involvement"};
    for (int j = 0; j < 4; ++j) {
      if (!std::strcmp(id, names[j])) {
        FUZZ_CHECK(any_affirmed[j]);
        affirmed_kinds[j] = 1;
      }
    }
  }
  for (int j = 0; j < 4; ++j) FUZZ_CHECK(leads[j] == affirmed_kinds[j]);
  double score = -1.0;
  const char* cat = exemplar_result_category(r, &score);
  FUZZ_CHECK((cat != nullptr) == (kinds > 0));
  FUZZ_CHECK((cat != nullptr) == doc.at("category").is_object());
  FUZZ_CHECK(score >= 0.0 && score <= 1.0);
  if (!cat) FUZZ_CHECK(score == 0.0);
  return doc;
}

// The default engine, built once per process (the C API's handle).
inline const exemplar_engine* default_engine() {
  static exemplar_engine* e = [] {
    exemplar_engine* p = nullptr;
    FUZZ_CHECK(exemplar_engine_new_default(&p) == EXEMPLAR_OK);
    return p;
  }();
  return e;
}

}  // namespace fuzz
