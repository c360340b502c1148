#include "categorizer.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace exemplar {
namespace {

struct Contribution {
  double amount = 0.0;
  std::string label;  // for the rationale
  size_t order = 0;   // text position, for stable ordering
};

constexpr double kRepeatDecay = 0.5;
constexpr double kNearMomentBoost = 1.5;

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

}  // namespace

void categorize(const RulePack& pack, std::string_view text, bool quote_text, const CategoryWeights* model,
                Analysis* a) {
  CategoryResult& out = a->category;
  out = CategoryResult{};
  bool any = false;
  for (bool k : a->kind_affirmed) any = any || k;
  if (!any) return;

  std::array<std::vector<Contribution>, kCategoryCount> contrib;
  for (int k = 0; k < kMomentKindCount; ++k) {
    if (!a->kind_affirmed[k]) continue;
    for (int c = 0; c < kCategoryCount; ++c) {
      const double w = pack.kind_categories[k][c];
      if (w > 0) contrib[c].push_back({w, std::string("kind ") + kind_id(static_cast<Kind>(k)), 0});
    }
  }
  // Sentences holding an affirmed moment: the story's turning point is there,
  // so category evidence in them counts for more.
  std::vector<size_t> moment_sentences;  // their starts, sorted, for binary search
  for (const Moment& m : a->moments) {
    if (m.affirmed && a->kind_affirmed[static_cast<int>(m.kind)]) moment_sentences.push_back(m.sentence.start);
  }
  std::sort(moment_sentences.begin(), moment_sentences.end());
  auto near_moment = [&](const Moment& m) {
    return std::binary_search(moment_sentences.begin(), moment_sentences.end(), m.sentence.start);
  };
  // Each rule's hits, strongest first; the i-th adds its weight times
  // kRepeatDecay^i, so repeated evidence counts, with diminishing returns.
  std::map<int, std::vector<std::pair<double, const Moment*>>> by_rule;
  auto consider = [&](const Moment& m) {
    if (!m.affirmed) return;
    if (m.kind != Kind::kEvidence && !a->kind_affirmed[static_cast<int>(m.kind)]) return;
    const double w = m.kind == Kind::kEvidence && near_moment(m) ? m.score * kNearMomentBoost : m.score;
    by_rule[m.rule].push_back({w, &m});
  };
  for (const Moment& m : a->moments) consider(m);
  for (const Moment& m : a->evidence) consider(m);
  for (auto& kv : by_rule) {
    auto& hits = kv.second;
    std::stable_sort(hits.begin(), hits.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
    double total = 0.0, factor = 1.0;
    for (const auto& h : hits) {
      total += h.first * factor;
      factor *= kRepeatDecay;
    }
    const Moment& m = *hits.front().second;
    const CueRule& rule = pack.cues[m.rule];
    std::string label = rule.id;
    if (quote_text) label = "\"" + std::string(text.substr(m.span.start, m.span.end - m.span.start)) + "\" (" + rule.id + ")";
    if (hits.size() > 1) label += " x" + std::to_string(hits.size());
    for (int c = 0; c < kCategoryCount; ++c) {
      if (rule.categories[c] > 0) contrib[c].push_back({total * rule.categories[c], label, m.span.start + 1});
    }
  }

  std::array<double, kCategoryCount> raw{};
  double total = 0.0;
  for (int c = 0; c < kCategoryCount; ++c) {
    for (const Contribution& x : contrib[c]) raw[c] += x.amount;
    total += raw[c];
  }
  // Contributions become shares of the final score, so the rationale's
  // figures add up to it; the category model is one more contribution.
  const double rules_share = model ? 1.0 - pack.category_model.share : 1.0;
  for (int c = 0; c < kCategoryCount; ++c) {
    for (Contribution& x : contrib[c]) x.amount = total > 0 ? x.amount * rules_share / total : 0.0;
  }
  out.present = true;
  for (int c = 0; c < kCategoryCount; ++c) {
    double score = rules_share * (total > 0 ? raw[c] / total : 1.0 / kCategoryCount);
    if (model) {
      const double m = pack.category_model.share * (*model)[c];
      score += m;
      if (m > 0) contrib[c].push_back({m, "category model", 0});
    }
    out.ranking.push_back({c, score});
  }
  // Ties keep the guide's table order (stable sort on the category index).
  std::stable_sort(out.ranking.begin(), out.ranking.end(),
                   [](const CategoryScore& x, const CategoryScore& y) { return x.score > y.score + 1e-12; });

  const int top = out.ranking[0].category;
  auto& parts = contrib[top];
  std::stable_sort(parts.begin(), parts.end(), [](const Contribution& x, const Contribution& y) {
    if (x.amount != y.amount) return x.amount > y.amount;
    return x.order < y.order;
  });
  std::string why = std::string(category_id(top)) + " leads with " + fmt(out.ranking[0].score);
  if (out.ranking.size() > 1) why += " over " + std::string(category_id(out.ranking[1].category)) + " " + fmt(out.ranking[1].score);
  if (!parts.empty()) {
    why += ": ";
    for (size_t i = 0; i < parts.size() && i < 3; ++i) {
      if (i) why += "; ";
      why += parts[i].label + " +" + fmt(parts[i].amount);
    }
  } else {
    why += ": no category evidence, default order";
  }
  out.rationale = why;
}

}  // namespace exemplar
