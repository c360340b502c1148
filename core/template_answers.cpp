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
  if (it == fl.begin()) return v;
  const FormLine& f = *(it - 1);
  if (!f.label.covers(cue.start, cue.end)) return v;
  v.templated = true;
  // Checkboxes in the value: the first checked option is the answer.
  bool any_box = false;
  for (const Checkbox& cb : layout.checkboxes) {
    if (cb.box.start < f.value.start || cb.box.start >= f.value.end) continue;
    any_box = true;
    if (cb.checked) {
      v.affirms = answer_affirms(cp, text, cb.option);
      return v;
    }
  }
  if (any_box) {
    v.affirms = false;  // nothing checked: unanswered
    return v;
  }
  v.affirms = answer_affirms(cp, text, f.value);
  return v;
}

}  // namespace exemplar
