#include "options.h"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace exemplar::cli {
namespace {

// Levenshtein distance, for "did you mean" suggestions on short names.
size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

void OptionParser::flag(const std::string& name, bool* out, char short_name) {
  Option o;
  o.name = name;
  o.short_name = short_name;
  o.flag_out = out;
  options_.push_back(o);
}

void OptionParser::value(const std::string& name, std::string* out, bool* given) {
  Option o;
  o.name = name;
  o.takes_value = true;
  o.value_out = out;
  o.given = given;
  options_.push_back(o);
}

const OptionParser::Option* OptionParser::find(const std::string& name) const {
  for (const Option& o : options_) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

std::string OptionParser::suggestion(const std::string& name) const {
  const Option* best = nullptr;
  size_t best_d = 3;  // suggest only close names
  for (const Option& o : options_) {
    size_t d = edit_distance(name, o.name);
    // A unique-looking prefix ("--form") is as good as a typo away.
    if (name.size() >= 3 && o.name.compare(0, name.size(), name) == 0) d = std::min<size_t>(d, 1);
    if (d < best_d) {
      best_d = d;
      best = &o;
    }
  }
  return best ? " (did you mean '--" + best->name + "'?)" : "";
}

bool OptionParser::parse(const std::vector<std::string>& args, std::vector<std::string>* positionals,
                         std::string* error) const {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      positionals->insert(positionals->end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      return true;
    }
    if (arg.size() < 2 || arg[0] != '-') {  // includes "-" (standard input)
      positionals->push_back(arg);
      continue;
    }
    if (arg[1] != '-') {  // a short option: only declared one-letter aliases
      const Option* o = nullptr;
      if (arg.size() == 2) {
        for (const Option& c : options_) {
          if (c.short_name == arg[1]) o = &c;
        }
      }
      if (!o) {
        *error = "unknown option '" + arg + "'";
        return false;
      }
      *o->flag_out = true;
      continue;
    }
    const size_t eq = arg.find('=');
    const std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    const Option* o = find(name);
    if (!o) {
      *error = "unknown option '--" + name + "'" + suggestion(name);
      return false;
    }
    if (!o->takes_value) {
      if (eq != std::string::npos) {
        *error = "option '--" + name + "' takes no value";
        return false;
      }
      *o->flag_out = true;
      continue;
    }
    if (eq != std::string::npos) {
      *o->value_out = arg.substr(eq + 1);
    } else if (i + 1 < args.size()) {
      *o->value_out = args[++i];
    } else {
      *error = "option '--" + name + "' needs a value";
      return false;
    }
    if (o->given) *o->given = true;
  }
  return true;
}

bool parse_byte_count(const std::string& s, size_t* out) {
  size_t i = 0;
  uint64_t v = 0;
  constexpr uint64_t kMax = std::numeric_limits<size_t>::max();
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    const uint64_t digit = static_cast<uint64_t>(s[i] - '0');
    if (v > (kMax - digit) / 10) return false;
    v = v * 10 + digit;
    ++i;
  }
  if (i == 0) return false;
  std::string suffix = s.substr(i);
  for (char& c : suffix) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  int shift = 0;
  if (suffix.empty() || suffix == "B") shift = 0;
  else if (suffix == "K" || suffix == "KIB") shift = 10;
  else if (suffix == "M" || suffix == "MIB") shift = 20;
  else if (suffix == "G" || suffix == "GIB") shift = 30;
  else return false;
  if (shift && v > (kMax >> shift)) return false;
  *out = static_cast<size_t>(v << shift);
  return true;
}

}  // namespace exemplar::cli
