#include "text_report.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace exemplar::cli {
namespace {

// ANSI styling that disappears when colour is off.
struct Style {
  bool on = false;
  const char* code(const char* c) const { return on ? c : ""; }
  const char* reset() const { return on ? "\x1b[0m" : ""; }
  std::string wrap(const char* c, std::string_view s) const {
    if (!on) return std::string(s);
    return std::string(c) + std::string(s) + "\x1b[0m";
  }
};
constexpr const char* kBold = "\x1b[1m";
constexpr const char* kDim = "\x1b[2m";
constexpr const char* kAffirmed = "\x1b[1;32m";  // bold green
constexpr const char* kNotCounted = "\x1b[33m";  // yellow
constexpr const char* kLabel = "\x1b[36m";       // cyan

std::string fmt2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string count(size_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string pad(std::string s, size_t width) {
  if (s.size() < width) s.resize(width, ' ');
  return s;
}

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Line starts, for "line:column" (columns count code points, from 1).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) : text_(text) {
    starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') starts_.push_back(i + 1);
    }
  }
  size_t line_count() const {
    // A final newline ends the last line rather than starting an empty one.
    return !text_.empty() && text_.back() == '\n' ? starts_.size() - 1 : starts_.size();
  }
  std::string locate(size_t pos) const {
    const size_t line = static_cast<size_t>(std::upper_bound(starts_.begin(), starts_.end(), pos) - starts_.begin());
    size_t col = 1;
    for (size_t i = starts_[line - 1]; i < pos && i < text_.size(); ++i) {
      if (!is_continuation(static_cast<unsigned char>(text_[i]))) ++col;
    }
    return std::to_string(line) + ":" + std::to_string(col);
  }

 private:
  std::string_view text_;
  std::vector<size_t> starts_;
};

// Appends the character at text[pos] with anything a terminal would
// interpret made visible: C0/C1 controls, DEL and bidirectional overrides
// (which could reorder what is shown). In `inline_mode` newlines and tabs
// are shown too, so the result stays on one line. Returns the next position.
size_t put_char(std::string_view text, size_t pos, bool inline_mode, std::string* out) {
  const unsigned char c = static_cast<unsigned char>(text[pos]);
  if (c == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') return pos + 1;  // CRLF: the \n ends the line
  if (c == '\n' || c == '\t') {
    if (!inline_mode) out->push_back(static_cast<char>(c));
    else out->append(c == '\n' ? "\xE2\x86\xB5" : " ");  // ↵
    return pos + 1;
  }
  if (c < 0x20 || c == 0x7F) {  // control pictures: U+2400.. and ␡
    const unsigned cp = c == 0x7F ? 0x2421 : 0x2400 + c;
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    return pos + 1;
  }
  auto next = [&](size_t k) { return pos + k < text.size() ? static_cast<unsigned char>(text[pos + k]) : 0; };
  unsigned hidden = 0;
  size_t len = 1;
  if (c == 0xC2 && next(1) >= 0x80 && next(1) <= 0x9F) {  // C1 controls
    hidden = next(1);
    len = 2;
  } else if (c == 0xE2 && ((next(1) == 0x80 && next(2) >= 0xAA && next(2) <= 0xAE) ||
                           (next(1) == 0x81 && next(2) >= 0xA6 && next(2) <= 0xA9))) {  // bidi controls
    hidden = 0x2000 | ((next(1) & 0x3Fu) << 6) | (next(2) & 0x3Fu);
    len = 3;
  }
  if (hidden) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "<U+%04X>", hidden);
    out->append(buf);
    return pos + len;
  }
  out->push_back(static_cast<char>(c));
  return pos + 1;
}

std::string quote(std::string_view text, Span s) {
  std::string out = "\"";
  for (size_t p = s.start; p < s.end && p < text.size();) p = put_char(text, p, true, &out);
  return out + "\"";
}

// Why a cue does not make a moment, in words.
std::vector<std::string> not_counted_reasons(const Moment& m) {
  std::vector<std::string> r;
  if (m.negated) r.push_back("negated");
  if (m.hypothetical) r.push_back("hypothetical");
  if (m.experiencer == Experiencer::kFamily) r.push_back("about family");
  if (m.experiencer == Experiencer::kOther) r.push_back("about someone else");
  if (r.empty() && m.templated) r.push_back("form answer does not affirm it");
  if (r.empty()) r.push_back("not affirmed");
  return r;
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string s;
  for (size_t i = 0; i < parts.size(); ++i) s += (i ? sep : "") + parts[i];
  return s;
}

// The inline tag of one moment: "advocacy", "breakdown, historical",
// "family_involvement: negated".
std::string inline_label(const Moment& m) {
  std::string s = kind_id(m.kind);
  if (m.affirmed) return m.historical ? s + ", historical" : s;
  return s + ": " + join(not_counted_reasons(m), ", ");
}

