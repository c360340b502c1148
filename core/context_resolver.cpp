#include "context_resolver.h"

#include <algorithm>

namespace exemplar {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// True when [a, b) separates two items of a sentence: a comma, semicolon or
// quote, or the word "and" or "or" ("no ride, nobody had checked").
bool another_item(std::string_view text, size_t a, size_t b) {
  const std::string_view gap = text.substr(a, b - a);
  if (gap.find_first_of(",;\"") != std::string_view::npos) return true;
  for (std::string_view word : {std::string_view("and"), std::string_view("or")}) {
    for (size_t p = gap.find(word); p != std::string_view::npos; p = gap.find(word, p + 1)) {
      const bool starts = p == 0 || is_space(gap[p - 1]);
      const bool ends = p + word.size() == gap.size() || is_space(gap[p + word.size()]);
      if (starts && ends) return true;
    }
  }
  return false;
}

// Words strictly between two offsets ("no <1 2 3> appeal"). Counting stops
// once past `limit`: the caller only asks whether the count is within it.
int words_between(std::string_view text, size_t a, size_t b, int limit) {
  int words = 0;
  bool in_word = false;
  for (size_t p = a; p < b; ++p) {
    const bool sp = is_space(text[p]);
    if (!sp && !in_word && ++words > limit) return words;
    in_word = !sp;
  }
  return words;
}

// The start of the (n+1)-th run of non-space bytes before `pos`: from any
// earlier offset x, words_between(x, pos) > n.
size_t reach_back(std::string_view text, size_t pos, int n) {
  int words = 0;
  size_t p = pos;
  while (p > 0) {
    while (p > 0 && is_space(text[p - 1])) --p;
    if (p == 0) break;
    while (p > 0 && !is_space(text[p - 1])) --p;
    if (++words > n) return p;
  }
  return 0;
}

// The start of the (n+1)-th run of non-space bytes from `pos` on: for any
// later offset x, words_between(pos, x) > n.
size_t reach_forward(std::string_view text, size_t pos, int n) {
  int words = 0;
  size_t p = pos;
  while (p < text.size()) {
    while (p < text.size() && is_space(text[p])) ++p;
    if (p == text.size()) break;
    if (++words > n) return p;
    while (p < text.size() && !is_space(text[p])) ++p;
  }
  return text.size();
}

bool overlaps(const Hit& h, Span s) { return h.start < s.end && s.start < h.end; }

bool by_start(const Hit& a, const Hit& b) { return a.start < b.start; }

// Whether a terminator for `role` starts inside [from, to) (terminators are
// sorted by start). With `may_overrun` (a forward trigger, `to` the target's
// start) it may run on into the target: ", asked for their supervisor" ends
// the scope of an earlier "no" although the terminator's verb is the cue's
// first word. Looking backward, `to` is the trigger's start, and a terminator
// that runs into the trigger (", was" of ", was ruled out") is part of it.
bool terminated(const SentenceContext& sc, const std::vector<ContextRule>& rules, int role, size_t from, size_t to,
                bool may_overrun) {
  auto it = std::lower_bound(sc.terminators.begin(), sc.terminators.end(), Hit{0, from, from}, by_start);
  for (; it != sc.terminators.end() && it->start < to; ++it) {
    if ((may_overrun || it->end <= to) && (rules[it->rule].terminates & (1u << role))) return true;
  }
  return false;
}

// Indices of `v`'s elements sorted by the start that `start_of` gives.
template <typename T, typename F>
std::vector<size_t> order_by_start(const std::vector<T>& v, F start_of) {
  std::vector<size_t> order(v.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return start_of(v[a]) < start_of(v[b]); });
  return order;
}

// Indices (ascending) of the elements whose start lies in [lo, hi].
template <typename T, typename F>
void starts_within(const std::vector<T>& v, const std::vector<size_t>& order, F start_of, size_t lo, size_t hi,
                   std::vector<size_t>* out) {
  auto it = std::lower_bound(order.begin(), order.end(), lo,
                             [&](size_t i, size_t pos) { return start_of(v[i]) < pos; });
  for (; it != order.end() && start_of(v[*it]) <= hi; ++it) out->push_back(*it);
  std::sort(out->begin(), out->end());
}

// Marks `r` with what a trigger of `role` says about the target; false for
// roles without a scope of their own (pseudo-triggers, terminators).
bool apply_role(ContextRole role, ContextResult* r) {
  switch (role) {
    case ContextRole::kNegated: r->negated = true; return true;
    case ContextRole::kHypothetical: r->hypothetical = true; return true;
    case ContextRole::kHistorical: r->historical = true; return true;
    case ContextRole::kFamilyExperiencer: r->experiencer = Experiencer::kFamily; return true;
    case ContextRole::kOtherExperiencer:
      if (r->experiencer == Experiencer::kClient) r->experiencer = Experiencer::kOther;
      return true;
    default: return false;
  }
}

}  // namespace

