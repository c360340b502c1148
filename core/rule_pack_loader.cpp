// JSON -> RulePack. Every error names the JSON path of the faulty field, so a
// pack author can find the problem in a file of hundreds of rules.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <set>

#include "feature_table.h"
#include "rule_pack.h"
#include "sha256.h"
#include "version.h"

namespace exemplar {
namespace {

using json = nlohmann::json;

constexpr int kMaxNesting = 64;
constexpr size_t kMaxPackBytes = kMaxRulePackBytes;

// Thrown inside this file only; load_rule_pack turns it into a Status.
struct PackError {
  Code code;
  std::string message;
};

[[noreturn]] void fail(const std::string& path, const std::string& what, Code code = Code::kRulepackInvalid) {
  throw PackError{code, (path.empty() ? std::string("/") : path) + ": " + what};
}

// Rejects deep nesting before parsing, so hostile input cannot exhaust the
// stack or memory in the JSON library.
void check_nesting(std::string_view s) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') {
      if (++depth > kMaxNesting) {
        throw PackError{Code::kRulepackJson, "/: nesting deeper than " + std::to_string(kMaxNesting) +
                                                 " levels at byte " + std::to_string(i)};
      }
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
}

std::string key_path(const std::string& base, const std::string& key) { return base + "/" + key; }
std::string index_path(const std::string& base, size_t i) { return base + "/" + std::to_string(i); }

const json& require(const json& obj, const std::string& path, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) fail(key_path(path, key), "missing required field");
  return *it;
}

std::string get_string(const json& v, const std::string& path, bool allow_empty = false) {
  if (!v.is_string()) fail(path, "must be a string");
  std::string s = v.get<std::string>();
  if (!allow_empty && s.empty()) fail(path, "must not be empty");
  return s;
}

std::string required_string(const json& obj, const std::string& path, const char* key) {
  return get_string(require(obj, path, key), key_path(path, key));
}

// Ids and versions reach C callers as NUL-terminated strings (the C API's
// exemplar_moment.rule, exemplar_engine_rulepack_id): a NUL would cut them
// short, other control characters would garble logs and reports.
std::string required_name(const json& obj, const std::string& path, const char* key) {
  std::string s = required_string(obj, path, key);
  const std::string where = key_path(path, key);
  if (s.size() > 256) fail(where, "must be at most 256 bytes");
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) fail(where, "must not contain control characters (NUL, tab, newline...)");
  }
  return s;
}

std::string optional_string(const json& obj, const std::string& path, const char* key) {
  auto it = obj.find(key);
  return it == obj.end() ? std::string() : get_string(*it, key_path(path, key), true);
}

// An optional true/false field: false when absent.
bool optional_bool(const json& obj, const std::string& path, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return false;
  if (!it->is_boolean()) fail(key_path(path, key), "must be true or false");
  return it->get<bool>();
}

double get_number(const json& v, const std::string& path, double lo, double hi) {
  if (!v.is_number()) fail(path, "must be a number");
  const double d = v.get<double>();
  if (!(d >= lo && d <= hi)) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "must be between %g and %g", lo, hi);
    fail(path, buf);
  }
  return d;
}

void require_object(const json& v, const std::string& path) {
  if (!v.is_object()) fail(path, "must be an object");
}

const json& require_array(const json& obj, const std::string& path, const char* key) {
  const json& v = require(obj, path, key);
  if (!v.is_array()) fail(key_path(path, key), "must be an array");
  return v;
}

// Unknown fields are reported: a typo ("patern") would otherwise silently
// produce a rule that does nothing.
void check_fields(const json& obj, const std::string& path, std::initializer_list<const char*> allowed) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || it.key() == a;
    if (!ok) fail(key_path(path, it.key()), "unknown field");
  }
}

std::vector<std::string> string_list(const json& v, const std::string& path) {
  if (!v.is_array()) fail(path, "must be an array of strings");
  std::vector<std::string> out;
  for (size_t i = 0; i < v.size(); ++i) out.push_back(get_string(v[i], index_path(path, i)));
  return out;
}

RuleExamples read_examples(const json& obj, const std::string& path) {
  RuleExamples ex;
  auto it = obj.find("examples");
  if (it == obj.end()) return ex;
  const std::string p = key_path(path, "examples");
  require_object(*it, p);
  check_fields(*it, p, {"match", "no_match"});
  if (it->contains("match")) ex.match = string_list((*it)["match"], key_path(p, "match"));
  if (it->contains("no_match")) ex.no_match = string_list((*it)["no_match"], key_path(p, "no_match"));
  return ex;
}

