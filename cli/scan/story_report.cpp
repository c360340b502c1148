#include "scan/story_report.h"

#include <algorithm>
#include <cstdio>

#include "taxonomy.h"

namespace exemplar::cli::scan {
namespace {

const char* const kCategoryColors[kCategoryCount] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759",
                                                     "#b07aa1", "#76b7b2", "#edc948"};
const char* const kKindColors[kMomentKindCount] = {"#c0392b", "#8e44ad", "#2471a3", "#1e8449"};
const char kNoneColor[] = "#9e9e9e";

std::string percent(uint64_t n, uint64_t total) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", total ? 100.0 * static_cast<double>(n) / static_cast<double>(total) : 0.0);
  return buf;
}

std::string html(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case ':':
        // No URL in the page, not even one quoted from a note.
        if (s.compare(i + 1, 2, "//") == 0) out += "&#58;";
        else out.push_back(c);
        break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string md(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>': case '|': case '#':
        out.push_back('\\');
        out.push_back(c);
        break;
      case '\n': case '\r': case '\t': out.push_back(' '); break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string kinds_text(const RecordSummary& s) {
  std::string k;
  for (int i = 0; i < kMomentKindCount; ++i) {
    if (s.kinds[i]) k += std::string(k.empty() ? "" : ", ") + kind_id(static_cast<Kind>(i));
  }
  return k.empty() ? "none" : k;
}

std::string evidence_ref(const Evidence& e) {
  return e.rule + " @ " + std::to_string(e.start) + "-" + std::to_string(e.end);
}

std::string kind_breakdown(const std::array<uint64_t, kMomentKindCount>& counts) {
  std::string s;
  for (int k = 0; k < kMomentKindCount; ++k) {
    if (!counts[k]) continue;
    s += std::string(s.empty() ? "" : ", ") + kind_id(static_cast<Kind>(k)) + " " + std::to_string(counts[k]);
  }
  return s.empty() ? "none" : s;
}

std::string inputs_text(const ReportInfo& info) {
  std::string s;
  for (size_t i = 0; i < info.inputs.size(); ++i) {
    if (i == 6) {
      s += " and " + std::to_string(info.inputs.size() - 6) + " more";
      break;
    }
    s += (i ? ", " : "") + (info.inputs[i] == "-" ? std::string("<stdin>") : info.inputs[i]);
  }
  return s;
}

struct Bar {
  std::string label;
  uint64_t value;
  const char* color;
};

std::string svg_bars(const std::vector<Bar>& bars, const std::string& title) {
  const int row = 30, label_w = 440, bar_max = 360, width = 900;
  const int height = static_cast<int>(bars.size()) * row + 10;
  uint64_t max = 1;
  for (const Bar& b : bars) max = std::max(max, b.value);
  std::string s = "<svg class=\"chart\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height) +
                  "\" role=\"img\" aria-label=\"" + html(title) + "\">\n<title>" + html(title) + "</title>\n";
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const int y = static_cast<int>(i) * row + 5;
    const int w = b.value ? std::max(2, static_cast<int>(static_cast<double>(b.value) * bar_max / static_cast<double>(max))) : 0;
    s += "<text x=\"" + std::to_string(label_w - 8) + "\" y=\"" + std::to_string(y + 15) +
         "\" text-anchor=\"end\">" + html(b.label) + "</text>";
    s += "<rect x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y + 2) + "\" width=\"" +
         std::to_string(w) + "\" height=\"18\" rx=\"2\" fill=\"" + b.color + "\"><title>" + html(b.label) + ": " +
         std::to_string(b.value) + "</title></rect>";
    s += "<text x=\"" + std::to_string(label_w + w + 6) + "\" y=\"" + std::to_string(y + 15) + "\">" +
         std::to_string(b.value) + "</text>\n";
  }
  s += "</svg>\n";
  return s;
}

const char kCss[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;margin:2rem auto;"
    "max-width:60rem;padding:0 1rem;color:#1f2328;line-height:1.45}\n"
    "h1{margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}\n"
    ".meta{color:#57606a;font-size:.9rem}\n"
    "table{border-collapse:collapse;margin:.8rem 0}td,th{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".chart{width:100%;height:auto;font-size:13px;fill:#1f2328}\n"
    ".swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.4rem;vertical-align:middle}\n"
    "ol.examples>li{margin:.9rem 0}.score{color:#57606a}\n"
    ".ev{margin:.25rem 0 .25rem 1rem;padding:.2rem .6rem;border-left:3px solid #d0d7de;background:#f6f8fa}\n"
    ".kind{font-weight:600;font-size:.85rem;margin-right:.4rem}\n"
    ".why{color:#57606a;font-size:.85rem;margin-left:1rem}\n"
    "code{background:#f6f8fa;padding:0 .2rem;border-radius:3px}\n";

}  // namespace

std::string render_story_html(const ScanStats& st, const ReportInfo& info) {
  std::string s;
  s += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  s += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n";
  s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  s += "<title>Exemplar story library</title>\n<style>\n";
  s += kCss;
  s += "</style>\n</head>\n<body>\n<h1>Story library</h1>\n";
  s += "<p class=\"meta\">" + std::to_string(st.records) + " records scanned from " + html(inputs_text(info)) +
       " &middot; exemplar " + html(info.engine_version) + " &middot; rule pack " + html(info.rulepack) +
       (info.include_snippets ? "" : " &middot; without note text (--no-snippets)") + "</p>\n";

  s += "<table>\n<tr><th>Records</th><th>Analysed</th><th>Failed</th><th>With a moment</th><th>No category</th></tr>\n";
  s += "<tr><td class=\"n\">" + std::to_string(st.records) + "</td><td class=\"n\">" + std::to_string(st.analysed) +
       "</td><td class=\"n\">" + std::to_string(st.failed) + "</td><td class=\"n\">" + std::to_string(st.with_kind) +
       "</td><td class=\"n\">" + std::to_string(st.uncategorized) + "</td></tr>\n</table>\n";

  s += "<h2>Notes per story category</h2>\n";
  std::vector<Bar> bars;
  for (int c = 0; c < kCategoryCount; ++c) bars.push_back({category_label(c), st.category_notes[c], kCategoryColors[c]});
  bars.push_back({"No category (no moment found)", st.uncategorized, kNoneColor});
  s += svg_bars(bars, "Notes per story category");

  s += "<h2>Moment kinds</h2>\n";
  bars.clear();
  for (int k = 0; k < kMomentKindCount; ++k) bars.push_back({kind_id(static_cast<Kind>(k)), st.kind_notes[k], kKindColors[k]});
  s += svg_bars(bars, "Notes per moment kind");

  if (st.failed) {
    s += "<h2>Records that failed</h2>\n<table>\n<tr><th>Error</th><th>Records</th></tr>\n";
    for (const auto& kv : st.errors) {
      s += "<tr><td><code>" + html(kv.first) + "</code></td><td class=\"n\">" + std::to_string(kv.second) + "</td></tr>\n";
    }
    s += "</table>\n";
  }

  for (int c = 0; c < kCategoryCount; ++c) {
    s += "<h2 id=\"" + std::string(category_id(c)) + "\"><span class=\"swatch\" style=\"background:" +
         kCategoryColors[c] + "\"></span>" + html(category_label(c)) + "</h2>\n";
    s += "<p><code>" + std::string(category_id(c)) + "</code> &middot; " + std::to_string(st.category_notes[c]) +
         " notes (" + percent(st.category_notes[c], st.analysed) + " of those analysed) &middot; moment kinds: " +
         html(kind_breakdown(st.category_kind_notes[c])) + "</p>\n";
    if (st.top[c].empty()) {
      s += "<p class=\"meta\">No example in this scan.</p>\n";
      continue;
    }
    s += "<p>Strongest examples:</p>\n<ol class=\"examples\">\n";
    for (const Example& ex : st.top[c]) {
      const RecordSummary& r = ex.summary;
      s += "<li><strong>" + html(r.id) + "</strong> <span class=\"score\">score " + format_milli(r.category_milli) +
           " &middot; " + html(kinds_text(r)) + "</span>\n";
      for (int k = 0; k < kMomentKindCount; ++k) {
        const Evidence& e = r.lead[k];
        if (!e.present) continue;
        s += "<div class=\"ev\"><span class=\"kind\" style=\"color:" + std::string(kKindColors[k]) + "\">" +
             kind_id(static_cast<Kind>(k)) + "</span>" +
             (info.include_snippets ? html(e.snippet) : "<code>" + html(evidence_ref(e)) + "</code>") + "</div>\n";
      }
      if (!r.rationale.empty()) s += "<div class=\"why\">" + html(r.rationale) + "</div>\n";
      s += "</li>\n";
    }
    s += "</ol>\n";
  }
  s += "</body>\n</html>\n";
  return s;
}

std::string render_story_markdown(const ScanStats& st, const ReportInfo& info) {
  std::string s = "# Story library\n\n";
  s += std::to_string(st.records) + " records scanned from " + md(inputs_text(info)) + " (exemplar " +
       md(info.engine_version) + ", rule pack " + md(info.rulepack) + ")" +
       (info.include_snippets ? "" : ", without note text (--no-snippets)") + ".\n\n";
  s += "| Records | Analysed | Failed | With a moment | No category |\n|---:|---:|---:|---:|---:|\n";
  s += "| " + std::to_string(st.records) + " | " + std::to_string(st.analysed) + " | " + std::to_string(st.failed) +
       " | " + std::to_string(st.with_kind) + " | " + std::to_string(st.uncategorized) + " |\n\n";

  uint64_t max = 1;
  for (int c = 0; c < kCategoryCount; ++c) max = std::max(max, st.category_notes[c]);
  max = std::max(max, st.uncategorized);
  auto bar = [&](uint64_t v) {
    const int n = v ? std::max(1, static_cast<int>(static_cast<double>(v) * 30.0 / static_cast<double>(max))) : 0;
    std::string b;
    for (int i = 0; i < n; ++i) b += "\xE2\x96\x88";  // U+2588 FULL BLOCK
    return b;
  };
  s += "## Notes per story category\n\n| Category | Notes | Share | |\n|---|---:|---:|---|\n";
  for (int c = 0; c < kCategoryCount; ++c) {
    s += "| " + md(category_label(c)) + " (`" + category_id(c) + "`) | " + std::to_string(st.category_notes[c]) +
         " | " + percent(st.category_notes[c], st.analysed) + " | " + bar(st.category_notes[c]) + " |\n";
  }
  s += "| No category (no moment found) | " + std::to_string(st.uncategorized) + " | " +
       percent(st.uncategorized, st.analysed) + " | " + bar(st.uncategorized) + " |\n\n";

  s += "## Moment kinds\n\n| Kind | Notes | Share |\n|---|---:|---:|\n";
  for (int k = 0; k < kMomentKindCount; ++k) {
    s += std::string("| `") + kind_id(static_cast<Kind>(k)) + "` | " + std::to_string(st.kind_notes[k]) + " | " +
         percent(st.kind_notes[k], st.analysed) + " |\n";
  }
  s += "\n";
  if (st.failed) {
    s += "## Records that failed\n\n| Error | Records |\n|---|---:|\n";
    for (const auto& kv : st.errors) s += "| `" + kv.first + "` | " + std::to_string(kv.second) + " |\n";
    s += "\n";
  }

  for (int c = 0; c < kCategoryCount; ++c) {
    s += "## " + md(category_label(c)) + "\n\n";
    s += "`" + std::string(category_id(c)) + "`: " + std::to_string(st.category_notes[c]) + " notes (" +
         percent(st.category_notes[c], st.analysed) + " of those analysed). Moment kinds: " +
         kind_breakdown(st.category_kind_notes[c]) + ".\n\n";
    if (st.top[c].empty()) {
      s += "No example in this scan.\n\n";
      continue;
    }
    s += "Strongest examples:\n\n";
    int n = 0;
    for (const Example& ex : st.top[c]) {
      const RecordSummary& r = ex.summary;
      s += std::to_string(++n) + ". **" + md(r.id) + "**: score " + format_milli(r.category_milli) + "; " +
           kinds_text(r) + "\n";
      for (int k = 0; k < kMomentKindCount; ++k) {
        const Evidence& e = r.lead[k];
        if (!e.present) continue;
        s += std::string("   - *") + kind_id(static_cast<Kind>(k)) + "*: " +
             (info.include_snippets ? md(e.snippet) : "`" + evidence_ref(e) + "`") + "\n";
      }
      if (!r.rationale.empty()) s += "   - why: " + md(r.rationale) + "\n";
    }
    s += "\n";
  }
  return s;
}

}  // namespace exemplar::cli::scan
