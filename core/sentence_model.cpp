#include "sentence_model.h"

namespace exemplar {
namespace {

// Inserts (row, w, span) into the strongest-first lists if it ranks.
void keep_top(std::array<int, kModelTerms>* top, std::array<double, kModelTerms>* val,
              std::array<Span, kModelTerms>* spans, int row, double w, Span span) {
  if (w <= 0.0) return;
  for (int i = 0; i < kModelTerms; ++i) {
    if ((*top)[i] < 0 || w > (*val)[i]) {
      for (int j = kModelTerms - 1; j > i; --j) {
        (*top)[j] = (*top)[j - 1];
        (*val)[j] = (*val)[j - 1];
        (*spans)[j] = (*spans)[j - 1];
      }
      (*top)[i] = row;
      (*val)[i] = w;
      (*spans)[i] = span;
      return;
    }
  }
}

}  // namespace

CompiledSentenceModel compile_sentence_model(const SentenceModel& m) {
  CompiledSentenceModel c;
  c.present = m.present();
  c.min_probability = m.min_probability;
  for (int k = 0; k < kMomentKindCount; ++k) {
    const SentenceModelKind& mk = m.kinds[k];
    c.kinds[k] = mk.present;
    c.bias[k] = mk.bias;
    for (const auto& fw : mk.weights) {
      const int row = c.table.add(fw.first);
      if (row == static_cast<int>(c.weights.size())) c.weights.push_back({});
      c.weights[row][k] = fw.second;
    }
  }
  return c;
}

SentenceReader::SentenceReader(const CompiledSentenceModel& model) : model_(model), seen_(model.table.size(), 0) {}

SentenceReading SentenceReader::read(std::string_view sentence) {
  ++sentence_;
  std::array<double, kMomentKindCount> z = model_.bias;
  SentenceReading out;
  std::array<std::array<double, kModelTerms>, kMomentKindCount> top_val{};
  for (auto& t : out.terms) t.fill(-1);
  // Each feature counts once per sentence, as in training; sums run in text
  // order, so the result is the same bits on every run.
  model_.table.for_each(sentence, [&](int row, Span span) {
    if (seen_[row] == sentence_) return;
    seen_[row] = sentence_;
    const auto& w = model_.weights[row];
    for (int k = 0; k < kMomentKindCount; ++k) {
      z[k] += w[k];
      keep_top(&out.terms[k], &top_val[k], &out.term_spans[k], row, w[k], span);
    }
  });
  for (int k = 0; k < kMomentKindCount; ++k) out.probability[k] = model_.kinds[k] ? logistic(z[k]) : 0.0;
  return out;
}

}  // namespace exemplar
