#include "scan/csv_output.h"

#include "taxonomy.h"

namespace exemplar::cli::scan {
namespace {

void append_field(std::string_view v, std::string* out) {
  const bool formula = !v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' ||
                                      v[0] == '\r');
  bool quote = formula;
  for (char c : v) {
    if (c == ',' || c == '"' || c == '\n' || c == '\r') {
      quote = true;
      break;
    }
  }
  if (!quote) {
    out->append(v.data(), v.size());
    return;
  }
  out->push_back('"');
  if (formula) out->push_back('\'');
  for (char c : v) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

}  // namespace

std::string csv_header() {
  std::string h = "id,kinds,category,score";
  for (int k = 0; k < kMomentKindCount; ++k) h += std::string(",") + kind_id(static_cast<Kind>(k));
  h += ",error\r\n";
  return h;
}

void append_csv_row(const RecordSummary& s, bool include_snippets, std::string* out) {
  append_field(s.id, out);
  out->push_back(',');
  std::string kinds;
  for (int k = 0; k < kMomentKindCount; ++k) {
    if (s.kinds[k]) kinds += std::string(kinds.empty() ? "" : ";") + kind_id(static_cast<Kind>(k));
  }
  append_field(kinds, out);
  out->push_back(',');
  if (s.ok && s.category >= 0) {
    out->append(category_id(s.category));
    out->push_back(',');
    out->append(format_milli(s.category_milli));
  } else {
    out->push_back(',');
  }
  for (int k = 0; k < kMomentKindCount; ++k) {
    out->push_back(',');
    const Evidence& e = s.lead[k];
    if (!e.present) continue;
    if (include_snippets) {
      append_field(e.snippet, out);
    } else {
      append_field(e.rule + "@" + std::to_string(e.start) + "-" + std::to_string(e.end), out);
    }
  }
  out->push_back(',');
  if (!s.ok) append_field(s.error_code, out);
  out->append("\r\n");
}

}  // namespace exemplar::cli::scan
