// The shape of a note: lines, sentences, clauses, form lines and checkboxes.
// Everything is a byte span into the (valid UTF-8) note; nothing is copied.
#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

namespace exemplar {

struct Span {
  size_t start = 0;
  size_t end = 0;
  bool contains(size_t pos) const { return pos >= start && pos < end; }
  bool covers(size_t s, size_t e) const { return s >= start && e <= end; }
};

// A `Label: value` line ("Family involved: [x] Yes", "Assessment: ...").
// Whether the label names a section is decided later, by the rule pack.
struct FormLine {
  Span line;
  Span label;  // without the colon
  Span value;  // trimmed; may be empty
};

// A checkbox and the option text that follows it ("[x] Yes", "☐ No").
struct Checkbox {
  Span box;
  Span option;  // trimmed text up to the next box or the end of the line
  bool checked = false;
};

// A line that is only a heading in capitals ("PLAN", "ASSESSMENT").
struct CapsHeading {
  Span line;
  Span label;
};

struct TextLayout {
  std::vector<Span> sentences;  // in order, non-overlapping
  std::vector<Span> clauses;    // in order; each lies inside one sentence
  std::vector<FormLine> form_lines;
  std::vector<Checkbox> checkboxes;
  std::vector<CapsHeading> caps_headings;

  // Index of the sentence containing `pos`, or npos. O(log n).
  size_t sentence_at(size_t pos) const;
  size_t clause_at(size_t pos) const;
};

// Splits a note into sentences and clauses and finds form lines and
// checkboxes. Linear in the note's length.
TextLayout analyze_layout(std::string_view text);

}  // namespace exemplar
