#include "sentence_splitter.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#include "form_lines.h"

namespace exemplar {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
char lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

// Abbreviations common in case notes, lower case, without the final period.
constexpr std::array<const char*, 86> kAbbreviations = {
    "pt", "pts", "dr", "drs", "mr", "mrs", "ms", "st", "jr", "sr", "prof", "vs", "etc",
    "e.g", "i.e", "a.m", "p.m", "approx", "appt", "appts", "dept", "inc", "co", "ltd",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "wk", "wks",
    "hr", "hrs", "min", "mins", "mo", "mos", "yr", "yrs", "yo", "y.o", "tel", "ext", "re",
    "cont", "med", "meds", "dx", "hx", "tx", "rx", "sx", "fx", "f/u", "d/c", "w/", "s/p",
    "b/c", "est", "info", "rep", "asst", "attn", "apt", "u.s", "p.o", "mg", "ml", "lbs"};

// Titles are never followed by a sentence break, whatever comes next.
constexpr std::array<const char*, 9> kTitles = {"dr", "drs", "mr", "mrs", "ms", "st", "prof", "sr", "jr"};

// Words that leave a line open when it wraps ("... spoke with\nDr. Ruiz").
constexpr std::array<const char*, 18> kOpenEnders = {
    "and", "or", "to", "the", "a", "an", "with", "of", "for", "by", "at", "in", "on", "from",
    "that", "who", "but", "her"};

template <size_t N>
bool in_list(const std::array<const char*, N>& list, const std::string& w) {
  for (const char* s : list) {
    if (w == s) return true;
  }
  return false;
}

struct Line {
  Span line;
  Span content;
  bool structural = false;   // bullet, form line, checkbox or heading: starts a sentence
  bool closes = false;       // form line or heading: ends its sentence at the line end
};

std::string last_word_lower(std::string_view text, Span c) {
  size_t e = c.end;
  while (e > c.start && !is_space(text[e - 1]) && text[e - 1] != '(') --e;
  std::string w;
  for (size_t p = e; p < c.end; ++p) w += lower(text[p]);
  return w;
}

// Whether line `cur` carries on the sentence that ended line `prev`.
bool continues(std::string_view text, const Line& prev, const Line& cur) {
  if (cur.structural || prev.closes) return false;
  const char last = text[prev.content.end - 1];
  if (last == '.' || last == '!' || last == '?' || last == ':' || last == ';') return false;
  if (last == ',' || last == '&' || last == '-' || last == '/') return true;
  if (is_lower(text[cur.content.start])) return true;
  return in_list(kOpenEnders, last_word_lower(text, prev.content));
}

// Words in [a, b); counting stops once past `limit` (callers only compare,
// and a sentence with many colons must not be re-counted from its start).
int words_in(std::string_view text, size_t a, size_t b, int limit) {
  int words = 0;
  bool in_word = false;
  for (size_t p = a; p < b; ++p) {
    const bool sp = is_space(text[p]) || text[p] == '\n';
    if (!sp && !in_word && ++words > limit) return words;
    in_word = !sp;
  }
  return words;
}

void split_clauses(std::string_view text, Span sentence, std::vector<Span>* clauses) {
  size_t start = sentence.start;
  bool long_clause = false;  // more than six words since `start`: stays so until the next break
  auto emit = [&](size_t end, size_t next) {
    const Span c = trim_span(text, Span{start, end});
    if (c.end > c.start) clauses->push_back(c);
    start = next;
    long_clause = false;
  };
  auto short_label = [&](size_t p) {
    if (!long_clause && words_in(text, start, p, 6) > 6) long_clause = true;
    return !long_clause;
  };
  for (size_t p = sentence.start; p < sentence.end; ++p) {
    const char ch = text[p];
    if (ch == ';') {
      emit(p, p + 1);
    } else if (ch == '-' && p + 1 < sentence.end && text[p + 1] == '-') {
      // "--" stands in for a dash in plain-text notes: a clause break.
      size_t q = p;
      while (q < sentence.end && text[q] == '-') ++q;
      emit(p, q);
      p = q - 1;
    } else if (ch == ':' && (p + 1 >= sentence.end || is_space(text[p + 1])) && short_label(p)) {
      // A colon after a short label separates fields ("COMPLICATIONS: None
      // DIAGNOSIS: ..."); after a longer clause it introduces that clause's
      // own list ("call if any of the following occur: ...").
      emit(p, p + 1);
    } else if (ch == ')' && p > sentence.start + 1 && text[p - 1] >= '0' && text[p - 1] <= '9' &&
               (p - 2 < sentence.start || is_space(text[p - 2]) || (text[p - 2] >= '0' && text[p - 2] <= '9'))) {
      // An inline enumeration "1) ... 2) ..." separates items.
      size_t q = p - 1;
      while (q > sentence.start && text[q - 1] >= '0' && text[q - 1] <= '9') --q;
      if (q == sentence.start || is_space(text[q - 1])) emit(q, p + 1);
    } else if (static_cast<unsigned char>(ch) == 0xE2 && p + 2 < sentence.end &&
               static_cast<unsigned char>(text[p + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[p + 2]) == 0x94 ||
                static_cast<unsigned char>(text[p + 2]) == 0x93)) {  // em and en dash
      emit(p, p + 3);
    }
  }
  emit(sentence.end, sentence.end);
}

}  // namespace

