#include "scan/resume.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "scan/output_writer.h"

namespace exemplar::cli::scan {

std::string state_path(const std::string& output) { return output + ".scan-state"; }

Failure write_state(const std::string& output, const Fingerprint& fp, bool complete) {
  nlohmann::json j;
  j["schema"] = "exemplar.scan-state.v1";
  j["output"] = output;
  j["fingerprint"] = fp;
  j["complete"] = complete;
  return write_file_atomically(state_path(output), j.dump(2) + "\n");
}

Failure check_state(const std::string& output, const Fingerprint& fp) {
  const std::string path = state_path(output);
  std::string data;
  const ReadResult r = read_all(path, size_t{1} << 24, &data);
  if (!r.ok) {
    return {kExitUsage, "cannot resume: " + path + " is missing or unreadable (" +
                            (r.error.empty() ? std::string("too large") : r.error) +
                            "), so " + output + " cannot be checked against this scan; run without --resume to start over"};
  }
  Fingerprint old;
  try {
    const nlohmann::json j = nlohmann::json::parse(data);
    old = j.at("fingerprint").get<Fingerprint>();
  } catch (const nlohmann::json::exception&) {
    return {kExitUsage, "cannot resume: " + path + " is not a scan state file; run without --resume to start over"};
  }
  std::string diff;
  for (const auto& kv : fp) {
    auto it = old.find(kv.first);
    if (it == old.end()) {
      diff += "\n  " + kv.first + ": (absent) -> " + kv.second;
    } else if (it->second != kv.second) {
      diff += "\n  " + kv.first + ": " + it->second + " -> " + kv.second;
    }
  }
  for (const auto& kv : old) {
    if (!fp.count(kv.first)) diff += "\n  " + kv.first + ": " + kv.second + " -> (absent)";
  }
  if (!diff.empty()) {
    return {kExitUsage, "cannot resume: " + output +
                            " was written by a scan with other inputs or options; run without --resume to start over, "
                            "or resume with the same ones. Differences (before -> now):" +
                            diff};
  }
  return {};
}

Failure recover_output(const std::string& output, const std::function<Failure(std::string_view)>& on_line,
                       uint64_t* records, uint64_t* truncated) {
  *records = 0;
  *truncated = 0;
  int fd;
  do {
    fd = ::open(output.c_str(), O_RDWR | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return {kExitIo, output + ": cannot open the output to resume: " + std::strerror(errno)};
  std::string buf(size_t{1} << 20, '\0');
  std::string line;
  uint64_t offset = 0;    // bytes read so far
  uint64_t complete = 0;  // end of the last complete line
  for (;;) {
    const ssize_t n = ::read(fd, &buf[0], buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      const int e = errno;
      ::close(fd);
      return {kExitIo, output + ": read error: " + std::strerror(e)};
    }
    if (n == 0) break;
    size_t pos = 0;
    const size_t len = static_cast<size_t>(n);
    while (pos < len) {
      const void* nl = std::memchr(buf.data() + pos, '\n', len - pos);
      if (!nl) {
        line.append(buf.data() + pos, len - pos);
        break;
      }
      const size_t end = static_cast<size_t>(static_cast<const char*>(nl) - buf.data());
      line.append(buf.data() + pos, end - pos);
      Failure f = on_line(line);
      if (!f.ok()) {
        ::close(fd);
        return f;
      }
      ++*records;
      complete = offset + end + 1;
      line.clear();
      pos = end + 1;
    }
    offset += len;
  }
  if (offset > complete) {
    *truncated = offset - complete;
    if (::ftruncate(fd, static_cast<off_t>(complete)) != 0) {
      const int e = errno;
      ::close(fd);
      return {kExitIo, output + ": cannot truncate the incomplete last line: " + std::strerror(e)};
    }
  }
  if (::close(fd) != 0) return {kExitIo, output + ": " + std::strerror(errno)};
  return {};
}

}  // namespace exemplar::cli::scan
