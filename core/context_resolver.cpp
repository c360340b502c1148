#include "context_resolver.h"

namespace exemplar {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Words strictly between two offsets ("no <1 2 3> appeal").
int words_between(std::string_view text, size_t a, size_t b) {
  int words = 0;
  bool in_word = false;
  for (size_t p = a; p < b; ++p) {
    const bool sp = is_space(text[p]);
    if (!sp && !in_word) ++words;
    in_word = !sp;
  }
  return words;
}

bool overlaps(const Hit& h, Span s) { return h.start < s.end && s.start < h.end; }

bool terminated(const SentenceContext& sc, const std::vector<ContextRule>& rules, int role, size_t from, size_t to) {
  for (const Hit& t : sc.terminators) {
    if (t.start >= from && t.end <= to && (rules[t.rule].terminates & (1u << role))) return true;
  }
  return false;
}

}  // namespace

SentenceContext prepare_context(const CompiledPack& cp, std::string_view text, Span sentence) {
  std::vector<Hit> hits;
  scan_context(cp, text, sentence, &hits);
  SentenceContext sc;
  const auto& rules = cp.pack.context;
  for (const Hit& h : hits) {
    const ContextRole role = rules[h.rule].role;
    if (role == ContextRole::kPseudo) {
      sc.pseudo.push_back(h);
      continue;
    }
    // A trigger inside a pseudo-trigger ("no" in "no longer") does not count.
    const Hit* mask = nullptr;
    for (const Hit& p : hits) {
      if (rules[p.rule].role == ContextRole::kPseudo && p.start <= h.start && h.end <= p.end) mask = &p;
    }
    if (mask) {
      if (role != ContextRole::kTerminate) sc.masked.push_back({h, Span{mask->start, mask->end}});
      continue;
    }
    (role == ContextRole::kTerminate ? sc.terminators : sc.triggers).push_back(h);
  }
  return sc;
}

bool masked_by_pseudo(const SentenceContext& sc, Span cue) {
  for (const Hit& p : sc.pseudo) {
    if (p.start <= cue.start && p.end > cue.start) return true;
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
  std::vector<Hit> active = sc.triggers;
  for (const auto& m : sc.masked) {
    if (m.second.start < target.end && target.start < m.second.end) active.push_back(m.first);
  }
  for (const Hit& t : active) {
    const ContextRule& rule = rules[t.rule];
    // A rule limited to some cue kinds applies to those cues only, never to a
    // bare target phrase (the context API).
    if (rule.kinds != 0 && (ct.kind < 0 || !(rule.kinds & (1u << ct.kind)))) continue;
    if (overlaps(t, target)) {
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
    const int role = static_cast<int>(rule.role);
    bool in_scope = false;
    if (t.end <= target.start && rule.direction != Direction::kBackward) {
      in_scope = words_between(text, t.end, target.start) <= rule.max_words &&
                 !terminated(sc, rules, role, t.end, target.start);
    } else if (t.start >= target.end && rule.direction != Direction::kForward) {
      in_scope = words_between(text, target.end, t.start) <= rule.max_words &&
                 !terminated(sc, rules, role, target.end, t.start);
    }
    if (!in_scope) continue;
    switch (rule.role) {
      case ContextRole::kNegated: r.negated = true; break;
      case ContextRole::kHypothetical: r.hypothetical = true; break;
      case ContextRole::kHistorical: r.historical = true; break;
      case ContextRole::kFamilyExperiencer: r.experiencer = Experiencer::kFamily; break;
      case ContextRole::kOtherExperiencer:
        if (r.experiencer == Experiencer::kClient) r.experiencer = Experiencer::kOther;
        break;
      default: continue;
    }
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