// Overlapping cues (of different kinds) are marked as one stretch.
struct Mark {
  size_t start, end;
  bool affirmed = false;
  std::vector<const Moment*> moments;
};

std::vector<Mark> build_marks(const std::vector<Moment>& moments) {
  std::vector<const Moment*> sorted;
  for (const Moment& m : moments) sorted.push_back(&m);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Moment* a, const Moment* b) { return a->span.start < b->span.start; });
  std::vector<Mark> marks;
  for (const Moment* m : sorted) {
    if (!marks.empty() && (m->span.start < marks.back().end || m->span.start == marks.back().start)) {
      marks.back().end = std::max(marks.back().end, m->span.end);
    } else {
      marks.push_back(Mark{m->span.start, m->span.end, false, {}});
    }
    marks.back().affirmed = marks.back().affirmed || m->affirmed;
    marks.back().moments.push_back(m);
  }
  return marks;
}

class Renderer {
 public:
  Renderer(const RulePack& pack, std::string_view text, const Analysis& a, const TextReportOptions& o, std::string* out)
      : pack_(pack), text_(text), a_(a), o_(o), out_(*out), st_{o.color}, lines_(text) {}

  void render() {
    header();
    if (o_.include_text) note_view();
    moments();
    evidence();
    verdict();
  }

 private:
  void heading(const std::string& s) { out_ += "\n" + st_.wrap(kBold, s) + "\n"; }

  void header() {
    out_ += st_.wrap(kBold, "Note") + "  " + o_.source + " (" + count(text_.size(), "byte") + ", " +
            count(lines_.line_count(), "line") + ")";
    if (o_.id) out_ += ", id " + *o_.id;
    out_ += "\n" + st_.wrap(kBold, "Rule pack") + " " + pack_.id + " " + pack_.version + " (sha256 " +
            pack_.sha256.substr(0, 12) + "...)\n";
    if (o_.repaired) {
      out_ += st_.wrap(kNotCounted, "Invalid UTF-8 in the note was replaced with U+FFFD; positions refer to the repaired text.") + "\n";
    }
  }

  void gutter(size_t line, size_t width) {
    std::string n = std::to_string(line);
    out_ += st_.code(kDim);
    out_ += std::string(width > n.size() ? width - n.size() : 0, ' ') + n + " | ";
    out_ += st_.reset();
  }

  void open_mark(const Mark& m) {
    out_ += st_.code(m.affirmed ? kAffirmed : kNotCounted);
    out_ += m.affirmed ? "[[" : "((";
  }

  void close_mark(const Mark& m) {
    out_ += m.affirmed ? "]]" : "))";
    out_ += st_.reset();
    std::vector<std::string> labels;
    for (const Moment* x : m.moments) labels.push_back(inline_label(*x));
    out_ += st_.wrap(kLabel, "{" + join(labels, "; ") + "}");
  }

  // The note, line by line with numbers, each cue marked in place:
  // [[cue]]{kind} for an affirmed cue, ((cue)){kind: reason} for one that
  // does not count.
  void note_view() {
    heading("Note text  [[...]] affirmed cue, ((...)) cue that does not count");
    const std::vector<Mark> marks = build_marks(a_.moments);
    const size_t width = std::to_string(std::max<size_t>(lines_.line_count(), 1)).size();
    size_t line = 1, next = 0, pos = 0;
    const Mark* open = nullptr;
    gutter(line, width);
    while (pos < text_.size() || open || (next < marks.size() && marks[next].start <= pos)) {
      if (open && pos >= open->end) {
        close_mark(*open);
        open = nullptr;
        continue;
      }
      if (!open && next < marks.size() && marks[next].start <= pos) {
        open = &marks[next++];
        open_mark(*open);
        continue;
      }
      if (pos >= text_.size()) break;
      if (text_[pos] == '\n') {
        if (open) out_ += st_.reset();
        out_ += "\n";
        ++pos;
        if (pos < text_.size()) {
          gutter(++line, width);
          if (open) out_ += st_.code(open->affirmed ? kAffirmed : kNotCounted);
        }
        continue;
      }
      pos = put_char(text_, pos, false, &out_);
    }
    if (text_.empty() || text_.back() != '\n') out_ += "\n";
  }

  std::string where(Span s) const {
    std::string w = lines_.locate(s.start);
    return "at " + w + " (bytes " + std::to_string(s.start) + "-" + std::to_string(s.end) + ")";
  }

  std::string trigger_line(const AppliedTrigger& t) const {
    const std::string rule = t.rule >= 0 ? pack_.context[t.rule].id : "section." + pack_.sections[t.section].id;
    std::string s = std::string(context_role_id(static_cast<ContextRole>(t.role))) + " <- " + rule;
    if (o_.include_text) s += " " + quote(text_, t.span);
    return s + " " + where(t.span);
  }