CategoryWeights read_category_weights(const json& v, const std::string& path) {
  CategoryWeights w{};
  require_object(v, path);
  for (auto it = v.begin(); it != v.end(); ++it) {
    const int c = parse_category(it.key());
    if (c < 0) fail(key_path(path, it.key()), "unknown story category");
    w[c] = get_number(*it, key_path(path, it.key()), 0.0, 10.0);
  }
  return w;
}

void check_unique_id(std::set<std::string>* ids, const std::string& id, const std::string& path) {
  if (!ids->insert(id).second) fail(path, "duplicate rule id \"" + id + "\"");
}

CueRule read_cue(const json& v, const std::string& path, std::set<std::string>* ids) {
  require_object(v, path);
  check_fields(v, path, {"id", "kind", "pattern", "weight", "categories", "message", "negation_in_pattern", "examples"});
  CueRule r;
  r.id = required_name(v, path, "id");
  check_unique_id(ids, r.id, key_path(path, "id"));
  const std::string kind = required_string(v, path, "kind");
  if (!parse_kind(kind, &r.kind)) {
    fail(key_path(path, "kind"), "unknown kind \"" + kind +
                                     "\" (expected breakdown, rule_bending, advocacy, family_involvement or evidence)");
  }
  r.pattern = required_string(v, path, "pattern");
  if (v.contains("weight")) r.weight = get_number(v["weight"], key_path(path, "weight"), 0.0, 1.0);
  if (v.contains("categories")) r.categories = read_category_weights(v["categories"], key_path(path, "categories"));
  r.message = optional_string(v, path, "message");
  r.negation_in_pattern = optional_bool(v, path, "negation_in_pattern");
  r.examples = read_examples(v, path);
  return r;
}

ContextRole parse_role(const std::string& s, const std::string& path) {
  static const char* names[] = {"negated", "hypothetical", "historical", "family", "other", "pseudo", "terminate"};
  for (int i = 0; i < kContextRoleCount; ++i) {
    if (s == names[i]) return static_cast<ContextRole>(i);
  }
  fail(path, "unknown context role \"" + s +
                 "\" (expected negated, hypothetical, historical, family, other, pseudo or terminate)");
}

ContextRule read_context(const json& v, const std::string& path, std::set<std::string>* ids, int default_words) {
  require_object(v, path);
  check_fields(v, path, {"id", "role", "pattern", "direction", "max_words", "terminates", "kinds", "opens_sentence",
                         "examples"});
  ContextRule r;
  r.id = required_name(v, path, "id");
  check_unique_id(ids, r.id, key_path(path, "id"));
  r.role = parse_role(required_string(v, path, "role"), key_path(path, "role"));
  r.pattern = required_string(v, path, "pattern");
  // Pseudo-triggers mask text and terminators cut scopes on either side of
  // themselves: neither has a scope of its own, so a direction or a width
  // would be silently ignored. Refuse it instead.
  if (r.role == ContextRole::kPseudo || r.role == ContextRole::kTerminate) {
    for (const char* field : {"direction", "max_words"}) {
      if (v.contains(field)) {
        fail(key_path(path, field), std::string("a \"") + context_role_id(r.role) +
                                        "\" rule has no scope of its own; remove this field");
      }
    }
  }
  const std::string dir = v.contains("direction") ? get_string(v["direction"], key_path(path, "direction")) : "forward";
  if (dir == "forward") r.direction = Direction::kForward;
  else if (dir == "backward") r.direction = Direction::kBackward;
  else if (dir == "both") r.direction = Direction::kBoth;
  else fail(key_path(path, "direction"), "must be \"forward\", \"backward\" or \"both\"");
  r.max_words = v.contains("max_words")
                    ? static_cast<int>(get_number(v["max_words"], key_path(path, "max_words"), 1, 200))
                    : default_words;
  if (r.role == ContextRole::kTerminate) {
    if (v.contains("terminates")) {
      const auto roles = string_list(v["terminates"], key_path(path, "terminates"));
      for (size_t i = 0; i < roles.size(); ++i) {
        r.terminates |= 1u << static_cast<int>(parse_role(roles[i], index_path(key_path(path, "terminates"), i)));
      }
    } else {
      r.terminates = 0x1F;  // every scoped role
    }
  } else if (v.contains("terminates")) {
    fail(key_path(path, "terminates"), "only a rule with role \"terminate\" may list roles it terminates");
  }
  if (v.contains("kinds")) {
    const auto kinds = string_list(v["kinds"], key_path(path, "kinds"));
    for (size_t i = 0; i < kinds.size(); ++i) {
      Kind k;
      if (!parse_kind(kinds[i], &k)) fail(index_path(key_path(path, "kinds"), i), "unknown kind \"" + kinds[i] + "\"");
      r.kinds |= 1u << static_cast<int>(k);
    }
  }
  r.opens_sentence = optional_bool(v, path, "opens_sentence");
  if (r.opens_sentence && (r.role == ContextRole::kPseudo || r.role == ContextRole::kTerminate ||
                           r.direction == Direction::kBackward)) {
    fail(key_path(path, "opens_sentence"), "only a rule with a forward scope can open a sentence");
  }
  r.examples = read_examples(v, path);
  return r;
}

