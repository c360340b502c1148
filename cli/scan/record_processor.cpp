#include "scan/record_processor.h"

#include <new>
#include <nlohmann/json.hpp>

#include "error_record.h"
#include "utf8.h"

namespace exemplar::cli::scan {
namespace {

void set_error(const std::string& id, const std::string& code, const std::string& message, RecordResult* out) {
  out->line = error_record(&id, code, message);
  summary_from_error(id, code, &out->summary);
}

// Ids are echoed in JSON, so they must be valid UTF-8.
std::string valid_id(std::string id) {
  if (find_invalid_utf8(id) != std::string::npos) return repair_utf8(id);
  return id;
}

}  // namespace

void RecordProcessor::process(Record& rec, RecordResult* out) const {
  try {
    run(rec, out);
  } catch (const std::bad_alloc&) {
    set_error(valid_id(rec.id), "out_of_memory", "out of memory while analysing the record", out);
  } catch (const std::exception& e) {
    set_error(valid_id(rec.id), "internal", std::string("internal error: ") + e.what(), out);
  }
  std::string().swap(rec.data);
}

void RecordProcessor::run(Record& rec, RecordResult* out) const {
  std::string id = valid_id(std::move(rec.id));
  if (!rec.error_code.empty()) return set_error(id, rec.error_code, rec.error_message, out);

  std::string text;  // the note, as analysed
  bool bad_utf8 = false;
  if (rec.payload == Record::Payload::kJsonLine) {
    using nlohmann::json;
    std::string repaired_line;
    const std::string* line = &rec.data;
    const size_t bad = find_invalid_utf8(rec.data);
    if (bad != std::string::npos) {
      bad_utf8 = true;
      repaired_line = repair_utf8(rec.data);
      line = &repaired_line;
    }
    json j;
    try {
      j = json::parse(*line);
    } catch (const json::parse_error& e) {
      return set_error(id, "bad_json", "invalid JSON at byte " + std::to_string(e.byte) + " of " + rec.where, out);
    }
    if (!j.is_object()) return set_error(id, "bad_json", rec.where + " is not a JSON object", out);
    auto idv = j.find(opts_.id_field);
    if (idv != j.end() && !idv->is_null()) id = idv->is_string() ? idv->get<std::string>() : idv->dump();
    if (bad_utf8 && !opts_.replace_invalid_utf8) {
      return set_error(id, "invalid_utf8",
                       "record is not valid UTF-8: invalid byte sequence at byte " + std::to_string(bad) + " of " +
                           rec.where + " (use --replace-invalid-utf8 to repair)",
                       out);
    }
    auto tv = j.find(opts_.text_field);
    if (tv == j.end() || tv->is_null()) {
      return set_error(id, "missing_text", rec.where + " has no \"" + opts_.text_field + "\" field (see --text-field)",
                       out);
    }
    if (!tv->is_string()) {
      return set_error(id, "missing_text",
                       "the \"" + opts_.text_field + "\" field of " + rec.where + " is not a string", out);
    }
    text = std::move(tv->get_ref<std::string&>());
  } else {
    text = std::move(rec.data);
    const size_t bad = find_invalid_utf8(text);
    if (bad != std::string::npos) {
      if (!opts_.replace_invalid_utf8) {
        return set_error(id, "invalid_utf8",
                         "note is not valid UTF-8: invalid byte sequence at offset " + std::to_string(bad) + " (" +
                             rec.where + "; use --replace-invalid-utf8 to repair)",
                         out);
      }
      text = repair_utf8(text);
    }
  }
  if (opts_.max_note_bytes && text.size() > opts_.max_note_bytes) {
    return set_error(id, "note_too_large",
                     "note is " + std::to_string(text.size()) + " bytes, over the limit of " +
                         std::to_string(opts_.max_note_bytes) + " (" + rec.where + "; raise it with --max-note-bytes)",
                     out);
  }
  AnalyzeOptions ao;
  ao.include_snippets = opts_.include_snippets;
  ao.replace_invalid_utf8 = false;  // repaired above
  ao.max_note_bytes = opts_.max_note_bytes;
  Analysis a;
  const Status st = engine_.analyze_json(text, ao, &id, &out->line, &a);
  if (!st.ok()) return set_error(id, code_name(st.code), st.message + " (" + rec.where + ")", out);
  summary_from_analysis(engine_.pack(), text, a, id, opts_.include_snippets, &out->summary);
}

}  // namespace exemplar::cli::scan
