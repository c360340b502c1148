// The Exemplar engine: a compiled rule pack and the pipeline that turns a
// note into moments and a story category. Immutable after construction and
// safe to share between threads; analyze() touches no global state.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "analysis.h"
#include "compiled_pack.h"
#include "context_resolver.h"
#include "pattern_scanner.h"
#include "status.h"

namespace exemplar {

struct AnalyzeOptions {
  bool replace_invalid_utf8 = false;  // repair with U+FFFD instead of failing
  bool include_snippets = true;       // false: no note text in the output
  size_t max_note_bytes = 0;          // 0: no limit
};

class Engine {
 public:
  // The rule pack embedded in the library. Its whole-note examples are run
  // by the test suite (and by `exemplar rules check`), not at every start.
  static Status create_default(std::unique_ptr<Engine>* out);
  // A rule pack given as JSON bytes. Checks every example it carries
  // (`check_examples` false skips the whole-note examples; the rules' own
  // match/no_match examples are always checked).
  static Status create_from_json(std::string_view json, std::unique_ptr<Engine>* out, bool check_examples = true);

  // Analyses one note. `text` must be valid UTF-8 unless the options ask for
  // repair; then `repaired` (when not null) receives the repaired text that
  // the offsets refer to, and is left empty when nothing needed repair.
  Status analyze(std::string_view text, const AnalyzeOptions& opts, Analysis* out,
                 std::string* repaired = nullptr) const;

  // The same, as the public JSON document ("exemplar.analysis.v1"). `id` is
  // echoed when not null; `analysis`, when not null, also receives the result.
  // `repaired`, when not null, receives the repaired text (empty when the
  // note needed no repair), as in analyze().
  Status analyze_json(std::string_view text, const AnalyzeOptions& opts, const std::string* id, std::string* json,
                      Analysis* analysis = nullptr, std::string* repaired = nullptr) const;

  // Context of an arbitrary target span in `text` (the context API).
  Status context_of(std::string_view text, Span target, ContextResult* out) const;

  const RulePack& pack() const { return cp_.pack; }
  const CompiledPack& compiled() const { return cp_; }

 private:
  Engine() = default;
  struct NoteContext;
  Status check_pack_examples() const;
  void run(std::string_view text, const AnalyzeOptions& opts, Analysis* out) const;
  void judge_hits(const NoteContext& nc, const std::vector<Hit>& hits, std::vector<Moment>* out) const;
  void read_sentences(const NoteContext& nc, std::vector<Moment>* moments) const;
  void judge_context(const NoteContext& nc, const SentenceContext& sc, const ContextTarget& target, Moment* m) const;
  CompiledPack cp_;
};

// The embedded default pack's JSON bytes.
std::string_view default_rule_pack_json();

}  // namespace exemplar
