#include "scan/record_summary.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "analysis_json.h"
#include "json_writer.h"

namespace exemplar::cli::scan {
namespace {

Evidence lead_evidence(long long milli, const std::string& rule, uint64_t start, uint64_t end) {
  Evidence e;
  e.present = true;
  e.score_milli = milli;
  e.rule = rule;
  e.start = start;
  e.end = end;
  return e;
}

}  // namespace

long long score_milli(double v) {
  if (!std::isfinite(v)) v = 0.0;
  return std::llround(v * 1000.0);
}

std::string format_milli(long long milli) {
  std::string out;
  JsonWriter w(&out);
  w.number3(static_cast<double>(milli) / 1000.0);
  return out;
}

void summary_from_analysis(const RulePack& pack, std::string_view text, const Analysis& a, const std::string& id,
                           bool include_snippets, RecordSummary* out) {
  *out = RecordSummary{};
  out->id = id;
  out->ok = true;
  for (int k = 0; k < kMomentKindCount; ++k) out->kinds[k] = a.kind_affirmed[k];
  if (a.category.present && !a.category.ranking.empty()) {
    out->category = a.category.ranking[0].category;
    out->category_milli = score_milli(a.category.ranking[0].score);
    out->rationale = a.category.rationale;
  }
  for (const Moment& m : a.moments) {
    const int k = static_cast<int>(m.kind);
    if (!m.lead || k < 0 || k >= kMomentKindCount) continue;
    out->lead[k] = lead_evidence(score_milli(m.score), pack.cues[m.rule].id, m.span.start, m.span.end);
    if (include_snippets) out->lead[k].snippet = make_snippet(text, m.sentence, m.span);
  }
}

void summary_from_error(const std::string& id, const std::string& code, RecordSummary* out) {
  *out = RecordSummary{};
  out->id = id;
  out->ok = false;
  out->error_code = code;
}

bool summary_from_json(std::string_view line, RecordSummary* out, std::string* error) {
  using nlohmann::json;
  *out = RecordSummary{};
  try {
    const json j = json::parse(line.begin(), line.end());
    if (!j.is_object()) {
      *error = "not a JSON object";
      return false;
    }
    auto id = j.find("id");
    if (id != j.end()) out->id = id->is_string() ? id->get<std::string>() : id->dump();
    auto err = j.find("error");
    if (err != j.end()) {
      out->ok = false;
      out->error_code = err->at("code").get<std::string>();
      return true;
    }
    if (j.value("schema", std::string()) != "exemplar.analysis.v1") {
      *error = "neither an analysis (schema exemplar.analysis.v1) nor an error record";
      return false;
    }
    out->ok = true;
    for (const json& k : j.at("kinds")) {
      Kind kind;
      if (parse_kind(k.get<std::string>(), &kind) && static_cast<int>(kind) < kMomentKindCount) {
        out->kinds[static_cast<int>(kind)] = true;
      }
    }
    const json& cat = j.at("category");
    if (!cat.is_null()) {
      out->category = parse_category(cat.at("id").get<std::string>());
      out->category_milli = score_milli(cat.at("score").get<double>());
      out->rationale = cat.value("rationale", std::string());
    }
    for (const json& m : j.at("moments")) {
      if (!m.value("lead", false)) continue;
      Kind kind;
      if (!parse_kind(m.at("kind").get<std::string>(), &kind) || static_cast<int>(kind) >= kMomentKindCount) continue;
      Evidence& e = out->lead[static_cast<int>(kind)];
      e = lead_evidence(score_milli(m.at("score").get<double>()), m.at("rule").get<std::string>(),
                        m.at("start").get<uint64_t>(), m.at("end").get<uint64_t>());
      auto snip = m.find("snippet");
      if (snip != m.end()) e.snippet = snip->get<std::string>();
    }
    return true;
  } catch (const json::parse_error& e) {
    *error = "invalid JSON at byte " + std::to_string(e.byte);
    return false;
  } catch (const json::exception&) {
    *error = "not a scan output record (unexpected structure)";
    return false;
  }
}

}  // namespace exemplar::cli::scan
