#include "metrics.h"

#include <cstdio>

#include "analysis_json.h"

namespace exemplar::cli {
namespace {

std::string quote(std::string_view text, Span s) { return "\"" + std::string(text.substr(s.start, s.end - s.start)) + "\""; }

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// Why a cue did not count: the triggers that set its attributes.
std::string why_not(const RulePack& pack, std::string_view text, const Moment& m) {
  std::string why;
  for (const AppliedTrigger& t : m.triggers) {
    if (!why.empty()) why += ", ";
    why += std::string(context_role_id(static_cast<ContextRole>(t.role))) + " by " + quote(text, t.span) + " (" +
           (t.rule >= 0 ? pack.context[t.rule].id : "section." + pack.sections[t.section].id) + ")";
  }
  if (m.templated && why.empty()) why = "form answer does not affirm it";
  if (why.empty() && !m.affirmed) why = "not affirmed";
  return why;
}

// True when [s, e) overlaps any occurrence of `needle` in `text`.
bool overlaps_any(const std::string& text, const std::string& needle, size_t s, size_t e) {
  for (size_t p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) {
    if (s < p + needle.size() && p < e) return true;
  }
  return false;
}

// True when `span` overlaps a gold evidence string of kind `k`.
bool on_evidence(const GoldNote& g, int k, Span span) {
  for (const std::string& ev : g.evidence[k]) {
    if (overlaps_any(g.text, ev, span.start, span.end)) return true;
  }
  return false;
}

}  // namespace

EvalReport evaluate(const Engine& engine, const std::vector<GoldNote>& gold) {
  EvalReport r;
  const RulePack& pack = engine.pack();
  const CompiledPack& cp = engine.compiled();
  for (const GoldNote& g : gold) {
    ++r.notes;
    Analysis a;
    AnalyzeOptions opts;
    if (!engine.analyze(g.text, opts, &a).ok()) {
      ++r.failed;
      continue;
    }
    const std::string_view text = g.text;
    for (int k = 0; k < kMomentKindCount; ++k) {
      const bool want = g.kinds[k], got = a.kind_affirmed[k];
      PRF& e = r.engine[k];
      if (want && got) ++e.tp;
      if (!want && got) ++e.fp;
      if (want && !got) ++e.fn;
      if (want != got) {
        Mistake m{g.id, k, got, ""};
        for (const Moment& mo : a.moments) {
          if (static_cast<int>(mo.kind) != k) continue;
          if (got && !mo.affirmed) continue;
          if (!m.detail.empty()) m.detail += "; ";
          m.detail += quote(text, mo.span) + " (" + pack.cues[mo.rule].id + ")";
          if (!got) m.detail += mo.affirmed ? ": affirmed, weight " + fmt(mo.score) : ": " + why_not(pack, text, mo);
        }
        if (m.detail.empty()) m.detail = "no cue of this kind";
        if (!got && a.kind_scores[k] > 0) {
          m.detail += " [score " + fmt(a.kind_scores[k]) + " < threshold " + fmt(pack.moment_threshold) + "]";
        }
        r.mistakes.push_back(std::move(m));
      }
      // Keyword baseline: any cue pattern of the kind, anywhere, no context.
      bool keyword = false;
      for (size_t i = 0; i < pack.cues.size() && !keyword; ++i) {
        if (static_cast<int>(pack.cues[i].kind) == k && cp.cue_res[i]) keyword = re2::RE2::PartialMatch(g.text, *cp.cue_res[i]);
      }
      PRF& b = r.baseline[k];
      if (want && keyword) ++b.tp;
      if (!want && keyword) ++b.fp;
      if (want && !keyword) ++b.fn;
    }
    if (g.category >= 0) {
      ++r.with_category;
      const auto& rank = a.category.ranking;
      if (a.category.present && rank[0].category == g.category) ++r.top1;
      if (a.category.present && (rank[0].category == g.category || rank[1].category == g.category)) ++r.top2;
    } else {
      ++r.without_moment;
      if (!a.category.present) ++r.abstained;
    }
    for (const Moment& mo : a.moments) {
      const int k = static_cast<int>(mo.kind);
      if (!mo.affirmed || !a.kind_affirmed[k]) continue;
      ++r.flags;
      if (on_evidence(g, k, mo.span)) ++r.flags_on_evidence;
      if (!mo.lead) continue;
      ++r.leads;
      if (on_evidence(g, k, mo.sentence)) ++r.leads_on_evidence;
    }
  }
  return r;
}

}  // namespace exemplar::cli
