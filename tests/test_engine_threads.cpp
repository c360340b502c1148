// Stage 7: one immutable engine shared by many threads
// (core/engine.h: "safe to share between threads").
#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "sha256.h"
#include "test_support.h"

namespace {

struct Outcome {
  exemplar::Code code = exemplar::Code::kOk;
  std::string json;
  bool operator==(const Outcome& o) const { return code == o.code && json == o.json; }
};

Outcome run_one(const exemplar::Engine& e, const std::string& text, size_t i) {
  // Vary the options with the note, so that every path runs concurrently.
  exemplar::AnalyzeOptions opts;
  opts.include_snippets = i % 3 != 1;
  opts.replace_invalid_utf8 = i % 2 == 0;
  const std::string id = "n" + std::to_string(i);
  Outcome o;
  const exemplar::Status st = e.analyze_json(text, opts, i % 4 == 0 ? nullptr : &id, &o.json);
  o.code = st.code;
  if (!st.ok()) o.json = st.message;
  return o;
}

// Runs every note on `threads` threads, each in its own order and several
// times, and compares each result with the single-threaded one.
void check_threads(const exemplar::Engine& e, const std::vector<std::string>& notes) {
  std::vector<Outcome> baseline;
  for (size_t i = 0; i < notes.size(); ++i) baseline.push_back(run_one(e, notes[i], i));

  constexpr int kThreads = 8;
  constexpr int kRounds = 3;
  std::vector<std::vector<Outcome>> got(kThreads, std::vector<Outcome>(notes.size()));
  std::vector<size_t> mismatches(kThreads, 0);
  std::atomic<int> ready{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < kThreads; ++t) {
    pool.emplace_back([&, t] {
      ready.fetch_add(1);
      while (ready.load() < kThreads) std::this_thread::yield();  // start together
      for (int round = 0; round < kRounds; ++round) {
        // Each thread walks all notes in its own rotation, odd threads backwards.
        const size_t offset = static_cast<size_t>(t) * 13 + static_cast<size_t>(round) * 7;
        for (size_t k = 0; k < notes.size(); ++k) {
          const size_t step = t % 2 ? notes.size() - 1 - k : k;
          const size_t i = (step + offset) % notes.size();
          Outcome o = run_one(e, notes[i], i);
          if (!(o == baseline[i])) ++mismatches[t];
          got[t][i] = std::move(o);
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  // Catch2 assertions are not thread-safe: check on this thread only.
  for (int t = 0; t < kThreads; ++t) {
    INFO("thread " << t);
    CHECK(mismatches[t] == 0);
    for (size_t i = 0; i < notes.size(); ++i) {
      if (!(got[t][i] == baseline[i])) FAIL("note " << i << " differs on thread " << t);
    }
  }
}

std::vector<std::string> mixed_notes() {
  std::vector<std::string> notes = exemplar_test::corpus_texts("dev.jsonl");
  const auto more = exemplar_test::corpus_texts("test.jsonl");
  notes.insert(notes.end(), more.begin(), more.end());
  notes.push_back("CM appealed the denial; daughter present. No family meeting needed.");
  notes.push_back("Family involved: [ ] Yes [x] No\nAdvocacy needs: none");
  notes.push_back("If the denial stands we will appeal.");
  notes.push_back("Family History:\nMaternal aunt appealed a disability denial.");
  notes.push_back("\xC0\xAF CM appealed the denial.");  // invalid UTF-8: error or repair by option
  notes.push_back("");                                   // an error on every thread
  return notes;
}

}  // namespace

TEST_CASE("threads: 8 threads sharing the unit-test engine match a single-threaded run", "[threads]") {
  const auto notes = mixed_notes();
  REQUIRE(notes.size() > 100);
  check_threads(exemplar_test::test_engine(), notes);
}

TEST_CASE("threads: 8 threads sharing the default engine match a single-threaded run", "[threads]") {
  std::unique_ptr<exemplar::Engine> e;
  const exemplar::Status st = exemplar::Engine::create_default(&e);
  INFO(st.message);
  REQUIRE(st.ok());
  check_threads(*e, mixed_notes());
}

TEST_CASE("threads: engines can be built concurrently", "[threads]") {
  constexpr int kThreads = 8;
  std::vector<std::string> sha(kThreads);
  std::vector<std::string> out(kThreads);
  std::vector<std::thread> pool;
  for (int t = 0; t < kThreads; ++t) {
    pool.emplace_back([&, t] {
      std::unique_ptr<exemplar::Engine> e;
      if (!exemplar::Engine::create_from_json(exemplar_test::kTestPack, &e).ok()) return;
      sha[t] = e->pack().sha256;
      e->analyze_json("CM appealed the denial.", {}, nullptr, &out[t]);
    });
  }
  for (auto& th : pool) th.join();
  for (int t = 0; t < kThreads; ++t) {
    CHECK(sha[t] == exemplar::sha256_hex(exemplar_test::kTestPack));
    CHECK(out[t] == out[0]);
    CHECK_FALSE(out[t].empty());
  }
}
