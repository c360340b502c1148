// Stress: 8 threads share one engine (through the C API) over 100,000
// analyses and must produce exactly what one thread produces. Each job is a
// short note with options that vary with its index (snippets or not, repair
// or not, a size limit, some invalid or empty notes, and a context query);
// its outcome (status, then the JSON or the error message) is hashed. The
// single-threaded hashes are the reference; every job of the threaded run
// must match its own.
//
// Usage: exemplar_stress [ANALYSES [THREADS]]   (defaults 100000 and 8)
// The sanitizer builds pass a smaller count (tests/hostile/CMakeLists.txt).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "exemplar/exemplar.h"

namespace {

uint64_t fnv1a(uint64_t h, const void* data, size_t n) {
  const unsigned char* p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 0x100000001B3ull;
  return h;
}

const char* const kPhrases[] = {
    "CM appealed the denial",
    "daughter present at the family meeting",
    "pt never received the referral",
    "supervisor made an exception to the policy",
    "no appeal was needed",
    "if the denial stands we will appeal",
    "mother appealed a denial in 2019",
    "vitals stable",
    "med list reviewed",
    "will call pharmacy",
    "Family involved: [x] Yes [ ] No",
    "Advocacy needs: none",
    "PLAN",
    "son drove her to clinic",
    "not only did CM call, she also faxed the orders",
    "no longer needs an exception",
};
constexpr size_t kPhraseCount = sizeof kPhrases / sizeof *kPhrases;

std::vector<std::string> make_notes(size_t n) {
  std::vector<std::string> notes;
  uint64_t s = 12345;
  for (size_t i = 0; i < n; ++i) {
    std::string t;
    const size_t parts = 2 + i % 6;
    for (size_t k = 0; k < parts; ++k) {
      s = s * 6364136223846793005ull + 1442695040888963407ull;
      t += kPhrases[(s >> 33) % kPhraseCount];
      t += (s >> 20) % 3 == 0 ? "\n" : ". ";
    }
    if (i % 97 == 5) t.insert(t.size() / 2, "\xC0\xAF");  // invalid UTF-8: an error or a repair
    if (i % 211 == 7) t.clear();                           // empty: an error
    notes.push_back(std::move(t));
  }
  return notes;
}

uint64_t run_job(const exemplar_engine* e, const std::vector<std::string>& notes, size_t i) {
  const std::string& note = notes[i % notes.size()];
  exemplar_analyze_options o = EXEMPLAR_ANALYZE_OPTIONS_INIT;
  o.include_snippets = i % 3 != 1;
  o.replace_invalid_utf8 = i % 2 == 0;
  o.max_note_bytes = i % 17 == 3 ? 64 : 0;
  exemplar_result* r = nullptr;
  const int rc = exemplar_analyze(e, note.data(), note.size(), &o, &r);
  uint64_t h = fnv1a(0xCBF29CE484222325ull, &rc, sizeof rc);
  if (rc == EXEMPLAR_OK) {
    const char* json = nullptr;
    size_t len = 0;
    exemplar_result_json(r, &json, &len);
    h = fnv1a(h, json, len);
    const size_t n = exemplar_result_moment_count(r);
    h = fnv1a(h, &n, sizeof n);
    exemplar_result_free(r);
  } else {
    const char* msg = exemplar_last_error_message();
    h = fnv1a(h, msg, std::strlen(msg));
  }
  if (i % 10 == 0 && !note.empty()) {
    exemplar_context c = EXEMPLAR_CONTEXT_INIT;
    const size_t start = (i / 10) % note.size();
    const size_t end = start + (note.size() - start) / 2;
    const int crc = exemplar_context_of(e, note.data(), note.size(), start, end, &c);
    const int bits[4] = {crc, c.negated, c.hypothetical, c.historical};
    h = fnv1a(h, bits, sizeof bits);
    if (crc == EXEMPLAR_OK) h = fnv1a(h, c.experiencer, std::strlen(c.experiencer));
  }
  return h;
}

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  const size_t jobs = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  const int threads = argc > 2 ? std::atoi(argv[2]) : 8;
  if (jobs == 0 || threads <= 0) {
    std::fprintf(stderr, "usage: exemplar_stress [ANALYSES [THREADS]]\n");
    return 2;
  }
  exemplar_engine* e = nullptr;
  if (exemplar_engine_new_default(&e) != EXEMPLAR_OK) {
    std::fprintf(stderr, "stress: cannot build the engine: %s\n", exemplar_last_error_message());
    return 1;
  }
  const std::vector<std::string> notes = make_notes(1000);

  auto t0 = std::chrono::steady_clock::now();
  std::vector<uint64_t> reference(jobs);
  for (size_t i = 0; i < jobs; ++i) reference[i] = run_job(e, notes, i);
  const double single = since(t0);

  // Threads take jobs from a shared counter, so the interleaving differs
  // from run to run; each job is checked against its reference.
  std::vector<uint64_t> got(jobs, 0);
  std::atomic<size_t> next{0};
  std::atomic<int> ready{0};
  t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      ready.fetch_add(1);
      while (ready.load() < threads) std::this_thread::yield();
      for (size_t i; (i = next.fetch_add(1)) < jobs;) got[i] = run_job(e, notes, i);
    });
  }
  for (auto& th : pool) th.join();
  const double multi = since(t0);

  size_t mismatches = 0;
  uint64_t all_ref = 0xCBF29CE484222325ull, all_got = all_ref;
  for (size_t i = 0; i < jobs; ++i) {
    if (got[i] != reference[i]) {
      if (mismatches < 10) std::fprintf(stderr, "stress: job %zu differs from the single-threaded run\n", i);
      ++mismatches;
    }
    all_ref = fnv1a(all_ref, &reference[i], sizeof reference[i]);
    all_got = fnv1a(all_got, &got[i], sizeof got[i]);
  }
  exemplar_engine_free(e);
  std::printf("stress: %zu analyses: 1 thread %.2f s, %d threads %.2f s; hash %016llx vs %016llx; %zu mismatches\n",
              jobs, single, threads, multi, static_cast<unsigned long long>(all_ref),
              static_cast<unsigned long long>(all_got), mismatches);
  return mismatches == 0 && all_ref == all_got ? 0 : 1;
}
