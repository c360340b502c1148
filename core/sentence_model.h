// The pack's sentence model, ready to read sentences: one table from each
// feature (a word or a word pair) to its weight for every moment kind.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rule_pack.h"
#include "taxonomy.h"
#include "text_layout.h"

namespace exemplar {

struct CompiledSentenceModel {
  bool present = false;
  double min_probability = 1.0;
  std::array<bool, kMomentKindCount> kinds{};
  std::array<double, kMomentKindCount> bias{};
  std::vector<std::string> features;  // row -> feature text
  std::vector<std::array<double, kMomentKindCount>> weights;  // row -> weight per kind
  // Feature -> row, open addressing on a 64-bit FNV-1a hash: a word pair is
  // hashed by carrying on from its first word's hash, with no string built.
  std::vector<int> slots;  // row, or -1; size a power of two
  std::vector<uint64_t> slot_hashes;

  // The row of the feature with this hash whose text `equals` accepts, or -1.
  template <typename Equals>
  int find(uint64_t hash, Equals&& equals) const {
    if (slots.empty()) return -1;
    const size_t mask = slots.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      const int row = slots[i];
      if (row < 0) return -1;
      if (slot_hashes[i] == hash && equals(features[row])) return row;
    }
  }
};

// FNV-1a, 64 bits: start from kFnvBasis, fold in bytes one by one.
constexpr uint64_t kFnvBasis = 1469598103934665603ull;
inline uint64_t fnv_byte(uint64_t h, unsigned char c) { return (h ^ c) * 1099511628211ull; }

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

// The logistic function, computed with + - * / only, so that every platform
// (x86-64, WebAssembly) gives the same bits: byte-identical output must not
// depend on which libm is linked.
double logistic(double z);

}  // namespace exemplar
