#include "gold_corpus.h"

#include <set>

#include "../common.h"
#include "../jsonl_lines.h"

namespace exemplar::cli {
namespace {

int kind_index(const std::string& s) {
  Kind k;
  if (!parse_kind(s, &k) || k == Kind::kEvidence) return -1;
  return static_cast<int>(k);
}

}  // namespace

bool load_gold(const std::string& path, std::vector<GoldNote>* notes, std::vector<std::string>* problems,
               std::string* io_error) {
  std::set<std::string> ids;
  const Failure f = for_each_jsonl(
      path,
      [&](size_t line, const nlohmann::json& r) {
        GoldNote g;
        g.line = line;
        std::vector<std::string> bad;
        if (r.contains("id") && r["id"].is_string()) g.id = r["id"].get<std::string>();
        else bad.push_back("\"id\" must be a string");
        if (!g.id.empty() && !ids.insert(g.id).second) bad.push_back("duplicate id");
        if (r.contains("text") && r["text"].is_string() && !r["text"].get<std::string>().empty()) {
          g.text = r["text"].get<std::string>();
        } else {
          bad.push_back("\"text\" must be a non-empty string");
        }
        if (!r.contains("moments") || !r["moments"].is_array()) {
          bad.push_back("\"moments\" must be an array");
        } else {
          for (const auto& m : r["moments"]) {
            const int k = m.is_string() ? kind_index(m.get<std::string>()) : -1;
            if (k < 0) bad.push_back("\"moments\" holds an unknown kind (expected breakdown, rule_bending, advocacy, family_involvement)");
            else if (g.kinds[k]) bad.push_back(std::string("moment kind listed twice: ") + kind_id(static_cast<Kind>(k)));
            else g.kinds[k] = true;
          }
        }
        bool any = false;
        for (bool k : g.kinds) any = any || k;
        if (!r.contains("category")) {
          bad.push_back("\"category\" is missing");
        } else if (r["category"].is_null()) {
          if (any) bad.push_back("\"category\" is null but the note has moments");
        } else if (!r["category"].is_string() || parse_category(r["category"].get<std::string>()) < 0) {
          bad.push_back("\"category\" is not one of the seven category ids");
        } else {
          g.category = parse_category(r["category"].get<std::string>());
          if (!any) bad.push_back("\"category\" must be null when there are no moments");
        }
        if (!r.contains("evidence") || !r["evidence"].is_object()) {
          bad.push_back("\"evidence\" must be an object");
        } else {
          for (auto it = r["evidence"].begin(); it != r["evidence"].end(); ++it) {
            const int k = kind_index(it.key());
            if (k < 0 || !g.kinds[k]) {
              bad.push_back("evidence for \"" + it.key() + "\", which is not among the moments");
              continue;
            }
            if (!it->is_array() || it->empty()) {
              bad.push_back("evidence for \"" + it.key() + "\" must be a non-empty array");
              continue;
            }
            for (const auto& e : *it) {
              if (!e.is_string() || e.get<std::string>().empty()) {
                bad.push_back("evidence for \"" + it.key() + "\" must hold non-empty strings");
              } else if (g.text.find(e.get<std::string>()) == std::string::npos) {
                bad.push_back("an evidence string for \"" + it.key() + "\" is not a substring of the text");
              } else {
                g.evidence[k].push_back(e.get<std::string>());
              }
            }
          }
          for (int k = 0; k < kMomentKindCount; ++k) {
            if (g.kinds[k] && g.evidence[k].empty()) {
              bad.push_back(std::string("no evidence for moment \"") + kind_id(static_cast<Kind>(k)) + "\"");
            }
          }
        }
        for (const std::string& b : bad) {
          problems->push_back("line " + std::to_string(line) + " (" + (g.id.empty() ? "?" : g.id) + "): " + b);
        }
        if (bad.empty()) notes->push_back(std::move(g));
        return true;
      },
      [&](size_t line, const std::string& why) { problems->push_back("line " + std::to_string(line) + ": " + why); });
  if (!f.ok()) {
    *io_error = f.message;
    return false;
  }
  return true;
}

}  // namespace exemplar::cli
