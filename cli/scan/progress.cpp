#include "scan/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>

namespace exemplar::cli::scan {

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) != 0; }

void Progress::start() {
  t0_ = std::chrono::steady_clock::now();
  thread_ = std::thread([this] { run(); });
}

void Progress::stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lk(m_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  if (terminal_ && last_width_) {
    std::fprintf(stderr, "\r%*s\r", static_cast<int>(last_width_), "");
    std::fflush(stderr);
  }
}

void Progress::run() {
  const auto period = terminal_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(5000);
  std::unique_lock<std::mutex> lk(m_);
  while (!cv_.wait_for(lk, period, [this] { return stop_; })) draw(false);
}

void Progress::draw(bool) {
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
  const uint64_t recs = c_.records_done ? c_.records_done->load(std::memory_order_relaxed) : 0;
  const uint64_t dec = c_.decoded_bytes ? c_.decoded_bytes->load(std::memory_order_relaxed) : 0;
  const uint64_t raw = c_.raw_bytes ? c_.raw_bytes->load(std::memory_order_relaxed) : 0;
  const double mb = static_cast<double>(dec) / 1e6;
  const double mbs = secs > 0 ? mb / secs : 0;
  char buf[256];
  int n = std::snprintf(buf, sizeof buf, "scan: %llu records, %.1f MB, %.1f MB/s, %.0f notes/s",
                        static_cast<unsigned long long>(recs), mb, mbs, secs > 0 ? static_cast<double>(recs) / secs : 0.0);
  std::string line(buf, n > 0 ? static_cast<size_t>(n) : 0);
  if (c_.total_raw_bytes && raw > 0) {
    const double frac = std::min(1.0, static_cast<double>(raw) / static_cast<double>(c_.total_raw_bytes));
    const int width = 20;
    const int filled = static_cast<int>(frac * width);
    std::string bar = " [" + std::string(static_cast<size_t>(filled), '#') + std::string(static_cast<size_t>(width - filled), '.') + "]";
    const double eta = frac > 0 ? secs * (1 - frac) / frac : 0;
    n = std::snprintf(buf, sizeof buf, "%s %3.0f%% ETA %d:%02d", bar.c_str(), frac * 100, static_cast<int>(eta) / 60,
                      static_cast<int>(eta) % 60);
    line.append(buf, n > 0 ? static_cast<size_t>(n) : 0);
  }
  if (terminal_) {
    const size_t w = line.size();
    if (w < last_width_) line.append(last_width_ - w, ' ');
    last_width_ = w;
    std::fprintf(stderr, "\r%s", line.c_str());
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  std::fflush(stderr);
}

}  // namespace exemplar::cli::scan
