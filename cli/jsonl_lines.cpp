#include "jsonl_lines.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

namespace exemplar::cli {

Failure for_each_jsonl(const std::string& path, const std::function<bool(size_t, const nlohmann::json&)>& each,
                       const std::function<void(size_t, const std::string&)>& bad) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) return {kExitIo, display_name(path) + ": cannot read: " + std::strerror(errno)};
    in = &file;
  }
  std::string line;
  size_t number = 0;
  while (std::getline(*in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    nlohmann::json record = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (record.is_discarded() || !record.is_object()) {
      bad(number, record.is_discarded() ? "not valid JSON" : "not a JSON object");
      continue;
    }
    if (!each(number, record)) break;
  }
  if (in->bad()) return {kExitIo, display_name(path) + ": read error"};
  return {};
}

}  // namespace exemplar::cli
