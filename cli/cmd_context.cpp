// exemplar context: the ConText-style context engine on its own, for any
// target phrase. Reads JSON Lines {"id", "text", "target"} (or "start" and
// "end" byte offsets) and writes {"id", "found", "negated", "hypothetical",
// "historical", "experiencer"} per line.
#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "common.h"
#include "error_record.h"
#include "json_writer.h"
#include "jsonl_lines.h"
#include "options.h"

namespace exemplar::cli {
namespace {

const char kHelp[] =
    "Usage: exemplar context [FILE|-] [--rules PACK.json]\n"
    "\n"
    "Runs only the context engine (negation, hypothetical, historical,\n"
    "experiencer) on target phrases. Each input line is a JSON object:\n"
    "  {\"id\": \"1\", \"text\": \"Denies chest pain.\", \"target\": \"chest pain\"}\n"
    "(the first case-insensitive occurrence of target in text), or with byte\n"
    "offsets instead of a target:\n"
    "  {\"id\": \"2\", \"text\": \"...\", \"start\": 7, \"end\": 17}\n"
    "Each output line:\n"
    "  {\"id\":\"1\",\"found\":true,\"negated\":true,\"hypothetical\":false,\n"
    "   \"historical\":false,\"experiencer\":\"patient\"}\n"
    "experiencer is patient, family or other. A line whose target is not in the\n"
    "text gives found:false and the other fields false/patient; a broken line\n"
    "gives {\"id\":..., \"error\": {\"code\":..., \"message\":...}} and the run goes on.\n"
    "\n"
    "Options:\n"
    "  --rules PACK.json   Use this rule pack's context rules instead of the default.\n"
    "  -h, --help          Show this help.\n"
    "\n"
    "Exit codes: 0 success, 2 usage error, 3 rule pack invalid, 4 I/O error,\n"
    "5 completed but some lines were broken.\n";


// Byte offset of the first case-insensitive (ASCII) occurrence, or npos.
size_t find_ci(const std::string& text, const std::string& target) {
  if (target.empty()) return std::string::npos;
  auto it = std::search(text.begin(), text.end(), target.begin(), target.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it == text.end() ? std::string::npos : static_cast<size_t>(it - text.begin());
}

void write_id(JsonWriter& w, const nlohmann::json* id) {
  w.key("id");
  if (!id) w.null();
  else if (id->is_string()) w.string(id->get<std::string>());
  else w.string(id->dump());
}

// The id as the record gave it: a string as is, another JSON value as its
// text, none as null.
std::string error_line(const nlohmann::json* id, const char* code, const std::string& message) {
  if (!id) return error_record(nullptr, code, message) + "\n";
  const std::string text = id->is_string() ? id->get<std::string>() : id->dump();
  return error_record(&text, code, message) + "\n";
}

int run_context(const std::vector<std::string>& args) {
  std::string rules;
  bool help = false;
  OptionParser p;
  p.value("rules", &rules);
  p.flag("help", &help, 'h');
  std::vector<std::string> inputs;
  std::string err;
  if (!p.parse(args, &inputs, &err)) return usage_error("context", err);
  if (help) return print_help(kContextCommand);
  if (inputs.size() > 1) return usage_error("context", "expected at most one input file");
  const std::string input = inputs.empty() ? "-" : inputs[0];

  std::unique_ptr<Engine> engine;
  Failure f = load_engine(rules, &engine);
  if (!f.ok()) return report(f);

  size_t broken = 0;
  f = for_each_jsonl(
      input,
      [&](size_t line, const nlohmann::json& rec) {
        const nlohmann::json* id = rec.contains("id") ? &rec["id"] : nullptr;
        if (!rec.contains("text") || !rec["text"].is_string()) {
          ++broken;
          write_stdout(error_line(id, "missing_text", "line " + std::to_string(line) + ": no string field \"text\""));
          return true;
        }
        const std::string text = rec["text"].get<std::string>();
        size_t start = std::string::npos, end = 0;
        if (rec.contains("target") && rec["target"].is_string()) {
          const std::string target = rec["target"].get<std::string>();
          start = find_ci(text, target);
          end = start == std::string::npos ? 0 : start + target.size();
        } else if (rec.contains("start") && rec.contains("end") && rec["start"].is_number_unsigned() &&
                   rec["end"].is_number_unsigned()) {
          start = rec["start"].get<size_t>();
          end = rec["end"].get<size_t>();
          if (start > end || end > text.size()) {
            ++broken;
            write_stdout(error_line(id, "index_out_of_range",
                                    "line " + std::to_string(line) + ": start/end are outside the text"));
            return true;
          }
        } else {
          ++broken;
          write_stdout(error_line(id, "missing_target",
                                  "line " + std::to_string(line) + ": needs \"target\" or \"start\" and \"end\""));
          return true;
        }
        ContextResult r;
        const bool found = start != std::string::npos;
        if (found) {
          const Status st = engine->context_of(text, Span{start, end}, &r);
          if (!st.ok()) {
            ++broken;
            write_stdout(error_line(id, code_name(st.code), "line " + std::to_string(line) + ": " + st.message));
            return true;
          }
        }
        std::string out;
        JsonWriter w(&out);
        w.begin_object();
        write_id(w, id);
        w.key("found");
        w.boolean(found);
        w.key("negated");
        w.boolean(r.negated);
        w.key("hypothetical");
        w.boolean(r.hypothetical);
        w.key("historical");
        w.boolean(r.historical);
        w.key("experiencer");
        w.string(r.experiencer == Experiencer::kClient ? "patient"
                 : r.experiencer == Experiencer::kFamily ? "family"
                                                         : "other");
        w.end_object();
        write_stdout(out + "\n");
        return true;
      },
      [&](size_t line, const std::string& why) {
        ++broken;
        write_stdout(error_line(nullptr, "bad_json", "line " + std::to_string(line) + ": " + why));
      });
  if (!f.ok()) return report(f);
  f = finish_stdout();
  if (!f.ok()) return report(f);
  if (broken) {
    report({kExitPartial, display_name(input) + ": " + std::to_string(broken) + " line(s) could not be used"});
    return kExitPartial;
  }
  return kExitOk;
}

}  // namespace

const Command kContextCommand = {"context", "Run the context engine (negation, hypothetical, ...) on target phrases",
                                 kHelp, run_context};

}  // namespace exemplar::cli
