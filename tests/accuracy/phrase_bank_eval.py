#!/usr/bin/env python3
"""Measures the engine on the phrase banks: short excerpts, one moment kind each.

Usage: phrase_bank_eval.py EXEMPLAR_BIN BANK.jsonl... [--rules PACK] [--floors FLOORS.json] [--errors N]

A bank file holds one excerpt per line: {"kind", "split", "label", "text",
"evidence", "type"}; `split` is "rules" (read while writing cue rules) or
"held_out" (only measured). A positive (label true) is an excerpt that shows a moment of `kind`
by the labelling guide, `evidence` the words that carry it; a negative is a
trap for that kind (negated, hypothetical, look-alike word, ...). Each excerpt
is analysed as a note of its own. Per kind this prints recall (share of
positives whose kind is affirmed) and false flags (share of negatives whose
kind is affirmed), for each split. The banks were written by several writers to cover many
ways of saying each thing, so they measure how far the cue patterns reach,
not note-level accuracy. With --floors ({"held_out": {"breakdown_recall": 0.5,
"breakdown_false_flags": 0.1, ...}, "rules": {...}}: recall minimums,
false-flag maximums)
exits 1 when a figure is on the wrong side of its bound; exits 2 on a bad
bank line.
"""
import collections
import json
import subprocess
import sys

KINDS = ["breakdown", "rule_bending", "advocacy", "family_involvement"]
SPLITS = ["rules", "held_out"]


def load(paths):
    rows = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                where = f"{path}:{n}"
                try:
                    r = json.loads(line)
                except json.JSONDecodeError as e:
                    raise SystemExit(f"{where}: not JSON ({e})") from None
                if r.get("kind") not in KINDS or r.get("split") not in SPLITS or not isinstance(r.get("label"), bool) \
                        or not isinstance(r.get("text"), str):
                    raise SystemExit(f"{where}: needs kind (one of {', '.join(KINDS)}), split ({' or '.join(SPLITS)}),"
                                     " boolean label and text")
                if r["label"] and (not isinstance(r.get("evidence"), str) or r["evidence"] not in r["text"]):
                    raise SystemExit(f"{where}: a positive's evidence must be a substring of its text")
                r["where"] = where
                rows.append(r)
    return rows


def analyse(exe, rules, rows):
    notes = "".join(json.dumps({"id": str(i), "text": r["text"]}) + "\n" for i, r in enumerate(rows))
    run = subprocess.run([exe, "scan", "-", *rules], input=notes, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"exemplar scan failed ({run.returncode}): {run.stderr.strip()[-500:]}")
    return {json.loads(line)["id"]: json.loads(line) for line in run.stdout.splitlines()}


def main(argv):
    args, banks, rules, floors, show = argv[1:], [], [], {}, 0
    exe = args.pop(0) if args else None
    while args:
        a = args.pop(0)
        if a in ("--rules", "--floors", "--errors") and not args:
            print(f"{a} needs a value", file=sys.stderr)
            return 2
        if a == "--rules":
            rules = ["--rules", args.pop(0)]
        elif a == "--floors":
            with open(args.pop(0), encoding="utf-8") as f:
                floors = json.load(f)
        elif a == "--errors":
            show = int(args.pop(0))
        else:
            banks.append(a)
    if not exe or not banks:
        print(__doc__, file=sys.stderr)
        return 2
    rows = load(banks)
    results = analyse(exe, rules, rows)
    counts = collections.defaultdict(collections.Counter)
    errors = []
    for i, r in enumerate(rows):
        flagged = r["kind"] in results[str(i)]["kinds"]
        counts[(r["split"], r["kind"])][(r["label"], flagged)] += 1
        if flagged != r["label"]:
            errors.append(f"  {'missed' if r['label'] else 'false flag'} {r['kind']} ({r.get('type', '')}) {r['where']}: {r['text']}")
    figures = collections.defaultdict(dict)
    print(f"phrase banks: {len(rows)} excerpts")
    for split in SPLITS:
        for k in KINDS:
            c = counts[(split, k)]
            pos, neg = c[(True, True)] + c[(True, False)], c[(False, True)] + c[(False, False)]
            if not pos and not neg:
                continue
            f = figures[split]
            f[f"{k}_recall"] = c[(True, True)] / pos if pos else 1.0
            f[f"{k}_false_flags"] = c[(False, True)] / neg if neg else 0.0
            print(f"{split:8s} {k:20s} recall {f[k + '_recall']:.3f} ({c[(True, True)]}/{pos})"
                  f"  false flags {f[k + '_false_flags']:.3f} ({c[(False, True)]}/{neg})")
    for line in errors[:show]:
        print(line)
    failed = False
    for split, bounds in floors.items():
        for name, bound in bounds.items():
            value = figures.get(split, {}).get(name)
            if value is None:
                print(f"floor {split}/{name}: no such figure", file=sys.stderr)
                failed = True
            elif name.endswith("_recall") and value < bound:
                print(f"below floor: {split} {name} {value:.3f} < {bound}", file=sys.stderr)
                failed = True
            elif name.endswith("_false_flags") and value > bound:
                print(f"above ceiling: {split} {name} {value:.3f} > {bound}", file=sys.stderr)
                failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
