// Recognises the templated parts of a line: `Label: value` fields,
// checkboxes, bullets and headings in capitals. Pure syntax; what a label or
// an answer means is the rule pack's business.
#pragma once
#include <string_view>
#include <vector>

#include "text_layout.h"

namespace exemplar {

// Span of the line without leading/trailing whitespace (may be empty).
Span trim_span(std::string_view text, Span s);

// Bytes of a leading bullet marker ("- ", "* ", "• ", "1. ", "2) "), or 0.
size_t bullet_length(std::string_view text, Span content);

// `Label: value` where the label is short (at most six words, no sentence
// punctuation) and the colon is not part of a time such as 10:30.
bool parse_form_line(std::string_view text, Span line, Span content, FormLine* out);

// Appends every checkbox on the line: [x] [X] [ ] [✓] [✔] (x) ( ) ☐ ☑ ☒.
void find_checkboxes(std::string_view text, Span content, std::vector<Checkbox>* out);

// A short line in capitals with no sentence punctuation ("PLAN", "FAMILY HX").
bool parse_caps_heading(std::string_view text, Span line, Span content, CapsHeading* out);

}  // namespace exemplar
