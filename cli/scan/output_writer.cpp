#include "scan/output_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace exemplar::cli::scan {
namespace {

constexpr size_t kFlushAt = size_t{1} << 20;

// Writes all of `s`; returns 0 or the errno.
int write_all(int fd, const char* p, size_t n, uint64_t* written) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    p += w;
    n -= static_cast<size_t>(w);
    if (written) *written += static_cast<uint64_t>(w);
  }
  return 0;
}

}  // namespace

OutputFile::~OutputFile() {
  if (own_ && fd_ >= 0) ::close(fd_);
}

Failure OutputFile::open(const std::string& path, bool append) {
  name_ = display_name(path);
  if (path == "-") {
    fd_ = STDOUT_FILENO;
    own_ = false;
    return {};
  }
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC);
  do {
    fd_ = ::open(path.c_str(), flags, 0666);
  } while (fd_ < 0 && errno == EINTR);
  if (fd_ < 0) return {kExitIo, name_ + ": cannot write output: " + std::strerror(errno)};
  own_ = true;
  return {};
}

void OutputFile::write_line(std::string_view line) {
  buf_.append(line.data(), line.size());
  buf_.push_back('\n');
  if (buf_.size() >= kFlushAt) flush();
}

void OutputFile::flush() {
  if (buf_.empty() || fd_ < 0) return;
  if (!err_) err_ = write_all(fd_, buf_.data(), buf_.size(), &written_);
  buf_.clear();
}

Failure OutputFile::finish() {
  flush();
  if (own_ && fd_ >= 0) {
    if (::close(fd_) != 0 && !err_) err_ = errno;
    fd_ = -1;
  }
  if (err_) return {kExitIo, name_ + ": write error: " + std::strerror(err_)};
  return {};
}

AtomicFile::~AtomicFile() { abandon(); }

Failure AtomicFile::open(const std::string& path) {
  path_ = path;
  tmp_ = path + ".tmp";
  do {
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  } while (fd_ < 0 && errno == EINTR);
  if (fd_ < 0) return {kExitIo, path + ": cannot write output: " + std::strerror(errno)};
  return {};
}

void AtomicFile::write(std::string_view s) {
  buf_.append(s.data(), s.size());
  if (buf_.size() >= kFlushAt) flush();
}

void AtomicFile::flush() {
  if (buf_.empty() || fd_ < 0) return;
  if (!err_) err_ = write_all(fd_, buf_.data(), buf_.size(), nullptr);
  buf_.clear();
}

Failure AtomicFile::commit() {
  flush();
  if (fd_ >= 0) {
    if (!err_ && ::fsync(fd_) != 0 && errno != EINVAL) err_ = errno;
    if (::close(fd_) != 0 && !err_) err_ = errno;
    fd_ = -1;
  }
  if (!err_ && std::rename(tmp_.c_str(), path_.c_str()) != 0) err_ = errno;
  if (err_) {
    ::unlink(tmp_.c_str());
    return {kExitIo, path_ + ": write error: " + std::strerror(err_)};
  }
  tmp_.clear();
  return {};
}

void AtomicFile::abandon() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (!tmp_.empty()) {
    ::unlink(tmp_.c_str());
    tmp_.clear();
  }
  buf_.clear();
}

Failure write_file_atomically(const std::string& path, std::string_view content) {
  AtomicFile f;
  Failure fl = f.open(path);
  if (!fl.ok()) return fl;
  f.write(content);
  return f.commit();
}

}  // namespace exemplar::cli::scan
