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

int count_words(std::string_view text, size_t a, size_t b) {
  int words = 0;
  bool in_word = false;
  for (size_t p = a; p < b; ++p) {
    const bool sp = text[p] == ' ' || text[p] == '\t';
    if (!sp && !in_word) ++words;
    in_word = !sp;
  }
  return words;
}

// A label written mid-line, after other text: "... pt declined. Family
// involvement: none." The cue must open its sentence (at most three words
// before it) and be followed, within two words, by a colon.
bool inline_label_value(std::string_view text, const TextLayout& layout, Span cue, Span* value) {
  const size_t si = layout.sentence_at(cue.start);
  if (si == std::string_view::npos) return false;
  const Span s = layout.sentences[si];
  if (count_words(text, s.start, cue.start) > 3) return false;
  size_t colon = cue.end;
  while (colon < s.end && text[colon] != ':' && text[colon] != '\n' && text[colon] != '.' && text[colon] != ';') ++colon;
  if (colon >= s.end || text[colon] != ':' || count_words(text, cue.end, colon) > 2) return false;
  if (colon + 1 < text.size() && text[colon + 1] >= '0' && text[colon + 1] <= '9') return false;  // 10:30
  size_t end = colon + 1;
  while (end < text.size() && text[end] != '\n') ++end;
  // The answer runs to the end of the sentence that follows the colon.
  const size_t vs = layout.sentence_at(colon + 1 < text.size() ? colon + 1 : colon);
  if (vs != std::string_view::npos) end = std::min(end, layout.sentences[vs].end);
  *value = Span{colon + 1, end};
  while (value->start < value->end && (text[value->start] == ' ' || text[value->start] == '\t')) ++value->start;
  return true;
}

// The answer to a label: the first checked box in `value`, else its text.
bool value_affirms(const CompiledPack& cp, std::string_view text, const TextLayout& layout, Span value) {
  bool any_box = false;
  for (const Checkbox& cb : layout.checkboxes) {
    if (cb.box.start < value.start || cb.box.start >= value.end) continue;
    any_box = true;
    if (cb.checked) return answer_affirms(cp, text, cb.option);
  }
  if (any_box) return false;  // nothing checked: unanswered
  return answer_affirms(cp, text, value);
}

}  // namespace

TemplateVerdict judge_template(const CompiledPack& cp, std::string_view text, const TextLayout& layout, Span cue) {
  TemplateVerdict v;
  // A cue inside a checkbox option: the box decides.
  for (const Checkbox& cb : layout.checkboxes) {
    if (cb.option.covers(cue.start, cue.end)) {
      v.templated = true;
      v.affirms = cb.checked;
      return v;
    }
    if (cb.box.start > cue.end) break;
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
