// Sentence and clause boundaries for note text, which is rarely tidy prose:
// bullets, blank lines, wrapped lines and abbreviations ("pt.", "Dr.",
// "f/u") must not break or merge sentences.
#pragma once
#include <string_view>

#include "text_layout.h"

namespace exemplar {

// Fills layout->sentences, clauses, form_lines, checkboxes and caps_headings.
void split_sentences(std::string_view text, TextLayout* layout);

// True when the '.' at `dot` ends an abbreviation that does not end the
// sentence ("Dr. Lee", "pt. was seen", "f/u. next week").
bool is_abbreviation_dot(std::string_view text, size_t line_start, size_t dot, size_t next_word);

}  // namespace exemplar
