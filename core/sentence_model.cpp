#include "sentence_model.h"

#include <cmath>

namespace exemplar {
namespace {

bool is_word_byte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
unsigned char lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c + 32) : c; }
bool is_letter(unsigned char c) { c = lower(c); return c >= 'a' && c <= 'z'; }

// The next word at or after *pos, lowered into *word: [a-z0-9]+ with an
// optional apostrophe-and-letters suffix; other bytes (UTF-8 included)
// separate words. The trainer's regex is the same.
bool next_word(std::string_view s, size_t* pos, std::string* word) {
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

// e^x by range reduction to |r| <= ln2/2 and a Taylor series: exact IEEE
// operations only. Relative error about 1e-16, far below the 3 decimals shown.
double exp_portable(double x) {
  if (x > 700.0) x = 700.0;
  if (x < -700.0) x = -700.0;
  constexpr double kLn2 = 0.6931471805599453;
  const double n = std::floor(x / kLn2 + 0.5);
  const double r = x - n * kLn2;
  double term = 1.0, sum = 1.0;
  for (int i = 1; i <= 18; ++i) {
    term = term * r / i;
    sum += term;
  }
  return std::ldexp(sum, static_cast<int>(n));
}

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

double logistic(double z) { return 1.0 / (1.0 + exp_portable(-z)); }

CompiledSentenceModel compile_sentence_model(const SentenceModel& m) {
  CompiledSentenceModel c;
  c.present = m.present();
  c.min_probability = m.min_probability;
  size_t total = 0;
  for (const auto& mk : m.kinds) total += mk.weights.size();
  size_t size = 16;
  while (size < 2 * total) size *= 2;  // load factor at most one half
  c.slots.assign(size, -1);
  c.slot_hashes.assign(size, 0);
  for (int k = 0; k < kMomentKindCount; ++k) {
    const SentenceModelKind& mk = m.kinds[k];
    c.kinds[k] = mk.present;
    c.bias[k] = mk.bias;
    for (const auto& fw : mk.weights) {
      uint64_t h = kFnvBasis;
      for (unsigned char ch : fw.first) h = fnv_byte(h, ch);
      int row = c.find(h, [&](const std::string& f) { return f == fw.first; });
      if (row < 0) {
        row = static_cast<int>(c.features.size());
        c.features.push_back(fw.first);
        c.weights.push_back({});
        size_t i = h & (size - 1);
        while (c.slots[i] >= 0) i = (i + 1) & (size - 1);
        c.slots[i] = row;
        c.slot_hashes[i] = h;
      }
      c.weights[row][k] = fw.second;
    }
  }
  return c;
}

SentenceReader::SentenceReader(const CompiledSentenceModel& model) : model_(model), seen_(model.features.size(), 0) {}

SentenceReading SentenceReader::read(std::string_view sentence) {
  ++sentence_;
  std::array<double, kMomentKindCount> z = model_.bias;
  SentenceReading out;
  std::array<std::array<double, kModelTerms>, kMomentKindCount> top_val{};
  for (auto& t : out.terms) t.fill(-1);
  // Each feature counts once per sentence, as in training; sums run in text
  // order, so the result is the same bits on every run.
  auto count = [&](int row, Span span) {
    if (row < 0 || seen_[row] == sentence_) return;
    seen_[row] = sentence_;
    const auto& w = model_.weights[row];
    for (int k = 0; k < kMomentKindCount; ++k) {
      z[k] += w[k];
      keep_top(&out.terms[k], &top_val[k], &out.term_spans[k], row, w[k], span);
    }
  };
  std::string word, previous;
  uint64_t previous_hash = 0;
  size_t pos = 0, previous_start = 0;
  while (next_word(sentence, &pos, &word)) {
    const size_t start = pos - word.size();
    uint64_t h = kFnvBasis;
    for (unsigned char ch : word) h = fnv_byte(h, ch);
    count(model_.find(h, [&](const std::string& f) { return f == word; }), Span{start, pos});
    if (!previous.empty()) {
      // "previous word": carry on from the first word's hash.
      uint64_t ph = fnv_byte(previous_hash, ' ');
      for (unsigned char ch : word) ph = fnv_byte(ph, ch);
      const int row = model_.find(ph, [&](const std::string& f) {
        return f.size() == previous.size() + 1 + word.size() && f.compare(0, previous.size(), previous) == 0 &&
               f[previous.size()] == ' ' && f.compare(previous.size() + 1, word.size(), word) == 0;
      });
      count(row, Span{previous_start, pos});
    }
    previous.swap(word);
    previous_hash = h;
    previous_start = start;
  }
  for (int k = 0; k < kMomentKindCount; ++k) out.probability[k] = model_.kinds[k] ? logistic(z[k]) : 0.0;
  return out;
}

}  // namespace exemplar
