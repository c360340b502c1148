#!/usr/bin/env python3
"""Measures `exemplar context` on the NegEx/ConText evaluation set.

Usage: negex_eval.py EXEMPLAR_BIN ANNOTATIONS.tsv [--floors FLOORS.json] [--errors N] [--rules PACK]

The annotations file is the public rsAnnotations-1-120-random.txt (tab
separated: line number, condition, sentence, negation status, temporality,
experiencer). "Not particular" temporality is the hypothetical class. Prints
precision, recall and F1 for negated, historical and hypothetical; with
--floors, exits 1 when an F1 is under its floor.
"""
import json
import subprocess
import sys


def prf(pairs):
    tp = sum(1 for p, g in pairs if p and g)
    fp = sum(1 for p, g in pairs if p and not g)
    fn = sum(1 for p, g in pairs if g and not p)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, tp, fp, fn


def request(row):
    """The `exemplar context` request for one annotated pair. The set marks the
    annotated mention by writing it in capitals; when the target occurs more
    than once and a later occurrence is the capitalised one, that occurrence
    is passed by byte offsets instead of the phrase (which finds the first)."""
    ident, target, text = row[0], row[1].strip(), row[2]
    low, tl = text.lower(), target.lower()
    hits, i = [], low.find(tl) if tl else -1
    while i >= 0:
        hits.append(i)
        i = low.find(tl, i + 1)
    capital = [h for h in hits if text[h:h + len(tl)].isupper()]
    if len(hits) > 1 and capital and capital[0] != hits[0] and len(low) == len(text):
        start = len(text[:capital[0]].encode("utf-8"))
        end = start + len(text[capital[0]:capital[0] + len(tl)].encode("utf-8"))
        return {"id": ident, "text": text, "start": start, "end": end}
    return {"id": ident, "text": text, "target": row[1]}


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    exe, path = argv[1], argv[2]
    floors, show_errors, rules = {}, 0, []
    rest = argv[3:]
    while rest:
        if rest[0] == "--rules" and len(rest) > 1:
            rules = ["--rules", rest[1]]
            rest = rest[2:]
        elif rest[0] == "--floors" and len(rest) > 1:
            with open(rest[1], encoding="utf-8") as f:
                floors = json.load(f)
            rest = rest[2:]
        elif rest[0] == "--errors" and len(rest) > 1:
            show_errors = int(rest[1])
            rest = rest[2:]
        else:
            print(f"negex_eval: unknown argument {rest[0]}", file=sys.stderr)
            return 2
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            rows = [line.rstrip("\n").split("\t") for line in f][1:]
    except OSError as e:
        print(f"negex_eval: cannot read {path}: {e}", file=sys.stderr)
        return 1
    rows = [r for r in rows if len(r) >= 6]
    if len(rows) < 2000:
        print(f"negex_eval: {path}: expected about 2,376 annotated pairs, found {len(rows)}", file=sys.stderr)
        return 1
    records = "".join(json.dumps(request(r)) + "\n" for r in rows)
    run = subprocess.run([exe, "context"] + rules, input=records.encode(), capture_output=True)
    if run.returncode not in (0,):
        print(f"negex_eval: exemplar context failed ({run.returncode}): {run.stderr.decode()}", file=sys.stderr)
        return 1
    out = [json.loads(line) for line in run.stdout.decode().splitlines()]
    if len(out) != len(rows):
        print(f"negex_eval: {len(rows)} pairs in, {len(out)} results out", file=sys.stderr)
        return 1
    found = sum(1 for o in out if o["found"])
    neg, hist, hyp, errors = [], [], [], []
    for r, o in zip(rows, out):
        if o["id"] != r[0]:
            print(f"negex_eval: results out of order at {r[0]}", file=sys.stderr)
            return 1
        neg.append((o["negated"], r[3] == "Negated"))
        hist.append((o["historical"], r[4] == "Historical"))
        hyp.append((o["hypothetical"], r[4] == "Not particular"))
        for kind, pred, gold, label in (("negation", o["negated"], r[3] == "Negated", r[3]),
                                        ("historical", o["historical"], r[4] == "Historical", r[4]),
                                        ("hypothetical", o["hypothetical"], r[4] == "Not particular", r[4])):
            if pred != gold:
                errors.append(f"  {kind} {r[0]}: predicted {pred}, gold {label}: {r[1]!r} in {r[2][:240]!r}")
    print(f"NegEx/ConText set: {len(rows)} pairs, target found in {found}")
    code = 0
    for name, pairs in (("negated", neg), ("historical", hist), ("hypothetical", hyp)):
        p, r, f1, tp, fp, fn = prf(pairs)
        print(f"{name:13s} precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}  (tp {tp}, fp {fp}, fn {fn})")
        floor = floors.get(f"{name}_f1")
        if floor is not None and f1 + 1e-9 < floor:
            print(f"negex_eval: {name} F1 {f1:.3f} is under its floor {floor:.3f}", file=sys.stderr)
            code = 1
    for e in errors[:show_errors]:
        print(e)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