SectionRule read_section(const json& v, const std::string& path, std::set<std::string>* ids) {
  require_object(v, path);
  check_fields(v, path, {"id", "pattern", "historical", "hypothetical", "experiencer", "examples"});
  SectionRule r;
  r.id = required_name(v, path, "id");
  check_unique_id(ids, r.id, key_path(path, "id"));
  r.pattern = required_string(v, path, "pattern");
  auto flag = [&](const char* key) { return optional_bool(v, path, key); };
  r.historical = flag("historical");
  r.hypothetical = flag("hypothetical");
  const std::string exp = optional_string(v, path, "experiencer");
  if (!exp.empty() && exp != "family" && exp != "client") fail(key_path(path, "experiencer"), "must be \"client\" or \"family\"");
  r.family = exp == "family";
  r.examples = read_examples(v, path);
  return r;
}

PackExample read_pack_example(const json& v, const std::string& path) {
  require_object(v, path);
  check_fields(v, path, {"text", "kinds", "note"});
  PackExample ex;
  ex.text = required_string(v, path, "text");
  const auto kinds = string_list(require(v, path, "kinds"), key_path(path, "kinds"));
  for (size_t i = 0; i < kinds.size(); ++i) {
    Kind k;
    if (!parse_kind(kinds[i], &k) || k == Kind::kEvidence) {
      fail(index_path(key_path(path, "kinds"), i), "unknown moment kind \"" + kinds[i] + "\"");
    }
    ex.kinds.push_back(k);
  }
  ex.note = optional_string(v, path, "note");
  return ex;
}

// A learned model's feature the tokenizer can never produce ("Never", "no
// show", "e-mail") would silently weigh nothing, so it is refused.
void check_model_feature(const std::string& feature, const std::string& path) {
  if (!is_model_feature(feature)) {
    fail(path, "not a feature the model can see: one or two lower-case words ([a-z0-9] with an optional 's-like "
               "suffix) joined by one space");
  }
}

// A model's "weights" object: each key a feature the model can see, each value
// read by read_value (a number, or a row of numbers), kept in file order.
template <typename Value, typename ReadValue>
void read_model_weights(const json& w, const std::string& wp, ReadValue read_value,
                        std::vector<std::pair<std::string, Value>>* out) {
  require_object(w, wp);
  for (auto wi = w.begin(); wi != w.end(); ++wi) {
    const std::string fp = key_path(wp, wi.key());
    check_model_feature(wi.key(), fp);
    out->emplace_back(wi.key(), read_value(*wi, fp));
  }
}

// "sentence_model": {"min_probability": 0.8, "kinds": {"breakdown": {"bias":
// -4.1, "message": "...", "weights": {"never": 1.2, "never received": 0.9}}}}.
// Each kind present becomes a synthetic cue rule "sentence_model.<kind>".
void read_sentence_model(const json& v, RulePack* pack, std::set<std::string>* ids) {
  const std::string path = "/sentence_model";
  require_object(v, path);
  check_fields(v, path, {"description", "min_probability", "kinds"});
  optional_string(v, path, "description");  // for people only: checked to be a string, not kept
  SentenceModel& m = pack->sentence_model;
  if (v.contains("min_probability")) m.min_probability = get_number(v["min_probability"], key_path(path, "min_probability"), 0.01, 1.0);
  const std::string kinds_path = key_path(path, "kinds");
  const json& kinds = require(v, path, "kinds");
  require_object(kinds, kinds_path);
  if (kinds.empty()) fail(kinds_path, "must hold at least one moment kind");
  for (auto it = kinds.begin(); it != kinds.end(); ++it) {
    const std::string kp = key_path(kinds_path, it.key());
    Kind k;
    if (!parse_kind(it.key(), &k) || k == Kind::kEvidence) fail(kp, "unknown moment kind");
    const json& kv = *it;
    require_object(kv, kp);
    check_fields(kv, kp, {"bias", "message", "weights"});
    SentenceModelKind& mk = m.kinds[static_cast<int>(k)];
    mk.present = true;
    mk.bias = get_number(require(kv, kp, "bias"), key_path(kp, "bias"), -100.0, 100.0);
    auto number = [](const json& n, const std::string& p) { return get_number(n, p, -100.0, 100.0); };
    read_model_weights(require(kv, kp, "weights"), key_path(kp, "weights"), number, &mk.weights);
    mk.weight_count = mk.weights.size();
    CueRule r;
    r.id = std::string("sentence_model.") + kind_id(k);
    check_unique_id(ids, r.id, kp);
    r.kind = k;
    r.weight = 1.0;
    r.message = optional_string(kv, kp, "message");
    r.sentence_model = true;
    mk.cue = static_cast<int>(pack->cues.size());
    pack->cues.push_back(std::move(r));
  }
}

