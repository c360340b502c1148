#include "moment_scorer.h"

#include <map>

namespace exemplar {

namespace {
// A historical moment still counts, a little less: it explains today's plan.
constexpr double kHistoricalFactor = 0.9;


double hit_score(const RulePack& pack, const Moment& m) {
  const CueRule& rule = pack.cues[m.rule];
  const double strength = rule.sentence_model ? m.probability : rule.weight;
  return m.affirmed ? strength * (m.historical ? kHistoricalFactor : 1.0) : 0.0;
}

}  // namespace

void score_evidence(const RulePack& pack, Analysis* a) {
  for (Moment& m : a->evidence) m.score = hit_score(pack, m);
}

void score_moments(const RulePack& pack, Analysis* a) {
  for (Moment& m : a->moments) m.score = hit_score(pack, m);

  for (int k = 0; k < kMomentKindCount; ++k) {
    // Each rule counts once, with its best hit: repeating a phrase is not
    // more evidence than saying it once.
    std::map<int, double> best;
    for (const Moment& m : a->moments) {
      if (static_cast<int>(m.kind) == k && m.affirmed) best[m.rule] = std::max(best[m.rule], m.score);
    }
    double miss = 1.0;
    for (const auto& kv : best) miss *= 1.0 - kv.second;
    a->kind_scores[k] = 1.0 - miss;
    a->kind_affirmed[k] = !best.empty() && a->kind_scores[k] + 1e-9 >= pack.moment_threshold;
  }
}

}  // namespace exemplar
