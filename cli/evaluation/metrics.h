// Accuracy of the engine against a gold corpus, as the labelling guide
// defines it: per-kind precision/recall/F1 over notes, category top-1/top-2,
// abstention on no-moment notes, evidence overlap (of every flag, and of the
// lead flags' sentences); plus a keyword baseline (the same cue patterns, no
// context, no scoring) and every mistake with the cue and context behind it.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "engine.h"
#include "gold_corpus.h"

namespace exemplar::cli {

struct PRF {
  size_t tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp ? double(tp) / double(tp + fp) : 1.0; }
  double recall() const { return tp + fn ? double(tp) / double(tp + fn) : 1.0; }
  double f1() const {
    const double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
};

struct Mistake {
  std::string id;
  int kind = 0;
  bool false_positive = true;
  std::string detail;  // the cues and context behind it
};

struct EvalReport {
  size_t notes = 0;
  size_t failed = 0;  // notes the engine could not analyse
  std::array<PRF, kMomentKindCount> engine;
  std::array<PRF, kMomentKindCount> baseline;
  size_t with_category = 0, top1 = 0, top2 = 0;
  size_t without_moment = 0, abstained = 0;
  size_t flags = 0, flags_on_evidence = 0;
  // One lead flag per affirmed kind; its sentence is what the scan's CSV and
  // story report quote.
  size_t leads = 0, leads_on_evidence = 0;
  std::vector<Mistake> mistakes;

  double top1_rate() const { return with_category ? double(top1) / double(with_category) : 1.0; }
  double top2_rate() const { return with_category ? double(top2) / double(with_category) : 1.0; }
  double abstention_rate() const { return without_moment ? double(abstained) / double(without_moment) : 1.0; }
  double evidence_rate() const { return flags ? double(flags_on_evidence) / double(flags) : 1.0; }
  double lead_evidence_rate() const { return leads ? double(leads_on_evidence) / double(leads) : 1.0; }
};

EvalReport evaluate(const Engine& engine, const std::vector<GoldNote>& gold);

}  // namespace exemplar::cli
