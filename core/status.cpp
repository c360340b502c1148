#include "status.h"

namespace exemplar {

const char* code_name(Code c) {
  switch (c) {
    case Code::kOk: return "ok";
    case Code::kNullArgument: return "null_argument";
    case Code::kInvalidArgument: return "invalid_argument";
    case Code::kInvalidUtf8: return "invalid_utf8";
    case Code::kNoteTooLarge: return "note_too_large";
    case Code::kRulepackJson: return "rulepack_json";
    case Code::kRulepackInvalid: return "rulepack_invalid";
    case Code::kRulepackPattern: return "rulepack_pattern";
    case Code::kRulepackExample: return "rulepack_example";
    case Code::kRulepackVersion: return "rulepack_version";
    case Code::kOutOfMemory: return "out_of_memory";
    case Code::kIndexOutOfRange: return "index_out_of_range";
    case Code::kIo: return "io";
    case Code::kInternal: return "internal";
  }
  return "unknown";
}

}  // namespace exemplar
