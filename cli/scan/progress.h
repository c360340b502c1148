// The progress display of a scan on standard error: records, MB, MB/s and,
// when the total input size is known (regular files only), the percentage
// and ETA. On a terminal it redraws one line five times a second; otherwise
// (--progress into a log) it prints a line every five seconds. A background
// thread reads the scan's atomic counters; it never touches the output.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace exemplar::cli::scan {

struct ProgressCounters {
  const std::atomic<uint64_t>* records_done = nullptr;  // written to the output
  const std::atomic<uint64_t>* raw_bytes = nullptr;     // read from the inputs
  const std::atomic<uint64_t>* decoded_bytes = nullptr;
  uint64_t total_raw_bytes = 0;  // 0: unknown
};

class Progress {
 public:
  Progress(ProgressCounters c, bool terminal) : c_(c), terminal_(terminal) {}
  ~Progress() { stop(); }
  void start();
  // Stops the thread and clears the line (terminal).
  void stop();

 private:
  void run();
  void draw(bool final_line);

  ProgressCounters c_;
  bool terminal_;
  std::chrono::steady_clock::time_point t0_;
  std::thread thread_;
  std::mutex m_;
  std::condition_variable cv_;
  bool stop_ = false;
  size_t last_width_ = 0;
};

// True when standard error is a terminal.
bool stderr_is_terminal();

}  // namespace exemplar::cli::scan