// "category_model": {"share": 0.3, "categories": [the seven ids, any order],
// "bias": [one per category], "weights": {"feature": [one per category]}}:
// arrays follow "categories", which keeps the pack small.
void read_category_model(const json& v, RulePack* pack) {
  const std::string path = "/category_model";
  require_object(v, path);
  check_fields(v, path, {"description", "share", "categories", "bias", "weights"});
  optional_string(v, path, "description");  // for people only: checked to be a string, not kept
  CategoryModel& m = pack->category_model;
  m.present = true;
  if (v.contains("share")) m.share = get_number(v["share"], key_path(path, "share"), 0.0, 1.0);
  const std::string cp = key_path(path, "categories");
  const auto ids = string_list(require(v, path, "categories"), cp);
  std::array<int, kCategoryCount> order{};
  std::array<bool, kCategoryCount> listed{};
  if (ids.size() != kCategoryCount) fail(cp, "must list each of the " + std::to_string(kCategoryCount) + " story categories once");
  for (size_t i = 0; i < ids.size(); ++i) {
    const int c = parse_category(ids[i]);
    if (c < 0) fail(index_path(cp, i), "unknown story category \"" + ids[i] + "\"");
    if (listed[c]) fail(index_path(cp, i), "category \"" + ids[i] + "\" listed twice");
    listed[c] = true;
    order[i] = c;
  }
  // One number per listed category, stored in the guide's category order.
  auto row = [&](const json& a, const std::string& p) {
    if (!a.is_array() || a.size() != kCategoryCount) fail(p, "must be an array of " + std::to_string(kCategoryCount) + " numbers, one per category");
    CategoryWeights w{};
    for (size_t i = 0; i < kCategoryCount; ++i) w[order[i]] = get_number(a[i], index_path(p, i), -100.0, 100.0);
    return w;
  };
  m.bias = row(require(v, path, "bias"), key_path(path, "bias"));
  read_model_weights(require(v, path, "weights"), key_path(path, "weights"), row, &m.weights);
  m.feature_count = m.weights.size();
}

