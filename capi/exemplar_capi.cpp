// The C API: a thin, exception-proof layer over exemplar::Engine. Every entry
// point catches everything, so no C++ exception crosses into C.
#include "exemplar/exemplar.h"

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "engine.h"
#include "rule_pack.h"
#include "version.h"

static_assert(EXEMPLAR_VERSION_MAJOR == exemplar::kVersionMajor && EXEMPLAR_VERSION_MINOR == exemplar::kVersionMinor &&
                  EXEMPLAR_VERSION_PATCH == exemplar::kVersionPatch,
              "capi/include/exemplar/exemplar.h and core/version.h disagree on the version");

struct exemplar_engine {
  std::unique_ptr<exemplar::Engine> engine;
};

struct exemplar_result {
  exemplar::Analysis analysis;
  std::string json;
  std::vector<const char*> kinds;
  std::vector<std::string> rule_ids;  // parallel to analysis.moments
  std::string repaired;               // the repaired note, when it needed repair
};

namespace {

thread_local std::string g_last_error;

int fail(exemplar::Code code, const std::string& msg) {
  try {
    g_last_error = msg;
  } catch (...) {
    g_last_error.clear();
  }
  return static_cast<int>(code);
}

int fail(const exemplar::Status& st) { return fail(st.code, st.message); }

int ok() {
  g_last_error.clear();
  return EXEMPLAR_OK;
}

int null_arg(const char* name) { return fail(exemplar::Code::kNullArgument, std::string(name) + " is NULL"); }

// Runs `body`, turning any escaping exception into a status.
template <typename F>
int guarded(F&& body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return fail(exemplar::Code::kOutOfMemory, "out of memory");
  } catch (const std::exception& e) {
    return fail(exemplar::Code::kInternal, e.what());
  } catch (...) {
    return fail(exemplar::Code::kInternal, "unknown internal error");
  }
}

int make_engine(std::string_view json, exemplar_engine** out, bool is_default = false) {
  std::unique_ptr<exemplar::Engine> e;
  const exemplar::Status st =
      is_default ? exemplar::Engine::create_default(&e) : exemplar::Engine::create_from_json(json, &e);
  if (!st.ok()) return fail(st);
  *out = new exemplar_engine{std::move(e)};
  return ok();
}

}  // namespace

