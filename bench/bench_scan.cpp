// exemplar_bench_scan: throughput and memory of `exemplar scan` on big
// archives. Run by hand (it takes minutes; it is not a ctest test):
//
//   build/bench/exemplar_bench_scan            # 1 GB and 0.25 GB archives
//   build/bench/exemplar_bench_scan --gb 2 --threads 1,2,4
//
// It writes JSON Lines archives of synthetic notes (bench/note_generator: 100 B
// to 20 KB, log-uniform) into a temporary directory, then runs the exemplar
// binary as a child process on each, at each thread count, with the output
// going to /dev/null (or --output-file), and reports wall time, MB/s and
// notes/s (MB = 10^6 bytes of archive), the scaling from the first thread
// count to the others, and the peak resident memory of the child (getrusage
// ru_maxrss via wait4). Peak memory at the small and the large archive shows
// whether memory grows with the archive (it must not: the scan streams).
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "json_writer.h"
#include "note_generator.h"

#ifndef EXEMPLAR_CLI_PATH
#define EXEMPLAR_CLI_PATH "exemplar"
#endif

namespace {

const char kUsage[] =
    "Usage: exemplar_bench_scan [--gb G] [--small-gb S] [--threads 1,2] [--exe PATH] [--tmp DIR]\n"
    "                           [--seed N] [--output-file] [--keep]\n"
    "\n"
    "  --gb G          size of the large archive in GB (10^9 bytes; default 1)\n"
    "  --small-gb S    size of the small archive (default 0.25; 0 = none)\n"
    "  --threads LIST  thread counts to run, comma-separated (default 1,2)\n"
    "  --exe PATH      the exemplar binary (default: the one built beside this bench)\n"
    "  --tmp DIR       where the archives go (default $TMPDIR or /tmp)\n"
    "  --seed N        generator seed (default 1)\n"
    "  --output-file   write the scan's JSON Lines to a file in DIR instead of /dev/null\n"
    "  --keep          keep the archives\n";

struct Args {
  double gb = 1.0;
  double small_gb = 0.25;
  std::vector<unsigned> threads{1, 2};
  std::string exe = EXEMPLAR_CLI_PATH;
  std::string tmp;
  uint64_t seed = 1;
  bool output_file = false;
  bool keep = false;
};

struct Archive {
  std::string path;
  uint64_t bytes = 0;
  uint64_t notes = 0;
};

struct Run {
  double gb = 0;
  unsigned threads = 0;
  double secs = 0;
  double mb_s = 0;
  double notes_s = 0;
  double cpu_secs = 0;  // user + system time of the child
  long max_rss_kb = 0;
  int status = 0;
};

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

bool parse_args(int argc, char** argv, Args* a) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "exemplar_bench_scan: %s needs a value\n", arg.c_str());
        return false;
      }
      *out = argv[++i];
      return true;
    };
    std::string v;
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else if (arg == "--keep") {
      a->keep = true;
    } else if (arg == "--output-file") {
      a->output_file = true;
    } else if (arg == "--gb" || arg == "--small-gb" || arg == "--seed") {
      if (!value(&v)) return false;
      char* end = nullptr;
      const double d = std::strtod(v.c_str(), &end);
      if (v.empty() || *end || d < 0 || (arg == "--gb" && d <= 0)) {
        std::fprintf(stderr, "exemplar_bench_scan: bad %s '%s'\n", arg.c_str(), v.c_str());
        return false;
      }
      if (arg == "--gb") a->gb = d;
      else if (arg == "--small-gb") a->small_gb = d;
      else a->seed = static_cast<uint64_t>(d);
    } else if (arg == "--threads") {
      if (!value(&v)) return false;
      a->threads.clear();
      size_t pos = 0;
      while (pos <= v.size()) {
        const size_t comma = v.find(',', pos);
        const std::string item = v.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        const long n = std::strtol(item.c_str(), nullptr, 10);
        if (n <= 0) {
          std::fprintf(stderr, "exemplar_bench_scan: bad --threads '%s'\n", v.c_str());
          return false;
        }
        a->threads.push_back(static_cast<unsigned>(n));
        if (comma == std::string::npos) break;
        pos = comma + 1;
      }
    } else if (arg == "--exe") {
      if (!value(&a->exe)) return false;
    } else if (arg == "--tmp") {
      if (!value(&a->tmp)) return false;
    } else {
      std::fprintf(stderr, "exemplar_bench_scan: unknown option '%s'\n%s", arg.c_str(), kUsage);
      return false;
    }
  }
  return true;
}