bool is_abbreviation_dot(std::string_view text, size_t line_start, size_t dot, size_t next_word) {
  size_t b = dot;
  while (b > line_start) {
    const char ch = text[b - 1];
    if (is_upper(ch) || is_lower(ch) || ch == '.' || ch == '/') --b;
    else break;
  }
  if (b == dot) return false;  // "3." or ")." : not an abbreviation
  std::string w;
  for (size_t p = b; p < dot; ++p) w += lower(text[p]);
  const bool next_upper = next_word < text.size() && is_upper(text[next_word]);
  if (in_list(kTitles, w)) return true;
  // "e.g." and "i.e." introduce what follows, often a name ("e.g. Medicaid").
  if (w == "e.g" || w == "i.e") return true;
  // A single capital is an initial ("J. Ortiz").
  if (dot - b == 1 && is_upper(text[b])) return true;
  const bool known = in_list(kAbbreviations, w) || w.find('.') != std::string::npos;
  return known && !next_upper;
}

void split_sentences(std::string_view text, TextLayout* layout) {
  // Pass 1: lines, with their templated structure.
  std::vector<Line> lines;
  for (size_t ls = 0; ls <= text.size();) {
    const void* nl = ls < text.size() ? std::memchr(text.data() + ls, '\n', text.size() - ls) : nullptr;
    const size_t le = nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) : text.size();
    Line L;
    L.line = Span{ls, le};
    L.content = trim_span(text, L.line);
    if (L.content.end > L.content.start) {
      FormLine fl;
      CapsHeading ch;
      const size_t boxes_before = layout->checkboxes.size();
      find_checkboxes(text, L.content, &layout->checkboxes);
      const bool has_box = layout->checkboxes.size() > boxes_before;
      if (parse_form_line(text, L.line, L.content, &fl)) {
        layout->form_lines.push_back(fl);
        L.structural = true;
        L.closes = fl.value.end == fl.value.start || has_box;
      } else if (parse_caps_heading(text, L.line, L.content, &ch)) {
        layout->caps_headings.push_back(ch);
        L.structural = L.closes = true;
      }
      if (has_box) L.structural = L.closes = true;
      if (bullet_length(text, L.content) > 0) L.structural = true;
    }
    lines.push_back(L);
    if (!nl) break;
    ls = le + 1;
  }

  // Pass 2: sentences.
  auto& out = layout->sentences;
  size_t open_start = std::string_view::npos;
  size_t open_end = 0;
  auto close = [&]() {
    if (open_start != std::string_view::npos) {
      const Span s = trim_span(text, Span{open_start, open_end});
      if (s.end > s.start) out.push_back(s);
    }
    open_start = std::string_view::npos;
  };
  const Line* prev = nullptr;
  for (const Line& L : lines) {
    if (L.content.end == L.content.start) {
      close();
      prev = nullptr;
      continue;
    }
    if (open_start == std::string_view::npos || prev == nullptr || !continues(text, *prev, L)) {
      close();
      open_start = L.content.start;
    }
    // Sentence-final punctuation inside the line.
    // The dot of a numbered bullet ("1. called the plan") ends nothing.
    for (size_t p = L.content.start + bullet_length(text, L.content); p < L.content.end; ++p) {
      const char ch = text[p];
      if (ch != '.' && ch != '!' && ch != '?') continue;
      size_t q = p + 1;
      while (q < L.content.end && (text[q] == '.' || text[q] == '!' || text[q] == '?' || text[q] == '"' ||
                                   text[q] == '\'' || text[q] == ')' || text[q] == ']')) {
        ++q;
      }
      if (q < L.content.end && !is_space(text[q])) {
        p = q - 1;  // "3.5", "e.g.x", "U.S.A"
        continue;
      }
      size_t next = q;
      while (next < L.content.end && is_space(text[next])) ++next;
      if (ch == '.' && q == p + 1 && next < L.content.end && is_abbreviation_dot(text, L.content.start, p, next)) {
        continue;
      }
      open_end = q;
      close();
      if (next < L.content.end) open_start = next;
      p = q - 1;
    }
    if (open_start != std::string_view::npos) open_end = L.content.end;
    if (L.closes) close();
    prev = &L;
  }
  close();

  for (const Span& s : out) split_clauses(text, s, &layout->clauses);
}

}  // namespace exemplar
