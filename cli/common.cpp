#include "common.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#define EXEMPLAR_ISATTY _isatty
#define EXEMPLAR_FILENO _fileno
#else
#include <unistd.h>
#define EXEMPLAR_ISATTY isatty
#define EXEMPLAR_FILENO fileno
#endif

#include "rule_pack.h"

namespace exemplar::cli {
namespace {

// The loader rejects larger packs anyway; reading stops just past this.
constexpr size_t kMaxPackBytes = size_t{16} << 20;
constexpr size_t kChunk = size_t{1} << 20;

bool g_stdout_binary = false;
int g_stdout_errno = 0;  // the first write error on standard output

void set_binary(std::FILE* f) {
#ifdef _WIN32
  _setmode(EXEMPLAR_FILENO(f), _O_BINARY);
#else
  (void)f;
#endif
}

// Reads `f` to the end, or to limit + 1 bytes when `limit` > 0.
ReadResult read_stream(std::FILE* f, size_t limit, std::string* data) {
  ReadResult r;
  const size_t cap = limit == 0 || limit == SIZE_MAX ? SIZE_MAX : limit + 1;
  for (;;) {
    const size_t have = data->size();
    const size_t want = std::min(kChunk, cap - have);
    if (want == 0) break;
    data->resize(have + want);
    const size_t got = std::fread(&(*data)[have], 1, want, f);
    data->resize(have + got);
    if (got < want) {
      if (std::ferror(f)) {
        r.error = std::strerror(errno);
        return r;
      }
      break;  // end of input
    }
  }
  r.size = data->size();
  if (limit && data->size() > limit) {
    r.too_large = true;
    return r;
  }
  r.ok = true;
  return r;
}

}  // namespace

int report(const Failure& f) {
  std::fflush(stdout);
  std::fprintf(stderr, "exemplar: %s\n", f.message.c_str());
  return f.exit_code;
}

int usage_error(std::string_view command, std::string_view message) {
  std::fflush(stdout);
  const std::string cmd = command.empty() ? "exemplar" : "exemplar " + std::string(command);
  std::fprintf(stderr, "%s: %.*s\nRun '%s --help' for usage.\n", cmd.c_str(), static_cast<int>(message.size()),
               message.data(), cmd.c_str());
  return kExitUsage;
}

std::string display_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

ReadResult read_all(const std::string& path, size_t limit, std::string* data) {
  data->clear();
  if (path == "-") {
    set_binary(stdin);
    ReadResult r = read_stream(stdin, limit, data);
    std::clearerr(stdin);
    return r;
  }
  errno = 0;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    ReadResult r;
    r.error = std::strerror(errno ? errno : ENOENT);
    return r;
  }
  struct stat st {};
  if (fstat(EXEMPLAR_FILENO(f), &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      std::fclose(f);
      ReadResult r;
      r.error = std::strerror(EISDIR);
      return r;
    }
    if (S_ISREG(st.st_mode)) {
      const uint64_t size = static_cast<uint64_t>(st.st_size);
      if (limit && size > limit) {  // no need to read it at all
        std::fclose(f);
        ReadResult r;
        r.too_large = true;
        r.size = size;
        r.size_known = true;
        return r;
      }
      data->reserve(static_cast<size_t>(size));
    }
  }
  ReadResult r = read_stream(f, limit, data);
  std::fclose(f);
  return r;
}

Failure read_note(const std::string& path, size_t max_bytes, std::string* data) {
  const std::string name = display_name(path);
  const ReadResult r = read_all(path, max_bytes, data);
  if (r.ok) return {};
  if (r.too_large) {
    data->clear();
    const std::string limit = std::to_string(max_bytes);
    const std::string what = r.size_known ? "note is " + std::to_string(r.size) + " bytes, over the limit of " + limit
                                          : "note is over the limit of " + limit + " bytes";
    return {kExitNote, name + ": " + what + " (raise the limit with --max-note-bytes)"};
  }
  return {kExitIo, name + ": cannot read note: " + r.error};
}

Failure load_engine_from_file(const std::string& path, std::unique_ptr<Engine>* out) {
  const std::string name = display_name(path);
  std::string json;
  const ReadResult r = read_all(path, kMaxPackBytes, &json);
  if (r.too_large) return {kExitPack, name + ": invalid rule pack: /: rule pack is larger than 16 MiB"};
  if (!r.ok) return {kExitIo, name + ": cannot read rule pack: " + r.error};
  const Status st = Engine::create_from_json(json, out);
  if (!st.ok()) return {kExitPack, name + ": invalid rule pack: " + st.message};
  return {};
}

Failure load_engine(const std::string& rules_path, std::unique_ptr<Engine>* out) {
  if (!rules_path.empty()) return load_engine_from_file(rules_path, out);
  const Status st = Engine::create_default(out);
  if (!st.ok()) return {kExitPack, "default rule pack: invalid rule pack: " + st.message};
  return {};
}

Failure note_failure(const std::string& name, const Status& st) {
  std::string msg = name + ": " + st.message;
  if (st.code == Code::kInvalidUtf8) msg += " (use --replace-invalid-utf8 to repair)";
  if (st.code == Code::kNoteTooLarge) msg += " (raise the limit with --max-note-bytes)";
  return {kExitNote, msg};
}

void write_stdout(std::string_view s) {
  if (!g_stdout_binary) {
    set_binary(stdout);
    g_stdout_binary = true;
  }
  if (s.empty()) return;
  errno = 0;
  if (std::fwrite(s.data(), 1, s.size(), stdout) != s.size() && !g_stdout_errno) g_stdout_errno = errno ? errno : EIO;
}

Failure finish_stdout() {
  errno = 0;
  if (std::fflush(stdout) != 0 && !g_stdout_errno) g_stdout_errno = errno ? errno : EIO;
  if (!g_stdout_errno && std::ferror(stdout)) g_stdout_errno = EIO;
  if (g_stdout_errno) return {kExitIo, std::string("<stdout>: write error: ") + std::strerror(g_stdout_errno)};
  return {};
}

bool stdout_wants_color() {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::strcmp(term, "dumb") == 0) return false;
  return EXEMPLAR_ISATTY(EXEMPLAR_FILENO(stdout)) != 0;
}

bool stdin_is_terminal() { return EXEMPLAR_ISATTY(EXEMPLAR_FILENO(stdin)) != 0; }

std::string default_pack_label() {
  RulePack pack;
  if (!load_rule_pack(default_rule_pack_json(), &pack).ok()) return "default (unreadable)";
  return pack.id + " " + pack.version;
}

}  // namespace exemplar::cli