// Streams notes into a JSON Lines file until it holds `bytes` bytes.
bool write_archive(const std::string& path, uint64_t bytes, uint64_t seed, Archive* out) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) {
    std::fprintf(stderr, "exemplar_bench_scan: cannot write %s: %s\n", path.c_str(), std::strerror(errno));
    return false;
  }
  exemplar::bench::Rng rng(seed);
  const double lo = std::log(100.0), hi = std::log(20000.0);
  std::string line;
  out->path = path;
  out->bytes = 0;
  out->notes = 0;
  while (out->bytes < bytes) {
    const size_t target = static_cast<size_t>(std::exp(lo + (hi - lo) * rng.unit()));
    const std::string note = exemplar::bench::generate_note(rng, target);
    line = "{\"id\":\"bench-" + std::to_string(out->notes) + "\",\"text\":";
    exemplar::append_json_string(&line, note);
    line += "}\n";
    if (std::fwrite(line.data(), 1, line.size(), f) != line.size()) {
      std::fprintf(stderr, "exemplar_bench_scan: write error on %s\n", path.c_str());
      std::fclose(f);
      return false;
    }
    out->bytes += line.size();
    ++out->notes;
  }
  return std::fclose(f) == 0;
}

// Runs `exemplar scan --threads T archive` as a child; stdout to `out_path`.
bool run_scan(const Args& a, const Archive& ar, unsigned threads, const std::string& out_path, Run* r) {
  const std::string t = std::to_string(threads);
  const double t0 = now();
  const pid_t pid = fork();
  if (pid < 0) return false;
  if (pid == 0) {
    const int fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) _exit(127);
    dup2(fd, STDOUT_FILENO);
    const int err = ::open((out_path == "/dev/null" ? std::string("/dev/null") : out_path + ".stderr").c_str(),
                           O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (err >= 0) dup2(err, STDERR_FILENO);
    execl(a.exe.c_str(), a.exe.c_str(), "scan", "--no-progress", "--threads", t.c_str(), ar.path.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  struct rusage ru {};
  if (wait4(pid, &status, 0, &ru) < 0) return false;
  r->secs = now() - t0;
  r->threads = threads;
  r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r->max_rss_kb = ru.ru_maxrss;  // kilobytes on Linux
  r->cpu_secs = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  r->mb_s = static_cast<double>(ar.bytes) / 1e6 / r->secs;
  r->notes_s = static_cast<double>(ar.notes) / r->secs;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  if (!parse_args(argc, argv, &a)) return 2;
  if (a.tmp.empty()) {
    const char* t = std::getenv("TMPDIR");
    a.tmp = t && *t ? t : "/tmp";
  }
  std::string dir_template = a.tmp + "/exemplar-bench-scan-XXXXXX";
  if (!mkdtemp(&dir_template[0])) {
    std::fprintf(stderr, "exemplar_bench_scan: cannot make a directory in %s: %s\n", a.tmp.c_str(), std::strerror(errno));
    return 4;
  }
  const std::string dir = dir_template;
  if (access(a.exe.c_str(), X_OK) != 0) {
    std::fprintf(stderr, "exemplar_bench_scan: cannot run %s (give the exemplar binary with --exe)\n", a.exe.c_str());
    return 2;
  }
  std::printf("exemplar scan benchmark: %s\narchives in %s, %u-core machine\n", a.exe.c_str(), dir.c_str(),
              static_cast<unsigned>(sysconf(_SC_NPROCESSORS_ONLN)));

  std::vector<double> sizes;
  if (a.small_gb > 0) sizes.push_back(a.small_gb);
  sizes.push_back(a.gb);
  std::vector<Run> runs;
  std::vector<Archive> archives;
  for (double gb : sizes) {
    Archive ar;
    char name[64];
    std::snprintf(name, sizeof name, "/archive-%.2fgb.jsonl", gb);
    const double t0 = now();
    if (!write_archive(dir + name, static_cast<uint64_t>(gb * 1e9), a.seed, &ar)) return 4;
    std::printf("\narchive %.2f GB: %llu notes, %llu bytes (generated in %.1f s)\n", gb,
                static_cast<unsigned long long>(ar.notes), static_cast<unsigned long long>(ar.bytes), now() - t0);
    std::printf("  %-8s %10s %10s %12s %10s %14s %6s\n", "threads", "seconds", "MB/s", "notes/s", "CPU s",
                "peak RSS MB", "exit");
    std::fflush(stdout);
    for (unsigned t : a.threads) {
      Run r;
      r.gb = gb;
      const std::string out = a.output_file ? dir + "/out.jsonl" : "/dev/null";
      if (!run_scan(a, ar, t, out, &r)) {
        std::fprintf(stderr, "exemplar_bench_scan: cannot run %s\n", a.exe.c_str());
        return 4;
      }
      std::printf("  %-8u %10.1f %10.2f %12.0f %10.1f %14.1f %6d\n", t, r.secs, r.mb_s, r.notes_s, r.cpu_secs,
                  r.max_rss_kb / 1024.0, r.status);
      std::fflush(stdout);
      runs.push_back(r);
      if (a.output_file) std::remove(out.c_str());
    }
    archives.push_back(ar);
    if (!a.keep) std::remove(ar.path.c_str());
  }

  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) == 3) {
    std::printf("\nload average at the end: %.2f %.2f %.2f (other work on the machine skews the figures)\n", load[0],
                load[1], load[2]);
  }
  std::printf("\nsummary\n");
  const double big = sizes.back();
  const Run* base = nullptr;
  for (const Run& r : runs) {
    if (r.gb != big) continue;
    if (!base) {
      base = &r;
      std::printf("  %.2f GB, %u thread%s: %.2f MB/s, %.0f notes/s\n", big, r.threads, r.threads == 1 ? "" : "s",
                  r.mb_s, r.notes_s);
      continue;
    }
    std::printf("  %.2f GB, %u threads: %.2f MB/s, %.0f notes/s; scaling vs %u thread%s: %.2fx\n", big, r.threads,
                r.mb_s, r.notes_s, base->threads, base->threads == 1 ? "" : "s", r.mb_s / base->mb_s);
  }
  for (unsigned t : a.threads) {
    long small_rss = 0, big_rss = 0;
    for (const Run& r : runs) {
      if (r.threads != t) continue;
      if (r.gb == big) big_rss = r.max_rss_kb;
      else small_rss = r.max_rss_kb;
    }
    if (small_rss) {
      std::printf("  peak RSS at %u thread%s: %.1f MB at %.2f GB, %.1f MB at %.2f GB (ratio %.2f)\n", t,
                  t == 1 ? "" : "s", small_rss / 1024.0, sizes.front(), big_rss / 1024.0, big,
                  static_cast<double>(big_rss) / static_cast<double>(small_rss));
    } else {
      std::printf("  peak RSS at %u thread%s: %.1f MB at %.2f GB\n", t, t == 1 ? "" : "s", big_rss / 1024.0, big);
    }
  }
  int bad = 0;
  for (const Run& r : runs) bad |= r.status != 0;
  if (!a.keep) rmdir(dir.c_str());
  return bad ? 1 : 0;
}
