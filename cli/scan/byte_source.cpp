#include "scan/byte_source.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

namespace exemplar::cli::scan {
namespace {

constexpr size_t kRawChunk = size_t{1} << 20;
constexpr size_t kOutChunk = size_t{1} << 20;

z_stream* zs(void* p) { return static_cast<z_stream*>(p); }

}  // namespace

ByteSource::ByteSource() = default;

ByteSource::~ByteSource() { close(); }

void ByteSource::close() {
  if (zs_) {
    inflateEnd(zs(zs_));
    delete zs(zs_);
    zs_ = nullptr;
  }
  if (own_fd_ && fd_ >= 0) ::close(fd_);
  fd_ = -1;
  own_fd_ = false;
}

bool ByteSource::open(const std::string& path, std::string* error) {
  close();
  name_ = path;
  if (path == "-") {
    fd_ = STDIN_FILENO;
    own_fd_ = false;
  } else {
    do {
      fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd_ < 0 && errno == EINTR);
    if (fd_ < 0) {
      *error = std::strerror(errno);
      return false;
    }
    own_fd_ = true;
  }
  struct stat st {};
  if (fstat(fd_, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      *error = std::strerror(EISDIR);
      close();
      return false;
    }
    regular_ = S_ISREG(st.st_mode);
    if (regular_) file_size_ = static_cast<uint64_t>(st.st_size);
  }
  raw_.resize(kRawChunk);
  return true;
}

bool ByteSource::read_raw(size_t keep) {
  if (eof_ || failed()) return false;
  if (!regular_ && (before_block_ || cancel_)) {
    // Wait for bytes here rather than in read(2): the caller can hand on
    // what it has, and a cancelled scan does not hang on a silent pipe.
    bool told = false;
    for (;;) {
      pollfd p{fd_, POLLIN, 0};
      const int r = ::poll(&p, 1, told ? 100 : 0);
      if (r > 0 || (r < 0 && errno != EINTR)) break;  // readable, closed, or an error read(2) will report
      if (cancel_ && cancel_->load(std::memory_order_relaxed)) {
        error_ = "cancelled";
        return false;
      }
      if (!told && before_block_) before_block_();
      told = true;
    }
  }
  ssize_t n;
  do {
    n = ::read(fd_, raw_.data() + keep, raw_.size() - keep);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    error_ = std::strerror(errno);
    return false;
  }
  if (n == 0) {
    eof_ = true;
    return false;
  }
  raw_len_ = keep + static_cast<size_t>(n);
  if (raw_counter_) raw_counter_->fetch_add(static_cast<uint64_t>(n), std::memory_order_relaxed);
  return true;
}

bool ByteSource::next(std::string_view* chunk) {
  if (fd_ < 0 || failed()) return false;
  if (!started_) {
    // Sniff the first two bytes for the gzip magic.
    started_ = true;
    raw_len_ = 0;
    while (raw_len_ < 2 && read_raw(raw_len_)) {
    }
    if (failed()) return false;
    gzip_ = raw_len_ >= 2 && static_cast<unsigned char>(raw_[0]) == 0x1f && static_cast<unsigned char>(raw_[1]) == 0x8b;
    if (gzip_) {
      auto* z = new z_stream();
      if (inflateInit2(z, 15 + 16) != Z_OK) {
        delete z;
        error_ = "cannot start the gzip decoder";
        return false;
      }
      zs_ = z;
      z->next_in = reinterpret_cast<Bytef*>(raw_.data());
      z->avail_in = static_cast<uInt>(raw_len_);
      out_.resize(kOutChunk);
      return next_gzip(chunk);
    }
    if (raw_len_ == 0) return false;
    *chunk = std::string_view(raw_.data(), raw_len_);
    if (decoded_counter_) decoded_counter_->fetch_add(raw_len_, std::memory_order_relaxed);
    raw_len_ = 0;
    return true;
  }
  if (gzip_) return next_gzip(chunk);
  if (!read_raw(0)) return false;
  *chunk = std::string_view(raw_.data(), raw_len_);
  if (decoded_counter_) decoded_counter_->fetch_add(raw_len_, std::memory_order_relaxed);
  return true;
}

bool ByteSource::next_gzip(std::string_view* chunk) {
  z_stream* z = zs(zs_);
  for (;;) {
    if (z->avail_in == 0) {
      if (!read_raw(0)) {
        if (failed()) return false;
        if (!stream_end_) error_ = "unexpected end of gzip data (truncated file?)";
        return false;
      }
      z->next_in = reinterpret_cast<Bytef*>(raw_.data());
      z->avail_in = static_cast<uInt>(raw_len_);
    }
    if (stream_end_) {  // another gzip member follows (as `cat a.gz b.gz` makes)
      inflateReset(z);
      stream_end_ = false;
    }
    z->next_out = reinterpret_cast<Bytef*>(out_.data());
    z->avail_out = static_cast<uInt>(out_.size());
    const int ret = inflate(z, Z_NO_FLUSH);
    if (ret == Z_STREAM_END) {
      stream_end_ = true;
    } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
      error_ = std::string("corrupt gzip data: ") + (z->msg ? z->msg : "inflate failed");
      return false;
    }
    const size_t produced = out_.size() - z->avail_out;
    if (produced > 0) {
      *chunk = std::string_view(out_.data(), produced);
      if (decoded_counter_) decoded_counter_->fetch_add(produced, std::memory_order_relaxed);
      return true;
    }
  }
}

}  // namespace exemplar::cli::scan
