#include "feature_table.h"

namespace exemplar {
namespace {

bool is_word_byte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
unsigned char lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c + 32) : c; }
bool is_letter(unsigned char c) { c = lower(c); return c >= 'a' && c <= 'z'; }

// [a-z0-9]+, optionally followed by an apostrophe and [a-z]+.
bool is_model_word(std::string_view w) {
  size_t i = 0;
  while (i < w.size() && is_word_byte(static_cast<unsigned char>(w[i]))) ++i;
  if (i == 0) return false;
  if (i == w.size()) return true;
  if (w[i] != '\'' || i + 1 == w.size()) return false;
  for (size_t j = i + 1; j < w.size(); ++j) {
    if (w[j] < 'a' || w[j] > 'z') return false;
  }
  return true;
}

}  // namespace

bool next_model_word(std::string_view s, size_t* pos, std::string* word) {
  size_t i = *pos;
  while (i < s.size() && !is_word_byte(lower(static_cast<unsigned char>(s[i])))) ++i;
  if (i == s.size()) {
    *pos = i;
    return false;
  }
  word->clear();
  while (i < s.size() && is_word_byte(lower(static_cast<unsigned char>(s[i])))) {
    word->push_back(static_cast<char>(lower(static_cast<unsigned char>(s[i++]))));
  }
  if (i + 1 < s.size() && s[i] == '\'' && is_letter(static_cast<unsigned char>(s[i + 1]))) {
    word->push_back('\'');
    ++i;
    while (i < s.size() && is_letter(static_cast<unsigned char>(s[i]))) {
      word->push_back(static_cast<char>(lower(static_cast<unsigned char>(s[i++]))));
    }
  }
  *pos = i;
  return true;
}

bool is_model_feature(std::string_view f) {
  const size_t sp = f.find(' ');
  if (sp == std::string_view::npos) return is_model_word(f);
  return is_model_word(f.substr(0, sp)) && is_model_word(f.substr(sp + 1));
}

int FeatureTable::add(const std::string& feature) {
  uint64_t h = kFnvBasis;
  for (unsigned char ch : feature) h = fnv_byte(h, ch);
  const int found = find(h, [&](const std::string& f) { return f == feature; });
  if (found >= 0) return found;
  const int row = static_cast<int>(features_.size());
  features_.push_back(feature);
  if (2 * features_.size() > slots_.size()) {
    // Keep the load factor at most one half: rebuild at twice the size.
    const size_t size = slots_.empty() ? 16 : 2 * slots_.size();
    slots_.assign(size, -1);
    slot_hashes_.assign(size, 0);
    for (int r = 0; r < static_cast<int>(features_.size()); ++r) {
      uint64_t rh = kFnvBasis;
      for (unsigned char ch : features_[r]) rh = fnv_byte(rh, ch);
      place(r, rh);
    }
  } else {
    place(row, h);
  }
  return row;
}

void FeatureTable::place(int row, uint64_t hash) {
  const size_t mask = slots_.size() - 1;
  size_t i = hash & mask;
  while (slots_[i] >= 0) i = (i + 1) & mask;
  slots_[i] = row;
  slot_hashes_[i] = hash;
}

}  // namespace exemplar
