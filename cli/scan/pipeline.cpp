#include "scan/pipeline.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace exemplar::cli::scan {
namespace {

struct Batch {
  uint64_t seq = 0;
  std::vector<Record> records;
  std::vector<RecordResult> results;
};

class Pipeline {
 public:
  Pipeline(RecordReader& reader, const RecordProcessor& proc, const PipelineOptions& opts)
      : reader_(reader), proc_(proc), opts_(opts) {
    if (opts_.threads == 0) opts_.threads = 1;
    if (opts_.in_flight == 0) opts_.in_flight = 2 * static_cast<size_t>(opts_.threads) + 2;
  }

  Failure run(const std::function<Failure(RecordResult&)>& sink, const std::function<void()>& idle) {
    std::thread reader([this] { read_loop(); });
    std::vector<std::thread> workers;
    for (unsigned i = 0; i < opts_.threads; ++i) workers.emplace_back([this] { work_loop(); });
    Failure out;
    try {
      out = write_loop(sink, idle);
    } catch (const std::exception& e) {
      out = {kExitIo, std::string("internal error while writing: ") + e.what()};
    }
    if (!out.ok()) stop();
    reader.join();
    for (std::thread& t : workers) t.join();
    if (!out.ok()) return out;
    if (!worker_failure_.ok()) return worker_failure_;
    return reader_failure_;
  }

 private:
  void stop() {
    std::lock_guard<std::mutex> lk(m_);
    stop_ = true;
    cancel_.store(true);
    cv_reader_.notify_all();
    cv_workers_.notify_all();
    cv_writer_.notify_all();
  }

  // Hands the current batch on; false when the scan is stopping.
  bool push(std::unique_ptr<Batch>& b) {
    std::unique_lock<std::mutex> lk(m_);
    cv_reader_.wait(lk, [this] { return stop_ || in_flight_ < opts_.in_flight; });
    if (stop_) return false;
    ++in_flight_;
    b->seq = next_seq_++;
    work_.push_back(std::move(b));
    cv_workers_.notify_one();
    b.reset(new Batch());
    return true;
  }

  void read_loop() {
    Failure failure;
    try {
      read_batches();
      failure = reader_.failure();
    } catch (const std::exception& e) {
      failure = {kExitIo, std::string("internal error while reading: ") + e.what()};
    }
    reader_.set_before_block(nullptr);
    std::lock_guard<std::mutex> lk(m_);
    reader_failure_ = failure;
    reader_done_ = true;
    cv_workers_.notify_all();
    cv_writer_.notify_all();
  }

  void read_batches() {
    reader_.set_cancel_flag(&cancel_);
    std::unique_ptr<Batch> cur(new Batch());
    size_t bytes = 0;
    bool ok = true;
    // Before a read that would block, hand on what we have: a pipe gets its
    // answers without waiting for a full batch.
    reader_.set_before_block([&] {
      if (ok && !cur->records.empty()) {
        ok = push(cur);
        bytes = 0;
      }
    });
    Record r;
    while (ok && reader_.next(&r)) {
      bytes += r.data.size() + 64;
      cur->records.push_back(std::move(r));
      r = Record();
      if (cur->records.size() >= opts_.batch_records || bytes >= opts_.batch_bytes) {
        ok = push(cur);
        bytes = 0;
      }
    }
    if (ok && !cur->records.empty()) push(cur);
  }

  void work_loop() {
    for (;;) {
      std::unique_ptr<Batch> b;
      {
        std::unique_lock<std::mutex> lk(m_);
        cv_workers_.wait(lk, [this] { return stop_ || !work_.empty() || reader_done_; });
        if (stop_ || work_.empty()) return;
        b = std::move(work_.front());
        work_.pop_front();
      }
      try {
        b->results.resize(b->records.size());
        for (size_t i = 0; i < b->records.size(); ++i) proc_.process(b->records[i], &b->results[i]);
        std::vector<Record>().swap(b->records);
      } catch (const std::exception& e) {
        // Only allocation can fail here (process() reports its own errors).
        // The batch is lost, so the scan stops: the writer would wait forever.
        std::lock_guard<std::mutex> lk(m_);
        if (worker_failure_.ok()) worker_failure_ = {kExitIo, std::string("internal error in a worker: ") + e.what()};
        stop_ = true;
        cancel_.store(true);
        cv_reader_.notify_all();
        cv_workers_.notify_all();
        cv_writer_.notify_all();
        return;
      }
      std::lock_guard<std::mutex> lk(m_);
      done_[b->seq] = std::move(b);
      cv_writer_.notify_one();
    }
  }

  Failure write_loop(const std::function<Failure(RecordResult&)>& sink, const std::function<void()>& idle) {
    uint64_t next = 0;
    for (;;) {
      std::unique_ptr<Batch> b;
      {
        std::unique_lock<std::mutex> lk(m_);
        for (;;) {
          auto it = done_.find(next);
          if (it != done_.end()) {
            b = std::move(it->second);
            done_.erase(it);
            break;
          }
          if (reader_done_ && next == next_seq_) return {};
          if (stop_) return {};
          lk.unlock();
          idle();  // nothing to write just now: flush what was written
          lk.lock();
          cv_writer_.wait(lk, [&] { return stop_ || done_.count(next) || (reader_done_ && next == next_seq_); });
        }
      }
      for (RecordResult& res : b->results) {
        Failure f = sink(res);
        if (!f.ok()) return f;
      }
      ++next;
      std::lock_guard<std::mutex> lk(m_);
      --in_flight_;
      cv_reader_.notify_one();
    }
  }

  RecordReader& reader_;
  const RecordProcessor& proc_;
  PipelineOptions opts_;

  std::mutex m_;
  std::condition_variable cv_reader_, cv_workers_, cv_writer_;
  std::deque<std::unique_ptr<Batch>> work_;
  std::map<uint64_t, std::unique_ptr<Batch>> done_;
  size_t in_flight_ = 0;
  uint64_t next_seq_ = 0;
  bool reader_done_ = false;
  bool stop_ = false;
  std::atomic<bool> cancel_{false};
  Failure reader_failure_;
  Failure worker_failure_;
};

}  // namespace

Failure run_pipeline(RecordReader& reader, const RecordProcessor& proc, const PipelineOptions& opts,
                     const std::function<Failure(RecordResult&)>& sink, const std::function<void()>& idle) {
  Pipeline p(reader, proc, opts);
  return p.run(sink, idle);
}

}  // namespace exemplar::cli::scan
