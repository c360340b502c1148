#include "scan/dir_reader.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "scan/byte_source.h"

namespace exemplar::cli::scan {
namespace {

bool ends_with_ci(const std::string& s, const char* suffix) {
  const size_t n = std::strlen(suffix);
  if (s.size() < n) return false;
  for (size_t i = 0; i < n; ++i) {
    char c = s[s.size() - n + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

bool is_note_file(const std::string& name) { return ends_with_ci(name, ".txt") || ends_with_ci(name, ".txt.gz"); }

std::string join(const std::string& root, const std::string& rel) {
  if (rel.empty()) return root;
  return root.empty() || root.back() == '/' ? root + rel : root + "/" + rel;
}

}  // namespace

void read_text_record(const std::string& path, const std::string& id, size_t cap, std::atomic<uint64_t>* raw,
                      std::atomic<uint64_t>* decoded, Record* r) {
  r->payload = Record::Payload::kText;
  r->id = id;
  r->where = path == "-" ? "<stdin>" : path;
  r->data.clear();
  r->error_code.clear();
  r->error_message.clear();
  ByteSource src;
  std::string err;
  if (!src.open(path, &err)) {
    r->error_code = "io";
    r->error_message = r->where + ": cannot read: " + err;
    return;
  }
  src.set_counters(raw, decoded);
  if (cap && !src.compressed() && src.file_size() > cap) {
    r->error_code = "note_too_large";
    r->error_message = r->where + ": note is " + std::to_string(src.file_size()) + " bytes, over the limit of " +
                       std::to_string(cap) + " (raise it with --max-note-bytes)";
    return;
  }
  std::string_view chunk;
  uint64_t total = 0;
  bool over = false;
  while (src.next(&chunk)) {
    total += chunk.size();
    if (over) continue;
    if (cap && r->data.size() + chunk.size() > cap) {
      over = true;
      std::string().swap(r->data);
      continue;
    }
    r->data.append(chunk.data(), chunk.size());
  }
  if (src.failed()) {
    std::string().swap(r->data);
    r->error_code = "io";
    r->error_message = r->where + ": read error: " + src.error();
  } else if (over) {
    r->error_code = "note_too_large";
    r->error_message = r->where + ": note is " + std::to_string(total) + " bytes, over the limit of " +
                       std::to_string(cap) + " (raise it with --max-note-bytes)";
  }
}

bool DirReader::list(const std::string& rel, Level* out, Failure* fatal) {
  const std::string dir = join(root_, rel);
  DIR* d = ::opendir(dir.c_str());
  if (!d) {
    *fatal = {kExitIo, dir + ": cannot read directory: " + std::strerror(errno)};
    return false;
  }
  out->rel = rel;
  out->entries.clear();
  out->next = 0;
  errno = 0;
  while (dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    struct stat st {};
    const std::string full = join(dir, name);
    if (::lstat(full.c_str(), &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      out->entries.emplace_back(name, true);
    } else if (is_note_file(name)) {
      // Regular files, and symbolic links to them.
      if (S_ISLNK(st.st_mode) && (::stat(full.c_str(), &st) != 0 || !S_ISREG(st.st_mode))) continue;
      if (S_ISREG(st.st_mode)) out->entries.emplace_back(name, false);
    }
  }
  ::closedir(d);
  std::sort(out->entries.begin(), out->entries.end());
  return true;
}

ReadStatus DirReader::next(Record* r, Failure* fatal) {
  if (!started_) {
    started_ = true;
    Level root;
    if (!list("", &root, fatal)) return ReadStatus::kFatal;
    stack_.push_back(std::move(root));
  }
  while (!stack_.empty()) {
    Level& top = stack_.back();
    if (top.next == top.entries.size()) {
      stack_.pop_back();
      continue;
    }
    const auto& entry = top.entries[top.next++];
    const std::string rel = top.rel + entry.first;
    if (entry.second) {
      Level sub;
      if (!list(rel + "/", &sub, fatal)) return ReadStatus::kFatal;
      stack_.push_back(std::move(sub));  // `top` is invalid from here on
      continue;
    }
    read_text_record(join(root_, rel), rel, cap_, raw_, decoded_, r);
    return ReadStatus::kRecord;
  }
  return ReadStatus::kEnd;
}

ReadStatus TextFileReader::next(Record* r, Failure*) {
  if (done_) return ReadStatus::kEnd;
  done_ = true;
  read_text_record(path_, id_, cap_, raw_, decoded_, r);
  return ReadStatus::kRecord;
}

}  // namespace exemplar::cli::scan
