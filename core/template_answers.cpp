#include "template_answers.h"

#include <algorithm>

namespace exemplar {
namespace {

bool answer_affirms(const CompiledPack& cp, std::string_view text, Span answer) {
  if (answer.end <= answer.start) return false;  // left blank
  const re2::StringPiece s(text.data() + answer.start, answer.end - answer.start);
  if (re2::RE2::PartialMatch(s, *cp.affirm_re)) return true;  // "Yes", "Y"
  // "No", "None", "N/A" deny; other free text describes the thing, so affirms.
  return !re2::RE2::PartialMatch(s, *cp.deny_re);
}

// Words in [a, b); counting stops once past `limit` (callers only compare).
int count_words(std::string_view text, size_t a, size_t b, int limit) {
  int words = 0;
  bool in_word = false;
  for (size_t p = a; p < b; ++p) {
    const bool sp = text[p] == ' ' || text[p] == '\t';
    if (!sp && !in_word && ++words > limit) return words;
    in_word = !sp;
  }
  return words;
}

// A label's colon lies at most two words after the cue; past this many bytes
// it is no label (and the search stays short in a huge sentence).
constexpr size_t kMaxLabelTail = 256;

// The first checkbox whose box starts at or after `pos` (boxes are in text order).
std::vector<Checkbox>::const_iterator first_box_from(const TextLayout& layout, size_t pos) {
  return std::lower_bound(layout.checkboxes.begin(), layout.checkboxes.end(), pos,
                          [](const Checkbox& cb, size_t p) { return cb.box.start < p; });
}

// A label written mid-line, after other text: "... pt declined. Family
// involvement: none." The cue must open its sentence (at most three words
// before it) and be followed, within two words, by a colon.
bool inline_label_value(std::string_view text, const TextLayout& layout, Span cue, Span* value) {
  const size_t si = layout.sentence_at(cue.start);
  if (si == std::string_view::npos) return false;
  const Span s = layout.sentences[si];
  if (count_words(text, s.start, cue.start, 3) > 3) return false;
  size_t colon = cue.end;
  const size_t colon_limit = std::min(s.end, cue.end + kMaxLabelTail);
  while (colon < colon_limit && text[colon] != ':' && text[colon] != '\n' && text[colon] != '.' && text[colon] != ';') {
    ++colon;
  }
  if (colon >= colon_limit || text[colon] != ':' || count_words(text, cue.end, colon, 2) > 2) return false;
  if (colon + 1 < text.size() && text[colon + 1] >= '0' && text[colon + 1] <= '9') return false;  // 10:30
  // The answer runs to the end of the line, or of the sentence that follows
  // the colon if that ends first.
  size_t limit = text.size();
  const size_t vs = layout.sentence_at(colon + 1 < text.size() ? colon + 1 : colon);
  if (vs != std::string_view::npos) limit = std::min(limit, layout.sentences[vs].end);
  size_t end = colon + 1;
  while (end < limit && text[end] != '\n') ++end;
  *value = Span{colon + 1, end};
  while (value->start < value->end && (text[value->start] == ' ' || text[value->start] == '\t')) ++value->start;
  return true;
}

// The answer to a label: the first checked box in `value`, else its text.
bool value_affirms(const CompiledPack& cp, std::string_view text, const TextLayout& layout, Span value) {
  bool any_box = false;
  for (auto it = first_box_from(layout, value.start); it != layout.checkboxes.end(); ++it) {
    const Checkbox& cb = *it;
    if (cb.box.start >= value.end) break;
    any_box = true;
    if (cb.checked) return answer_affirms(cp, text, cb.option);
  }
  if (any_box) return false;  // nothing checked: unanswered
  return answer_affirms(cp, text, value);
}

}  // namespace

TemplateVerdict judge_template(const CompiledPack& cp, std::string_view text, const TextLayout& layout, Span cue) {
  TemplateVerdict v;
  // A cue inside a checkbox option: the box decides. Options follow their
  // box and end before the next one, so only the last box before the cue
  // can hold it.
  const auto next = first_box_from(layout, cue.start + 1);
  if (next != layout.checkboxes.begin()) {
    const Checkbox& cb = *(next - 1);
    if (cb.option.covers(cue.start, cue.end)) {
      v.templated = true;
      v.affirms = cb.checked;
      return v;
    }
  }
  // A cue inside a label: the value decides.
  const auto& fl = layout.form_lines;
  auto it = std::upper_bound(fl.begin(), fl.end(), cue.start,
                             [](size_t p, const FormLine& f) { return p < f.line.start; });
  Span value;
  if (it != fl.begin() && (it - 1)->label.covers(cue.start, cue.end)) {
    value = (it - 1)->value;
  } else if (!inline_label_value(text, layout, cue, &value)) {
    return v;
  }
  v.templated = true;
  v.affirms = value_affirms(cp, text, layout, value);
  return v;
}

}  // namespace exemplar
