#include "compiled_pack.h"

#include <algorithm>

namespace exemplar {
namespace {

// Memory budgets: a single rule, and the DFA of the whole set. A pathological
// pattern fails to compile with a clear error instead of eating memory.
constexpr int64_t kRuleMaxMem = 8 << 20;
constexpr int64_t kSetMaxMem = 256 << 20;

// Length caps on the pattern text. RE2 bounds matching time and the compiled
// program's memory, but not the time to parse a pattern: a 1 MiB alternation
// took 12 s before the memory budget refused it. The default pack's longest
// pattern is about 2.5 KiB, its total about 55 KiB.
constexpr size_t kMaxPatternBytes = 16 << 10;
constexpr size_t kMaxTotalPatternBytes = 512 << 10;

// Counts the pattern bytes of the whole pack against kMaxTotalPatternBytes.
struct PatternBudget {
  size_t used = 0;
};

// True when the pattern uses \C (any single byte, even inside a UTF-8
// character): its matches could cut a character in two, and every offset
// and snippet must fall on character boundaries. \Q...\E is a literal.
bool uses_any_byte(const std::string& p) {
  for (size_t i = 0; i + 1 < p.size(); ++i) {
    if (p[i] != '\\') continue;
    const char c = p[i + 1];
    if (c == 'C') return true;
    if (c == 'Q') {
      const size_t e = p.find("\\E", i + 2);
      if (e == std::string::npos) return false;
      i = e + 1;
    } else {
      ++i;  // the escaped character
    }
  }
  return false;
}

// `written` is the pattern as the pack wrote it (section patterns are
// compiled wrapped in ^(?:...)$); the caps apply to that.
Status compile_one(const std::string& pattern, const std::string& path, PatternBudget* budget,
                   std::unique_ptr<re2::RE2>* out, size_t written) {
  if (written > kMaxPatternBytes) {
    return Status::Error(Code::kRulepackPattern, path + ": pattern is " + std::to_string(written) +
                                                     " bytes; the limit is " + std::to_string(kMaxPatternBytes));
  }
  budget->used += written;
  if (budget->used > kMaxTotalPatternBytes) {
    return Status::Error(Code::kRulepackPattern, path + ": the pack's patterns together exceed " +
                                                     std::to_string(kMaxTotalPatternBytes) + " bytes");
  }
  if (uses_any_byte(pattern)) {
    return Status::Error(Code::kRulepackPattern,
                         path + ": \\C (any byte) is not allowed: its matches could split a UTF-8 character");
  }
  auto re = std::make_unique<re2::RE2>(pattern, pattern_options());
  if (!re->ok()) {
    std::string msg = path + ": " + re->error();
    if (re->error_code() == re2::RE2::ErrorPatternTooLarge) {
      msg = path + ": pattern too large (exceeds the 8 MiB compiled-regex budget)";
    }
    return Status::Error(Code::kRulepackPattern, msg);
  }
  *out = std::move(re);
  return Status::Ok();
}

Status compile_one(const std::string& pattern, const std::string& path, PatternBudget* budget,
                   std::unique_ptr<re2::RE2>* out) {
  return compile_one(pattern, path, budget, out, pattern.size());
}

Status check_examples(const re2::RE2& re, const RuleExamples& ex, const std::string& path, const std::string& id) {
  for (size_t i = 0; i < ex.match.size(); ++i) {
    if (!re2::RE2::PartialMatch(ex.match[i], re)) {
      return Status::Error(Code::kRulepackExample, path + "/examples/match/" + std::to_string(i) + ": rule \"" + id +
                                                       "\" does not match its example \"" + ex.match[i] + "\"");
    }
  }
  for (size_t i = 0; i < ex.no_match.size(); ++i) {
    if (re2::RE2::PartialMatch(ex.no_match[i], re)) {
      return Status::Error(Code::kRulepackExample, path + "/examples/no_match/" + std::to_string(i) + ": rule \"" +
                                                       id + "\" matches its counter-example \"" + ex.no_match[i] + "\"");
    }
  }
  return Status::Ok();
}

// `rules[i]` is the index (in the pack's JSON array `what`) of patterns[i].
Status build_set(const std::vector<const std::string*>& patterns, const std::vector<int>& rules,
                 const std::string& what, std::unique_ptr<re2::RE2::Set>* out) {
  re2::RE2::Options opts = pattern_options();
  opts.set_max_mem(kSetMaxMem);
  auto set = std::make_unique<re2::RE2::Set>(opts, re2::RE2::UNANCHORED);
  for (size_t i = 0; i < patterns.size(); ++i) {
    std::string err;
    if (set->Add(*patterns[i], &err) != static_cast<int>(i)) {
      return Status::Error(Code::kRulepackPattern, "/" + what + "/" + std::to_string(rules[i]) + "/pattern: " + err);
    }
  }
  if (!set->Compile()) {
    return Status::Error(Code::kRulepackPattern, "/" + what + ": the patterns together exceed the 256 MiB regex budget");
  }
  *out = std::move(set);
  return Status::Ok();
}

}  // namespace

re2::RE2::Options pattern_options() {
  re2::RE2::Options o;
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  o.set_max_mem(kRuleMaxMem);
  return o;
}

Status compile_pack(RulePack pack, CompiledPack* out) {
  CompiledPack cp;
  PatternBudget budget;
  std::vector<const std::string*> cue_patterns, evidence_patterns, ctx_patterns;
  for (size_t i = 0; i < pack.cues.size(); ++i) {
    if (pack.cues[i].sentence_model) {
      cp.cue_res.push_back(nullptr);
      continue;
    }
    const std::string path = "/cues/" + std::to_string(i);
    std::unique_ptr<re2::RE2> re;
    Status st = compile_one(pack.cues[i].pattern, path + "/pattern", &budget, &re);
    if (st.ok()) st = check_examples(*re, pack.cues[i].examples, path, pack.cues[i].id);
    if (!st.ok()) return st;
    cp.cue_res.push_back(std::move(re));
    if (pack.cues[i].kind == Kind::kEvidence) {
      evidence_patterns.push_back(&pack.cues[i].pattern);
      cp.evidence_set_rules.push_back(static_cast<int>(i));
    } else {
      cue_patterns.push_back(&pack.cues[i].pattern);
      cp.cue_set_rules.push_back(static_cast<int>(i));
    }
  }
  for (size_t i = 0; i < pack.context.size(); ++i) {
    const std::string path = "/context/" + std::to_string(i);
    std::unique_ptr<re2::RE2> re;
    Status st = compile_one(pack.context[i].pattern, path + "/pattern", &budget, &re);
    if (st.ok()) st = check_examples(*re, pack.context[i].examples, path, pack.context[i].id);
    if (!st.ok()) return st;
    cp.context_res.push_back(std::move(re));
    const ContextRole role = pack.context[i].role;
    if (role != ContextRole::kPseudo && role != ContextRole::kTerminate) {
      cp.widest_scope_words = std::max(cp.widest_scope_words, pack.context[i].max_words);
    }
    ctx_patterns.push_back(&pack.context[i].pattern);
  }
  for (size_t i = 0; i < pack.sections.size(); ++i) {
    const std::string path = "/sections/" + std::to_string(i);
    // Section patterns name the whole heading: anchor them.
    std::unique_ptr<re2::RE2> re;
    Status st = compile_one("^(?:" + pack.sections[i].pattern + ")$", path + "/pattern", &budget, &re,
                            pack.sections[i].pattern.size());
    if (st.ok()) st = check_examples(*re, pack.sections[i].examples, path, pack.sections[i].id);
    if (!st.ok()) return st;
    cp.section_res.push_back(std::move(re));
  }
  Status st = compile_one(pack.templates.affirm, "/templates/affirm", &budget, &cp.affirm_re);
  if (st.ok()) st = compile_one(pack.templates.deny, "/templates/deny", &budget, &cp.deny_re);
  if (st.ok() && cue_patterns.empty()) {
    st = Status::Error(Code::kRulepackInvalid, "/cues: the pack has no cue of a moment kind (only evidence)");
  }
  if (st.ok()) st = build_set(cue_patterns, cp.cue_set_rules, "cues", &cp.cue_set);
  if (st.ok() && !evidence_patterns.empty()) st = build_set(evidence_patterns, cp.evidence_set_rules, "cues", &cp.evidence_set);
  if (st.ok() && !ctx_patterns.empty()) {
    std::vector<int> identity(ctx_patterns.size());
    for (size_t i = 0; i < identity.size(); ++i) identity[i] = static_cast<int>(i);
    st = build_set(ctx_patterns, identity, "context", &cp.context_set);
  }
  if (!st.ok()) return st;
  cp.sentence_model = compile_sentence_model(pack.sentence_model);
  cp.category_model = compile_category_model(pack.category_model);
  // The compiled tables hold the models' weights now; the copies as read
  // would double their memory (megabytes in a browser) for nothing.
  for (auto& mk : pack.sentence_model.kinds) std::vector<std::pair<std::string, double>>().swap(mk.weights);
  std::vector<std::pair<std::string, CategoryWeights>>().swap(pack.category_model.weights);
  cp.pack = std::move(pack);
  *out = std::move(cp);
  return Status::Ok();
}

}  // namespace exemplar
