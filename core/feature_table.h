// What the pack's learned models read: the words and word pairs of a text,
// and a table from such features to rows of weights. Words are runs of ASCII
// letters and digits, lowered, with an optional apostrophe suffix
// ("didn't"); every other byte (UTF-8 included) separates words. The
// trainers in tests/accuracy/ tokenize the same way.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text_layout.h"

namespace exemplar {

// FNV-1a, 64 bits: start from kFnvBasis, fold in bytes one by one.
constexpr uint64_t kFnvBasis = 1469598103934665603ull;
inline uint64_t fnv_byte(uint64_t h, unsigned char c) { return (h ^ c) * 1099511628211ull; }

// The next word at or after *pos, lowered into *word; false at the end.
bool next_model_word(std::string_view text, size_t* pos, std::string* word);

// True for "word" or "word word" as next_model_word makes them: anything else
// could never be seen, so a pack that weighs it is refused.
bool is_model_feature(std::string_view feature);

// Feature -> row, open addressing on FNV-1a hashes: a word pair is hashed by
// carrying on from its first word's hash, so no pair string is built.
class FeatureTable {
 public:
  // The row of `feature`, added as the next row if it is new.
  int add(const std::string& feature);
  size_t size() const { return features_.size(); }
  const std::string& feature(int row) const { return features_[row]; }

  // Calls fn(row, span) for every word and word pair of `text` in the table,
  // in text order, repeats included; span is where it lies in `text`.
  template <typename Fn>
  void for_each(std::string_view text, Fn&& fn) const;

 private:
  template <typename Equals>
  int find(uint64_t hash, Equals&& equals) const {
    if (slots_.empty()) return -1;
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      const int row = slots_[i];
      if (row < 0) return -1;
      if (slot_hashes_[i] == hash && equals(features_[row])) return row;
    }
  }
  void place(int row, uint64_t hash);

  std::vector<std::string> features_;  // row -> feature text
  std::vector<int> slots_;             // row, or -1; size a power of two
  std::vector<uint64_t> slot_hashes_;
};

template <typename Fn>
void FeatureTable::for_each(std::string_view text, Fn&& fn) const {
  std::string word, previous;
  uint64_t previous_hash = 0;
  size_t pos = 0, previous_start = 0;
  while (next_model_word(text, &pos, &word)) {
    const size_t start = pos - word.size();
    uint64_t h = kFnvBasis;
    for (unsigned char ch : word) h = fnv_byte(h, ch);
    const int row = find(h, [&](const std::string& f) { return f == word; });
    if (row >= 0) fn(row, Span{start, pos});
    if (!previous.empty()) {
      // "previous word": carry on from the first word's hash.
      uint64_t ph = fnv_byte(previous_hash, ' ');
      for (unsigned char ch : word) ph = fnv_byte(ph, ch);
      const int pair = find(ph, [&](const std::string& f) {
        return f.size() == previous.size() + 1 + word.size() && f.compare(0, previous.size(), previous) == 0 &&
               f[previous.size()] == ' ' && f.compare(previous.size() + 1, word.size(), word) == 0;
      });
      if (pair >= 0) fn(pair, Span{previous_start, pos});
    }
    previous.swap(word);
    previous_hash = h;
    previous_start = start;
  }
}

}  // namespace exemplar