  static std::string attributes(const Moment& m) {
    std::vector<std::string> at;
    if (m.negated) at.push_back("negated");
    if (m.hypothetical) at.push_back("hypothetical");
    if (m.historical) at.push_back("historical");
    if (m.experiencer != Experiencer::kClient) at.push_back(std::string("experiencer ") + experiencer_id(m.experiencer));
    if (m.templated) at.push_back("templated (form line or checkbox)");
    return at.empty() ? "plain statement about the client" : join(at, ", ");
  }

  void moment(size_t i, const Moment& m) {
    const CueRule& rule = pack_.cues[m.rule];
    const std::string num = std::to_string(i + 1);
    out_ += "  " + pad(num + ".", 4) + st_.wrap(kBold, pad(kind_id(m.kind), 20));
    if (m.affirmed) out_ += st_.wrap(kAffirmed, "affirmed") + ", score " + fmt2(m.score);
    else out_ += st_.wrap(kNotCounted, "not counted: " + join(not_counted_reasons(m), ", "));
    out_ += "\n";
    const std::string indent = "      ";
    out_ += indent + "cue      " + (o_.include_text ? quote(text_, m.span) + " " : "") + where(m.span) + "\n";
    out_ += indent + "rule     " + rule.id + (rule.message.empty() ? "" : ": " + rule.message) + "\n";
    out_ += indent + "context  " + attributes(m) + "\n";
    for (const AppliedTrigger& t : m.triggers) out_ += indent + "         " + trigger_line(t) + "\n";
  }

  void moments() {
    size_t affirmed = 0;
    for (const Moment& m : a_.moments) affirmed += m.affirmed ? 1 : 0;
    heading("Moments (" + count(a_.moments.size(), "cue") + ", " + std::to_string(affirmed) + " affirmed)");
    if (a_.moments.empty()) out_ += "  none: no cue of the four kinds in this note\n";
    for (size_t i = 0; i < a_.moments.size(); ++i) moment(i, a_.moments[i]);
  }

  // Category-evidence cues: not moments, but they steer the category.
  void evidence() {
    if (a_.evidence.empty()) return;
    heading("Category evidence (" + count(a_.evidence.size(), "cue") + ")");
    for (const Moment& m : a_.evidence) {
      std::string s = "  " + pad(pack_.cues[m.rule].id, 28);
      if (o_.include_text) s += quote(text_, m.span) + " ";
      s += where(m.span);
      if (!m.affirmed) s += " " + st_.wrap(kNotCounted, "(not counted: " + join(not_counted_reasons(m), ", ") + ")");
      out_ += s + "\n";
    }
  }

  void verdict() {
    std::vector<std::string> others;
    bool any = false;
    for (int k = 0; k < kMomentKindCount; ++k) any = any || a_.kind_affirmed[k];
    if (any) {
      heading("Affirmed kinds (threshold " + fmt2(pack_.moment_threshold) + ")");
      for (int k = 0; k < kMomentKindCount; ++k) {
        if (a_.kind_affirmed[k]) out_ += "  " + pad(kind_id(static_cast<Kind>(k)), 22) + fmt2(a_.kind_scores[k]) + "\n";
        else others.push_back(std::string(kind_id(static_cast<Kind>(k))) + " " + fmt2(a_.kind_scores[k]));
      }
      if (!others.empty()) out_ += st_.wrap(kDim, "  not affirmed: " + join(others, ", ")) + "\n";
    }
    if (!a_.category.present || a_.category.ranking.empty()) {
      out_ += "\n" + st_.wrap(kBold, "No teachable moment found; no category suggested.") + "\n";
      return;
    }
    const CategoryScore& top = a_.category.ranking[0];
    heading("Category");
    out_ += "  " + st_.wrap(kAffirmed, category_id(top.category)) + ": " + category_label(top.category) + " (" +
            fmt2(top.score) + ")\n";
    heading("Ranking");
    for (size_t i = 0; i < a_.category.ranking.size(); ++i) {
      const CategoryScore& c = a_.category.ranking[i];
      out_ += "  " + pad(std::to_string(i + 1) + ".", 4) + pad(category_id(c.category), 22) + fmt2(c.score) + "\n";
    }
    heading("Rationale");
    out_ += "  ";
    const std::string& r = a_.category.rationale;
    for (size_t p = 0; p < r.size();) p = put_char(r, p, true, &out_);
    out_ += "\n";
  }

  const RulePack& pack_;
  std::string_view text_;
  const Analysis& a_;
  const TextReportOptions& o_;
  std::string& out_;
  Style st_;
  LineIndex lines_;
};

}  // namespace

void render_text_report(const RulePack& pack, std::string_view text, const Analysis& a, const TextReportOptions& opts,
                        std::string* out) {
  Renderer(pack, text, a, opts, out).render();
}

}  // namespace exemplar::cli