extern "C" {

unsigned exemplar_version_number(void) { return EXEMPLAR_VERSION_NUMBER; }
const char* exemplar_version_string(void) { return exemplar::kVersionString; }

const char* exemplar_status_string(int status) {
  if (status < 0 || status > EXEMPLAR_ERR_INTERNAL) return "unknown_status";
  return exemplar::code_name(static_cast<exemplar::Code>(status));
}

const char* exemplar_last_error_message(void) { return g_last_error.c_str(); }

int exemplar_engine_new_default(exemplar_engine** out) {
  if (!out) return null_arg("out");
  *out = nullptr;
  return guarded([&] { return make_engine(exemplar::default_rule_pack_json(), out, /*is_default=*/true); });
}

int exemplar_engine_new_from_json(const char* json, size_t len, exemplar_engine** out) {
  if (!out) return null_arg("out");
  *out = nullptr;
  if (!json) return null_arg("json");
  return guarded([&] { return make_engine(std::string_view(json, len), out); });
}

int exemplar_engine_new_from_file(const char* path, exemplar_engine** out) {
  if (!out) return null_arg("out");
  *out = nullptr;
  if (!path) return null_arg("path");
  return guarded([&] {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(exemplar::Code::kIo, std::string("cannot open rule pack file: ") + path);
    // Read at most one byte more than a pack may have: a larger file (or
    // /dev/zero, a pipe that never ends) is refused, not read into memory.
    std::string json;
    char buf[1 << 16];
    while (json.size() <= exemplar::kMaxRulePackBytes && in.read(buf, sizeof buf).gcount() > 0) {
      json.append(buf, static_cast<size_t>(in.gcount()));
    }
    if (in.bad()) return fail(exemplar::Code::kIo, std::string("cannot read rule pack file: ") + path);
    const int rc = make_engine(json, out);
    if (rc != EXEMPLAR_OK) g_last_error = std::string(path) + ": " + g_last_error;
    return rc;
  });
}

void exemplar_engine_free(exemplar_engine* engine) { delete engine; }

const char* exemplar_engine_rulepack_id(const exemplar_engine* e) { return e ? e->engine->pack().id.c_str() : nullptr; }
const char* exemplar_engine_rulepack_version(const exemplar_engine* e) {
  return e ? e->engine->pack().version.c_str() : nullptr;
}
const char* exemplar_engine_rulepack_sha256(const exemplar_engine* e) {
  return e ? e->engine->pack().sha256.c_str() : nullptr;
}

int exemplar_analyze(const exemplar_engine* engine, const char* text, size_t len,
                     const exemplar_analyze_options* options, exemplar_result** out) {
  if (!out) return null_arg("out");
  *out = nullptr;
  if (!engine) return null_arg("engine");
  if (!text && len > 0) return null_arg("text");
  exemplar::AnalyzeOptions opts;
  if (options) {
    if (options->version < 1 || options->version > EXEMPLAR_ANALYZE_OPTIONS_VERSION) {
      return fail(exemplar::Code::kInvalidArgument,
                  "options->version " + std::to_string(options->version) + " is not supported by this library");
    }
    opts.replace_invalid_utf8 = options->replace_invalid_utf8 != 0;
    opts.include_snippets = options->include_snippets != 0;
    opts.max_note_bytes = options->max_note_bytes;
  }
  return guarded([&] {
    const std::string_view note(text ? text : "", len);
    auto r = std::make_unique<exemplar_result>();
    const exemplar::Status st = engine->engine->analyze_json(note, opts, nullptr, &r->json, &r->analysis, &r->repaired);
    if (!st.ok()) return fail(st);
    for (int k = 0; k < exemplar::kMomentKindCount; ++k) {
      if (r->analysis.kind_affirmed[k]) r->kinds.push_back(exemplar::kind_id(static_cast<exemplar::Kind>(k)));
    }
    for (const auto& m : r->analysis.moments) r->rule_ids.push_back(engine->engine->pack().cues[m.rule].id);
    *out = r.release();
    return ok();
  });
}

void exemplar_result_free(exemplar_result* result) { delete result; }

int exemplar_result_json(const exemplar_result* result, const char** json, size_t* len) {
  if (!result) return null_arg("result");
  if (!json) return null_arg("json");
  *json = result->json.c_str();
  if (len) *len = result->json.size();
  return ok();
}

int exemplar_result_text(const exemplar_result* result, const char** text, size_t* len) {
  if (!result) return null_arg("result");
  if (!text) return null_arg("text");
  *text = result->repaired.empty() ? nullptr : result->repaired.c_str();
  if (len) *len = result->repaired.size();
  return ok();
}

size_t exemplar_result_moment_count(const exemplar_result* result) {
  return result ? result->analysis.moments.size() : 0;
}

int exemplar_result_moment(const exemplar_result* result, size_t index, exemplar_moment* out) {
  if (!result) return null_arg("result");
  if (!out) return null_arg("out");
  if (out->version < 1 || out->version > EXEMPLAR_MOMENT_VERSION) {
    return fail(exemplar::Code::kInvalidArgument, "out->version must be EXEMPLAR_MOMENT_VERSION");
  }
  if (index >= result->analysis.moments.size()) {
    return fail(exemplar::Code::kIndexOutOfRange, "moment index " + std::to_string(index) + " is out of range");
  }
  const exemplar::Moment& m = result->analysis.moments[index];
  out->kind = exemplar::kind_id(m.kind);
  out->rule = result->rule_ids[index].c_str();
  out->start = m.span.start;
  out->end = m.span.end;
  out->sentence_start = m.sentence.start;
  out->sentence_end = m.sentence.end;
  out->negated = m.negated;
  out->hypothetical = m.hypothetical;
  out->historical = m.historical;
  out->templated = m.templated;
  out->affirmed = m.affirmed;
  out->experiencer = exemplar::experiencer_id(m.experiencer);
  out->score = m.score;
  // A caller built against version 1 has no room for the fields after score.
  if (out->version >= 2) out->lead = m.lead;
  return ok();
}

size_t exemplar_result_kind_count(const exemplar_result* result) { return result ? result->kinds.size() : 0; }

const char* exemplar_result_kind(const exemplar_result* result, size_t index) {
  if (!result || index >= result->kinds.size()) return nullptr;
  return result->kinds[index];
}

const char* exemplar_result_category(const exemplar_result* result, double* score) {
  if (score) *score = 0.0;
  if (!result || !result->analysis.category.present) return nullptr;
  const auto& top = result->analysis.category.ranking[0];
  if (score) *score = top.score;
  return exemplar::category_id(top.category);
}

int exemplar_context_of(const exemplar_engine* engine, const char* text, size_t len, size_t start, size_t end,
                        exemplar_context* out) {
  if (!engine) return null_arg("engine");
  if (!out) return null_arg("out");
  if (!text && len > 0) return null_arg("text");
  if (out->version < 1 || out->version > EXEMPLAR_CONTEXT_VERSION) {
    return fail(exemplar::Code::kInvalidArgument, "out->version must be EXEMPLAR_CONTEXT_VERSION");
  }
  return guarded([&] {
    exemplar::ContextResult r;
    const exemplar::Status st =
        engine->engine->context_of(std::string_view(text ? text : "", len), exemplar::Span{start, end}, &r);
    if (!st.ok()) return fail(st);
    out->negated = r.negated;
    out->hypothetical = r.hypothetical;
    out->historical = r.historical;
    out->experiencer = r.experiencer == exemplar::Experiencer::kClient   ? "patient"
                       : r.experiencer == exemplar::Experiencer::kFamily ? "family"
                                                                         : "other";
    return ok();
  });
}

}  // extern "C"
