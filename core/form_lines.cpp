#include "form_lines.h"

#include <cstring>

namespace exemplar {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool starts_with_at(std::string_view text, size_t pos, size_t end, const char* lit) {
  const size_t n = std::strlen(lit);
  return pos + n <= end && text.compare(pos, n, lit) == 0;
}

// Box glyphs and whether each means "checked".
struct BoxGlyph {
  const char* text;
  bool checked;
};
constexpr BoxGlyph kBoxes[] = {
    {"[x]", true},  {"[X]", true},  {"[ ]", false}, {"[]", false},
    {"[\xE2\x9C\x93]", true},  // [✓]
    {"[\xE2\x9C\x94]", true},  // [✔]
    {"(x)", true},  {"(X)", true},  {"( )", false},
    {"\xE2\x98\x90", false},  // ☐
    {"\xE2\x98\x91", true},   // ☑
    {"\xE2\x98\x92", true},   // ☒
};

}  // namespace

Span trim_span(std::string_view text, Span s) {
  while (s.start < s.end && is_space(text[s.start])) ++s.start;
  while (s.end > s.start && is_space(text[s.end - 1])) --s.end;
  return s;
}

size_t bullet_length(std::string_view text, Span c) {
  if (c.start >= c.end) return 0;
  const char ch = text[c.start];
  size_t p = c.start;
  if (ch == '-' || ch == '*' || ch == '+' || ch == '>') {
    p += 1;
  } else if (starts_with_at(text, p, c.end, "\xE2\x80\xA2") ||   // •
             starts_with_at(text, p, c.end, "\xE2\x97\x8F") ||   // ●
             starts_with_at(text, p, c.end, "\xE2\x96\xAA")) {   // ▪
    p += 3;
  } else if (starts_with_at(text, p, c.end, "\xC2\xB7")) {       // ·
    p += 2;
  } else if (is_digit(ch) || (is_alpha(ch) && p + 1 < c.end && (text[p + 1] == ')'))) {
    size_t q = p;
    while (q < c.end && q - p < 3 && is_digit(text[q])) ++q;
    if (q == p) q = p + 1;  // single letter "a)"
    if (q < c.end && (text[q] == '.' || text[q] == ')')) p = q + 1;
    else return 0;
  } else {
    return 0;
  }
  if (p < c.end && !is_space(text[p])) return 0;  // "-5 lbs", "1.5mg"
  while (p < c.end && is_space(text[p])) ++p;
  return p - c.start;
}

bool parse_form_line(std::string_view text, Span line, Span content, FormLine* out) {
  size_t p = content.start + bullet_length(text, content);
  if (p >= content.end || !is_alpha(text[p])) return false;
  const size_t label_start = p;
  int words = 1;
  for (; p < content.end; ++p) {
    const char ch = text[p];
    if (ch == ':') break;
    if (ch == '.' || ch == '!' || ch == '?' || ch == ';' || ch == '"' || ch == '\n') return false;
    if (is_space(ch) && p + 1 < content.end && !is_space(text[p + 1])) {
      if (++words > 6) return false;
    }
    if (p - label_start > 60) return false;
  }
  if (p >= content.end) return false;
  // A time such as "at 10:30" is not a label.
  if (p > label_start && is_digit(text[p - 1]) && p + 1 < content.end && is_digit(text[p + 1])) return false;
  // "re: meds" style telephone-log lines still count: the label is "re".
  out->line = line;
  out->label = trim_span(text, Span{label_start, p});
  out->value = trim_span(text, Span{p + 1, content.end});
  return out->label.end > out->label.start;
}

void find_checkboxes(std::string_view text, Span content, std::vector<Checkbox>* out) {
  const size_t first = out->size();
  for (size_t p = content.start; p < content.end;) {
    // Every glyph starts with '[', '(' or 0xE2: skip other bytes cheaply.
    const char c0 = text[p];
    if (c0 != '[' && c0 != '(' && c0 != '\xE2') {
      ++p;
      continue;
    }
    bool found = false;
    for (const BoxGlyph& g : kBoxes) {
      if (starts_with_at(text, p, content.end, g.text)) {
        Checkbox cb;
        cb.box = Span{p, p + std::strlen(g.text)};
        cb.checked = g.checked;
        out->push_back(cb);
        p = cb.box.end;
        found = true;
        break;
      }
    }
    if (!found) ++p;
  }
  // Each option runs to the next box on the line, or to the line's end.
  for (size_t i = first; i < out->size(); ++i) {
    const size_t end = (i + 1 < out->size()) ? (*out)[i + 1].box.start : content.end;
    Span opt = trim_span(text, Span{(*out)[i].box.end, end});
    // Drop a trailing separator such as "/" or "," between options.
    while (opt.end > opt.start && (text[opt.end - 1] == '/' || text[opt.end - 1] == ',' ||
                                   text[opt.end - 1] == '|')) {
      --opt.end;
    }
    (*out)[i].option = trim_span(text, opt);
  }
}

bool parse_caps_heading(std::string_view text, Span line, Span content, CapsHeading* out) {
  if (content.end <= content.start || content.end - content.start > 40) return false;
  size_t end = content.end;
  if (text[end - 1] == ':') --end;
  int letters = 0, words = 1;
  for (size_t p = content.start; p < end; ++p) {
    const char ch = text[p];
    if (ch >= 'a' && ch <= 'z') return false;
    if (ch >= 'A' && ch <= 'Z') ++letters;
    else if (ch == ' ') ++words;
    else if (ch != '/' && ch != '&' && ch != '-' && ch != '#') return false;
  }
  if (letters < 2 || words > 4) return false;
  out->line = line;
  out->label = Span{content.start, end};
  return true;
}

}  // namespace exemplar
