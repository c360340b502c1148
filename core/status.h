// Error reporting inside the engine. Codes mirror the C API's pinned
// exemplar_status values, so the C layer passes them through unchanged.
#pragma once
#include <string>
#include <utility>

namespace exemplar {

enum class Code : int {
  kOk = 0,
  kNullArgument = 1,
  kInvalidArgument = 2,
  kInvalidUtf8 = 3,
  kNoteTooLarge = 4,
  kRulepackJson = 5,
  kRulepackInvalid = 6,
  kRulepackPattern = 7,
  kRulepackExample = 8,
  kRulepackVersion = 9,
  kOutOfMemory = 10,
  kIndexOutOfRange = 11,
  kIo = 12,
  kInternal = 13,
};

struct Status {
  Code code = Code::kOk;
  std::string message;

  bool ok() const { return code == Code::kOk; }
  static Status Ok() { return {}; }
  static Status Error(Code c, std::string msg) { return {c, std::move(msg)}; }
};

const char* code_name(Code c);

}  // namespace exemplar