SentenceContext prepare_context(const CompiledPack& cp, std::string_view text, Span sentence) {
  std::vector<Hit> hits;
  scan_context(cp, text, sentence, &hits);
  SentenceContext sc;
  const auto& rules = cp.pack.context;
  sc.max_words = cp.widest_scope_words;
  // Pseudo-triggers by start, each with its place in `hits`: a trigger inside
  // several is masked by the last of them in scan order.
  std::vector<std::pair<Hit, size_t>> pseudo;
  for (size_t i = 0; i < hits.size(); ++i) {
    if (rules[hits[i].rule].role != ContextRole::kPseudo) continue;
    pseudo.push_back({hits[i], i});
    sc.max_pseudo_bytes = std::max(sc.max_pseudo_bytes, hits[i].end - hits[i].start);
  }
  std::stable_sort(pseudo.begin(), pseudo.end(),
                   [](const std::pair<Hit, size_t>& a, const std::pair<Hit, size_t>& b) {
                     return a.first.start < b.first.start;
                   });
  for (const Hit& h : hits) {
    const ContextRole role = rules[h.rule].role;
    if (role == ContextRole::kPseudo) continue;
    // A trigger inside a pseudo-trigger ("no" in "no longer") does not count.
    // A pseudo that holds h starts at most max_pseudo_bytes before h ends.
    const Hit* mask = nullptr;
    size_t mask_index = 0;
    const size_t lo = h.end > sc.max_pseudo_bytes ? h.end - sc.max_pseudo_bytes : 0;
    auto it = std::lower_bound(pseudo.begin(), pseudo.end(), lo,
                               [](const std::pair<Hit, size_t>& p, size_t pos) { return p.first.start < pos; });
    for (; it != pseudo.end() && it->first.start <= h.start; ++it) {
      if (h.end <= it->first.end && (!mask || it->second > mask_index)) {
        mask = &it->first;
        mask_index = it->second;
      }
    }
    if (mask) {
      if (role != ContextRole::kTerminate) sc.masked.push_back({h, Span{mask->start, mask->end}});
      continue;
    }
    (role == ContextRole::kTerminate ? sc.terminators : sc.triggers).push_back(h);
  }
  for (const auto& p : pseudo) sc.pseudo.push_back(p.first);
  std::stable_sort(sc.terminators.begin(), sc.terminators.end(), by_start);
  for (const Hit& t : sc.triggers) sc.max_trigger_bytes = std::max(sc.max_trigger_bytes, t.end - t.start);
  for (const auto& m : sc.masked) {
    sc.max_trigger_bytes = std::max(sc.max_trigger_bytes, m.first.end - m.first.start);
    sc.max_mask_bytes = std::max(sc.max_mask_bytes, m.second.end - m.second.start);
  }
  sc.triggers_by_start = order_by_start(sc.triggers, [](const Hit& h) { return h.start; });
  sc.masked_by_start = order_by_start(sc.masked, [](const std::pair<Hit, Span>& m) { return m.second.start; });
  return sc;
}

bool masked_by_pseudo(const SentenceContext& sc, Span cue) {
  // sc.pseudo is sorted by start; one that covers cue.start starts at most
  // max_pseudo_bytes before it.
  const size_t lo = cue.start > sc.max_pseudo_bytes ? cue.start - sc.max_pseudo_bytes : 0;
  auto it = std::lower_bound(sc.pseudo.begin(), sc.pseudo.end(), Hit{0, lo, lo}, by_start);
  for (; it != sc.pseudo.end() && it->start <= cue.start; ++it) {
    if (it->end > cue.start) return true;
  }
  return false;
}

