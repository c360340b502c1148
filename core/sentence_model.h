// The pack's sentence model, ready to read sentences: one table from each
// feature (a word or a word pair) to its weight for every moment kind.
#pragma once
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "feature_table.h"
#include "portable_math.h"
#include "rule_pack.h"
#include "taxonomy.h"
#include "text_layout.h"

namespace exemplar {

struct CompiledSentenceModel {
  bool present = false;
  double min_probability = 1.0;
  std::array<bool, kMomentKindCount> kinds{};
  std::array<double, kMomentKindCount> bias{};
  FeatureTable table;
  std::vector<std::array<double, kMomentKindCount>> weights;  // row -> weight per kind
};

CompiledSentenceModel compile_sentence_model(const SentenceModel& m);

// How many of a sentence's strongest features are kept to explain a reading.
constexpr int kModelTerms = 3;

struct SentenceReading {
  std::array<double, kMomentKindCount> probability{};
  // Per kind, the rows that pushed the probability up most, strongest first;
  // -1 where there are fewer. term_spans: where each first occurs, as byte
  // offsets into the sentence read.
  std::array<std::array<int, kModelTerms>, kMomentKindCount> terms{};
  std::array<std::array<Span, kModelTerms>, kMomentKindCount> term_spans{};
};

// Reads sentences one after another; reuse it across the sentences of a note
// (it remembers, per row, the last sentence that counted it).
class SentenceReader {
 public:
  explicit SentenceReader(const CompiledSentenceModel& model);
  SentenceReading read(std::string_view sentence);

 private:
  const CompiledSentenceModel& model_;
  std::vector<uint32_t> seen_;  // row -> number of the last sentence that counted it
  uint32_t sentence_ = 0;
};

}  // namespace exemplar
