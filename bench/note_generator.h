// Synthetic case-management notes for benchmarking: composed from a bank of
// sentence templates (routine lines, abbreviations, form lines with
// checkboxes, SOAP headings, cue-bearing sentences for the four moment kinds
// and their negated, hypothetical and historical variants). Deterministic for
// a given seed on every platform (own PRNG, no <random> distributions).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace exemplar::bench {

// splitmix64: small, fast, and the same sequence everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return n ? static_cast<size_t>(next() % n) : 0; }
  double unit() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }  // [0, 1)
  bool chance(double p) { return unit() < p; }

 private:
  uint64_t state_;
};

struct NoteSetOptions {
  uint64_t seed = 1;
  size_t total_bytes = 20000000;  // the set holds at least this many bytes
  size_t min_note_bytes = 100;    // note lengths are log-uniform in [min, max]
  size_t max_note_bytes = 20000;
};

// One note of roughly `target_bytes` (never much shorter, at most one
// sentence longer).
std::string generate_note(Rng& rng, size_t target_bytes);

// Notes until their total reaches opts.total_bytes.
std::vector<std::string> generate_notes(const NoteSetOptions& opts);

}  // namespace exemplar::bench