ContextResult resolve_context(const CompiledPack& cp, std::string_view text, const TextLayout& layout,
                              const std::vector<SectionSpan>& sections, const SentenceContext& sc,
                              const ContextTarget& ct) {
  ContextResult r;
  const auto& rules = cp.pack.context;
  const Span target = ct.span;
  const size_t clause = layout.clause_at(target.start);
  // Only triggers near the target can apply: one that overlaps it, or one
  // whose scope (at most sc.max_words words) reaches it. Those start in
  // [reach back - longest trigger, reach forward]; they are taken in scan
  // order, as the triggers list them.
  const size_t back = reach_back(text, target.start, sc.max_words);
  const size_t lo = back > sc.max_trigger_bytes ? back - sc.max_trigger_bytes : 0;
  const size_t hi = reach_forward(text, target.end, sc.max_words);
  std::vector<size_t> near;
  starts_within(sc.triggers, sc.triggers_by_start, [](const Hit& h) { return h.start; }, lo, hi, &near);
  std::vector<Hit> active;
  active.reserve(near.size());
  for (size_t i : near) active.push_back(sc.triggers[i]);
  near.clear();
  // A masked trigger applies inside its pseudo's span only.
  const size_t mlo = target.start > sc.max_mask_bytes ? target.start - sc.max_mask_bytes : 0;
  starts_within(sc.masked, sc.masked_by_start, [](const std::pair<Hit, Span>& m) { return m.second.start; }, mlo,
                target.end, &near);
  for (size_t i : near) {
    const auto& m = sc.masked[i];
    if (m.second.start < target.end && target.start < m.second.end) active.push_back(m.first);
  }
  // A breakdown cue whose own words say an omission ("nobody had checked",
  // "did not call the MD") is not undone by a "no" or "not" that belongs to
  // another item of the sentence: in "no ride, nobody had checked" both say
  // what was missing. A negation that governs the cue's own clause still
  // applies ("pt denies that the ride never showed"). Other kinds' negated
  // wording ("not technically eligible") states a rule: context applies.
  const auto negation_inside = [&](const Hit& t) {
    return rules[t.rule].role == ContextRole::kNegated && t.start >= target.start && t.end <= target.end;
  };
  const bool says_omission = ct.negation_in_pattern && ct.kind == static_cast<int>(Kind::kBreakdown) &&
                             std::any_of(active.begin(), active.end(), negation_inside);
  for (const Hit& t : active) {
    const ContextRule& rule = rules[t.rule];
    // A rule limited to some cue kinds applies to those cues only, never to a
    // bare target phrase (the context API).
    if (rule.kinds != 0 && (ct.kind < 0 || !(rule.kinds & (1u << ct.kind)))) continue;
    if (overlaps(t, target)) {
      // A sentence read whole keeps its words as evidence, except an opening
      // that governs it all: "If dtr can attend we will meet Thurs".
      if (ct.whole_sentence && rule.opens_sentence && t.start == target.start) {
        if (apply_role(rule.role, &r)) r.triggers.push_back(AppliedTrigger{t.rule, -1, static_cast<int>(rule.role), Span{t.start, t.end}});
        continue;
      }
      // "never" inside "never received" belongs to the cue; "not" inside
      // "mom not present" is context, unless the rule says otherwise.
      if (ct.negation_in_pattern || !(t.start >= target.start && t.end <= target.end)) continue;
      if (t.start == target.start) continue;  // a trigger cannot scope over itself
      r.negated = r.negated || rule.role == ContextRole::kNegated;
      if (rule.role == ContextRole::kNegated) {
        r.triggers.push_back(AppliedTrigger{t.rule, -1, static_cast<int>(rule.role), Span{t.start, t.end}});
      }
      continue;
    }
    if (layout.clause_at(t.start) != clause) continue;
    if (says_omission && rule.role == ContextRole::kNegated &&
        (t.end <= target.start ? another_item(text, t.end, target.start) : another_item(text, target.end, t.start))) {
      continue;
    }
    const int role = static_cast<int>(rule.role);
    bool in_scope = false;
    if (t.end <= target.start && rule.direction != Direction::kBackward) {
      in_scope = words_between(text, t.end, target.start, rule.max_words) <= rule.max_words &&
                 !terminated(sc, rules, role, t.end, target.start, /*may_overrun=*/true);
    } else if (t.start >= target.end && rule.direction != Direction::kForward) {
      in_scope = words_between(text, target.end, t.start, rule.max_words) <= rule.max_words &&
                 !terminated(sc, rules, role, target.end, t.start, /*may_overrun=*/false);
    }
    if (!in_scope || !apply_role(rule.role, &r)) continue;
    r.triggers.push_back(AppliedTrigger{t.rule, -1, role, Span{t.start, t.end}});
  }
  if (const SectionSpan* s = section_at(sections, target.start)) {
    const SectionRule& sr = cp.pack.sections[s->rule];
    auto add = [&](ContextRole role) {
      r.triggers.push_back(AppliedTrigger{-1, s->rule, static_cast<int>(role), s->heading});
    };
    if (sr.historical && !r.historical) { r.historical = true; add(ContextRole::kHistorical); }
    if (sr.hypothetical && !r.hypothetical) { r.hypothetical = true; add(ContextRole::kHypothetical); }
    if (sr.family && r.experiencer == Experiencer::kClient) {
      r.experiencer = Experiencer::kFamily;
      add(ContextRole::kFamilyExperiencer);
    }
  }
  return r;
}

}  // namespace exemplar
