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

// Each rule counts once, with its best hit: repeating a phrase is not more
// evidence than saying it once.
using BestPerRule = std::map<int, double>;

double noisy_or(const BestPerRule& best) {
  double miss = 1.0;
  for (const auto& kv : best) miss *= 1.0 - kv.second;
  return 1.0 - miss;
}

// The lead flag of an affirmed kind: the strongest hit in the sentence whose
// hits of that kind add up (noisy-or) to the most. That sentence is the
// passage a reader should see first; ties go to the earlier sentence and hit.
void mark_lead(Kind kind, Analysis* a) {
  struct Sentence {
    BestPerRule best;           // what the sentence's hits add up to
    Moment* strongest = nullptr;  // the hit to mark if the sentence wins
  };
  std::map<size_t, Sentence> sentences;  // keyed by sentence start: text order
  for (Moment& m : a->moments) {
    if (m.kind != kind || !m.affirmed) continue;
    Sentence& s = sentences[m.sentence.start];
    double& best = s.best[m.rule];
    best = std::max(best, m.score);
    Moment* top = s.strongest;
    if (!top || m.score > top->score || (m.score == top->score && m.span.start < top->span.start)) s.strongest = &m;
  }
  Moment* lead = nullptr;
  double lead_score = -1.0;
  for (const auto& [start, s] : sentences) {
    const double score = noisy_or(s.best);
    if (score > lead_score + 1e-9) {
      lead_score = score;
      lead = s.strongest;
    }
  }
  if (lead) lead->lead = true;
}

}  // namespace

void score_evidence(const RulePack& pack, Analysis* a) {
  for (Moment& m : a->evidence) m.score = hit_score(pack, m);
}

void score_moments(const RulePack& pack, Analysis* a) {
  for (Moment& m : a->moments) m.score = hit_score(pack, m);

  for (int k = 0; k < kMomentKindCount; ++k) {
    BestPerRule best;
    for (const Moment& m : a->moments) {
      if (static_cast<int>(m.kind) == k && m.affirmed) best[m.rule] = std::max(best[m.rule], m.score);
    }
    a->kind_scores[k] = noisy_or(best);
    a->kind_affirmed[k] = !best.empty() && a->kind_scores[k] + 1e-9 >= pack.moment_threshold;
    if (a->kind_affirmed[k]) mark_lead(static_cast<Kind>(k), a);
  }
}

}  // namespace exemplar
