// exemplar_bench_linear: is analysis time linear in the note's length?
// Analyses one synthetic note of each size (default 1, 10 and 100 MB, from
// bench/note_generator) with the default engine and prints the time per MB;
// flat figures across sizes mean linear time. A figure, not a test.
//
// Usage: exemplar_bench_linear [--sizes 1,10,100] [--reps R] [--seed S] [--no-snippets]
// MB = 10^6 bytes. Each size's time is the median of R runs (default 3; one
// run for notes of 50 MB and more). Memory: the process's peak resident set
// after each size, and that peak above the baseline (engine built, no note)
// per MB of note, which stays flat when memory is linear; with the sizes in
// ascending order (the default), each peak is the largest note's.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "engine.h"
#include "bench_stats.h"
#include "note_generator.h"

using exemplar::bench::median;

namespace {

const char kUsage[] =
    "Usage: exemplar_bench_linear [--sizes 1,10,100] [--reps R] [--seed S] [--no-snippets]\n"
    "Time per MB of Engine::analyze_json on one synthetic note of each size (MB = 10^6 bytes).\n";

}  // namespace

// Peak resident set size of this process so far, in MB.
double peak_rss_mb() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;  // Linux: KiB
}

int main(int argc, char** argv) {
  std::vector<double> sizes = {1, 10, 100};
  int reps = 3;
  uint64_t seed = 7;
  bool snippets = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--sizes" && has_value) {
      sizes.clear();
      std::stringstream ss(argv[++i]);
      for (std::string part; std::getline(ss, part, ',');) {
        const double v = std::strtod(part.c_str(), nullptr);
        if (v > 0) sizes.push_back(v);
      }
    } else if (a == "--reps" && has_value) {
      reps = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--seed" && has_value) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--no-snippets") {
      snippets = false;
    } else {
      std::fputs(kUsage, a == "--help" || a == "-h" ? stdout : stderr);
      return a == "--help" || a == "-h" ? 0 : 2;
    }
  }
  if (sizes.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  std::unique_ptr<exemplar::Engine> engine;
  const exemplar::Status st = exemplar::Engine::create_default(&engine);
  if (!st.ok()) {
    std::fprintf(stderr, "exemplar_bench_linear: %s\n", st.message.c_str());
    return 1;
  }
  exemplar::AnalyzeOptions opts;
  opts.include_snippets = snippets;
  const double base_rss = peak_rss_mb();
  std::printf("%10s %10s %12s %10s %10s %10s %10s %14s\n", "note_MB", "seconds", "s_per_MB", "MB_per_s", "moments",
              "vs_first", "peak_MB", "peak_MB_per_MB");
  double first = 0;
  for (double mb : sizes) {
    exemplar::bench::Rng rng(seed);
    const std::string note = exemplar::bench::generate_note(rng, static_cast<size_t>(mb * 1e6));
    const int runs = mb >= 50 ? 1 : reps;
    std::vector<double> times;
    size_t moments = 0;
    for (int r = 0; r < runs; ++r) {
      std::string json;
      exemplar::Analysis a;
      const auto t0 = std::chrono::steady_clock::now();
      const exemplar::Status s = engine->analyze_json(note, opts, nullptr, &json, &a);
      times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      if (!s.ok()) {
        std::fprintf(stderr, "exemplar_bench_linear: %s\n", s.message.c_str());
        return 1;
      }
      moments = a.moments.size();
    }
    const double t = median(times);
    const double real_mb = static_cast<double>(note.size()) / 1e6;
    const double per_mb = t / real_mb;
    if (first == 0) first = per_mb;
    const double peak = peak_rss_mb();
    std::printf("%10.1f %10.3f %12.4f %10.2f %10zu %9.2fx %10.1f %14.2f\n", real_mb, t, per_mb, real_mb / t, moments,
                per_mb / first, peak, (peak - base_rss) / real_mb);
    std::fflush(stdout);
  }
  return 0;
}