void read_pack(const json& root, RulePack* pack) {
  require_object(root, "");
  check_fields(root, "", {"schema", "id", "version", "min_engine_version", "license", "description", "settings",
                          "cues", "context", "sections", "templates", "kind_categories", "examples",
                          "sentence_model", "category_model"});
  const std::string schema = required_string(root, "", "schema");
  if (schema != "exemplar.rulepack.v1") fail("/schema", "must be \"exemplar.rulepack.v1\"");
  pack->id = required_name(root, "", "id");
  pack->version = required_name(root, "", "version");
  std::array<int, 3> v{};
  if (!parse_semver(pack->version, &v)) fail("/version", "must be a semantic version such as 1.0.0");
  pack->min_engine_version = required_string(root, "", "min_engine_version");
  std::array<int, 3> need{};
  if (!parse_semver(pack->min_engine_version, &need)) fail("/min_engine_version", "must be a semantic version");
  const std::array<int, 3> have{kVersionMajor, kVersionMinor, kVersionPatch};
  if (need > have) {
    fail("/min_engine_version", "pack needs engine " + pack->min_engine_version + ", this is " + kVersionString,
         Code::kRulepackVersion);
  }
  pack->license = required_string(root, "", "license");
  pack->description = optional_string(root, "", "description");

  if (root.contains("settings")) {
    const json& s = root["settings"];
    require_object(s, "/settings");
    check_fields(s, "/settings", {"moment_threshold", "max_words"});
    if (s.contains("moment_threshold")) pack->moment_threshold = get_number(s["moment_threshold"], "/settings/moment_threshold", 0.0, 1.0);
    if (s.contains("max_words")) pack->default_max_words = static_cast<int>(get_number(s["max_words"], "/settings/max_words", 1, 200));
  }

  std::set<std::string> ids;
  const json& cues = require_array(root, "", "cues");
  if (cues.empty()) fail("/cues", "must hold at least one cue rule");
  for (size_t i = 0; i < cues.size(); ++i) pack->cues.push_back(read_cue(cues[i], index_path("/cues", i), &ids));
  if (root.contains("sentence_model")) read_sentence_model(root["sentence_model"], pack, &ids);

  if (root.contains("context")) {
    const json& ctx = require_array(root, "", "context");
    for (size_t i = 0; i < ctx.size(); ++i) {
      pack->context.push_back(read_context(ctx[i], index_path("/context", i), &ids, pack->default_max_words));
    }
  }
  if (root.contains("sections")) {
    const json& sec = require_array(root, "", "sections");
    for (size_t i = 0; i < sec.size(); ++i) pack->sections.push_back(read_section(sec[i], index_path("/sections", i), &ids));
  }
  if (root.contains("templates")) {
    const json& t = root["templates"];
    require_object(t, "/templates");
    check_fields(t, "/templates", {"affirm", "deny"});
    pack->templates.affirm = required_string(t, "/templates", "affirm");
    pack->templates.deny = required_string(t, "/templates", "deny");
  } else {
    pack->templates.affirm = R"(^(?:yes|y|true|present|involved)\b)";
    pack->templates.deny = R"(^(?:no|n|none|n/?a|false|absent|denies|not applicable)\b)";
  }
  if (root.contains("kind_categories")) {
    const json& kc = root["kind_categories"];
    require_object(kc, "/kind_categories");
    for (auto it = kc.begin(); it != kc.end(); ++it) {
      Kind k;
      if (!parse_kind(it.key(), &k) || k == Kind::kEvidence) fail(key_path("/kind_categories", it.key()), "unknown moment kind");
      pack->kind_categories[static_cast<int>(k)] = read_category_weights(*it, key_path("/kind_categories", it.key()));
    }
  }
  if (root.contains("category_model")) read_category_model(root["category_model"], pack);
  if (root.contains("examples")) {
    const json& ex = require_array(root, "", "examples");
    for (size_t i = 0; i < ex.size(); ++i) pack->examples.push_back(read_pack_example(ex[i], index_path("/examples", i)));
  }
}

}  // namespace

const char* context_role_id(ContextRole r) {
  static const char* names[] = {"negated", "hypothetical", "historical", "family", "other", "pseudo", "terminate"};
  return names[static_cast<int>(r)];
}

bool parse_semver(std::string_view s, std::array<int, 3>* out) {
  int part = 0;
  long value = -1;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '.' || s[i] == '-' || s[i] == '+') {
      if (value < 0 || part > 2) return false;
      (*out)[part++] = static_cast<int>(value);
      value = -1;
      if (i < s.size() && s[i] != '.') break;  // pre-release / build suffix
    } else if (s[i] >= '0' && s[i] <= '9') {
      value = (value < 0 ? 0 : value) * 10 + (s[i] - '0');
      if (value > 1000000) return false;
    } else {
      return false;
    }
  }
  return part == 3;
}

Status load_rule_pack(std::string_view bytes, RulePack* out) {
  if (bytes.size() > kMaxPackBytes) {
    return Status::Error(Code::kRulepackJson, "/: rule pack is larger than 16 MiB");
  }
  try {
    check_nesting(bytes);
    json root;
    try {
      root = json::parse(bytes.begin(), bytes.end());
    } catch (const json::parse_error& e) {
      // The library's message ends with "; last read: '<the bytes of the
      // failing token>'". Those bytes are dropped: a note handed over as a
      // rule pack by mistake would otherwise be quoted on standard error.
      std::string what = e.what();
      const size_t quote = what.find("; last read: ");
      if (quote != std::string::npos) what.erase(quote);
      return Status::Error(Code::kRulepackJson, "/: not valid JSON (byte " + std::to_string(e.byte) + "): " + what);
    }
    RulePack pack;
    read_pack(root, &pack);
    pack.sha256 = sha256_hex(bytes);
    *out = std::move(pack);
    return Status::Ok();
  } catch (const PackError& e) {
    return Status::Error(e.code, e.message);
  } catch (const std::bad_alloc&) {
    return Status::Error(Code::kOutOfMemory, "out of memory while reading the rule pack");
  } catch (const std::exception& e) {
    return Status::Error(Code::kRulepackInvalid, std::string("/: ") + e.what());
  }
}

}  // namespace exemplar
