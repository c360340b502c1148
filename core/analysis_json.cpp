#include "analysis_json.h"

#include "json_writer.h"
#include "version.h"

namespace exemplar {
namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

void write_moment(JsonWriter& w, const RulePack& pack, std::string_view text, const Moment& m, const JsonOptions& o) {
  w.begin_object();
  w.key("kind");
  w.string(kind_id(m.kind));
  w.key("rule");
  w.string(pack.cues[m.rule].id);
  w.key("start");
  w.integer(m.span.start);
  w.key("end");
  w.integer(m.span.end);
  w.key("sentence");
  w.begin_object();
  w.key("start");
  w.integer(m.sentence.start);
  w.key("end");
  w.integer(m.sentence.end);
  w.end_object();
  if (o.include_snippets) {
    w.key("cue");
    w.string(text.substr(m.span.start, m.span.end - m.span.start));
    w.key("snippet");
    w.string(make_snippet(text, m.sentence, m.span));
  }
  w.key("negated");
  w.boolean(m.negated);
  w.key("hypothetical");
  w.boolean(m.hypothetical);
  w.key("historical");
  w.boolean(m.historical);
  w.key("experiencer");
  w.string(experiencer_id(m.experiencer));
  w.key("templated");
  w.boolean(m.templated);
  w.key("affirmed");
  w.boolean(m.affirmed);
  w.key("lead");
  w.boolean(m.lead);
  w.key("score");
  w.number3(m.score);
  w.key("message");
  w.string(pack.cues[m.rule].message);
  w.key("triggers");
  w.begin_array();
  for (const AppliedTrigger& t : m.triggers) {
    w.begin_object();
    w.key("role");
    w.string(context_role_id(static_cast<ContextRole>(t.role)));
    w.key("rule");
    w.string(t.rule >= 0 ? pack.context[t.rule].id : "section." + pack.sections[t.section].id);
    w.key("start");
    w.integer(t.span.start);
    w.key("end");
    w.integer(t.span.end);
    w.end_object();
  }
  w.end_array();
  if (pack.cues[m.rule].sentence_model) {
    // The words are note text: left out with the snippets.
    w.key("model");
    w.begin_object();
    w.key("probability");
    w.number3(m.probability);
    if (o.include_snippets) {
      w.key("terms");
      w.begin_array();
      for (const std::string& t : m.terms) w.string(t);
      w.end_array();
    }
    w.end_object();
  }
  w.end_object();
}

}  // namespace

std::string make_snippet(std::string_view text, Span sentence, Span cue, size_t max_bytes) {
  Span s = sentence;
  if (s.end - s.start > max_bytes) {
    // Centre the window on the cue, then move both ends onto code-point starts.
    const size_t mid = cue.start + (cue.end - cue.start) / 2;
    size_t start = mid > s.start + max_bytes / 2 ? mid - max_bytes / 2 : s.start;
    size_t end = std::min(s.end, start + max_bytes);
    if (end - start < max_bytes) start = end > max_bytes ? std::max(s.start, end - max_bytes) : s.start;
    // Move both ends inwards, so the cut never exceeds max_bytes.
    while (start < end && is_continuation(text[start])) ++start;
    while (end > start && end < s.end && is_continuation(text[end])) --end;
    std::string out;
    if (start > s.start) out += "\xE2\x80\xA6";
    out.append(text.substr(start, end - start));
    if (end < s.end) out += "\xE2\x80\xA6";
    return out;
  }
  return std::string(text.substr(s.start, s.end - s.start));
}

void write_analysis_json(const RulePack& pack, std::string_view text, const Analysis& a, const JsonOptions& o,
                         std::string* out) {
  out->clear();
  out->reserve(512 + a.moments.size() * 400);
  JsonWriter w(out);
  w.begin_object();
  w.key("schema");
  w.string("exemplar.analysis.v1");
  w.key("engine");
  w.begin_object();
  w.key("version");
  w.string(kVersionString);
  w.key("rulepack");
  w.string(pack.id);
  w.key("rulepack_version");
  w.string(pack.version);
  w.key("rulepack_sha256");
  w.string(pack.sha256);
  w.end_object();
  if (o.id) {
    w.key("id");
    w.string(*o.id);
  }
  w.key("moments");
  w.begin_array();
  for (const Moment& m : a.moments) write_moment(w, pack, text, m, o);
  w.end_array();
  w.key("kinds");
  w.begin_array();
  for (int k = 0; k < kMomentKindCount; ++k) {
    if (a.kind_affirmed[k]) w.string(kind_id(static_cast<Kind>(k)));
  }
  w.end_array();
  w.key("kind_scores");
  w.begin_object();
  for (int k = 0; k < kMomentKindCount; ++k) {
    w.key(kind_id(static_cast<Kind>(k)));
    w.number3(a.kind_scores[k]);
  }
  w.end_object();
  w.key("category");
  if (!a.category.present) {
    w.null();
  } else {
    const CategoryScore& top = a.category.ranking[0];
    w.begin_object();
    w.key("id");
    w.string(category_id(top.category));
    w.key("label");
    w.string(category_label(top.category));
    w.key("score");
    w.number3(top.score);
    w.key("ranking");
    w.begin_array();
    for (const CategoryScore& c : a.category.ranking) {
      w.begin_object();
      w.key("id");
      w.string(category_id(c.category));
      w.key("score");
      w.number3(c.score);
      w.end_object();
    }
    w.end_array();
    w.key("rationale");
    w.string(a.category.rationale);
    w.end_object();
  }
  w.end_object();
}

}  // namespace exemplar
