// Finds where rules fire. One RE2::Set pass over the note tells which
// patterns occur at all; only those are then searched for their spans, so
// rules that do not fire cost nothing beyond the set scan.
#pragma once
#include <string_view>
#include <vector>

#include "compiled_pack.h"
#include "text_layout.h"

namespace exemplar {

struct Hit {
  int rule = 0;  // index into pack.cues or pack.context
  size_t start = 0;
  size_t end = 0;
};

// Moment-cue hits of the note, sorted by (start, longest first, rule).
// Sentences are scanned in chunks; a chunk with no cue is dismissed in one
// pass, and only rules that fired are searched for their spans.
void scan_cues(const CompiledPack& cp, std::string_view text, const TextLayout& layout, std::vector<Hit>* out);

// Category-evidence hits of the whole note, sorted like scan_cues.
void scan_evidence(const CompiledPack& cp, std::string_view text, std::vector<Hit>* out);

// Context-trigger hits inside one span (a sentence holding cues).
void scan_context(const CompiledPack& cp, std::string_view text, Span span, std::vector<Hit>* out);

// Byte offsets of every match of `re` inside [span.start, span.end),
// `text` giving the context for \b and ^.
void find_all(const re2::RE2& re, int rule, std::string_view text, Span span, std::vector<Hit>* out);

}  // namespace exemplar
