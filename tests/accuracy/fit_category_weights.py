#!/usr/bin/env python3
"""Fits the category weights of a rule pack on development corpora.

The categorizer scores each story category as a weighted sum of features of
the note: which moment kinds are affirmed (`kind_categories`) and how much
evidence each cue rule found (`cues[i].categories`, applied to the rule's
decayed hit scores). This script measures those features with the engine
itself (probe packs that route each rule's evidence to its own category),
fits non-negative weights by softmax regression with L2, starting from the
pack's hand-set weights, and can write them back into the pack.

  fit_category_weights.py --exe build/cli/exemplar --pack core/rules/default.json \
      --cv tests/corpus/dev.jsonl tests/corpus/dev2.jsonl ...
        cross-validation: fit on all files but one, measure on that one
  fit_category_weights.py ... --write
        fit on all the files given and rewrite the pack's weights

Never pass the held-out test split: it is only measured.
"""
import argparse
import copy
import json
import math
import os
import subprocess
import sys
import tempfile

CATS = ["knowing_tracking", "simplifying_contact", "coordinating_care", "patient_advocate",
        "family_integration", "living_environment", "life_health_coach"]
KINDS = ["breakdown", "rule_bending", "advocacy", "family_involvement"]
SHARP = 3.0  # softmax temperature: scores are small (weights ~0.1-1)


def run_scan(exe, pack, notes_jsonl):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(pack, f)
        path = f.name
    try:
        r = subprocess.run([exe, "scan", "-", "--rules", path], input=notes_jsonl, capture_output=True)
    finally:
        os.unlink(path)
    if r.returncode != 0:
        sys.exit("fit: exemplar scan failed (%d): %s" % (r.returncode, r.stderr.decode()[:400]))
    return {json.loads(line)["id"]: json.loads(line) for line in r.stdout.decode().splitlines()}


def measure_features(exe, pack, notes):
    """-> {id: (affirmed kinds, {rule id: evidence amount})}.

    Each probe pack gives every kind weight 1 on CATS[0] and six rules weight
    1 on CATS[1..6]; the normalised ranking then yields each of the six rules'
    evidence amounts relative to the number of affirmed kinds."""
    jsonl = "".join(json.dumps({"id": n["id"], "text": n["text"]}) + "\n" for n in notes).encode()
    rules = [c["id"] for c in pack["cues"]]
    feats = {n["id"]: ([], {}) for n in notes}
    for i in range(0, len(rules), 6):
        chunk = rules[i:i + 6]
        probe = copy.deepcopy(pack)
        probe["kind_categories"] = {k: {CATS[0]: 1.0} for k in KINDS}
        for c in probe["cues"]:
            c["categories"] = {CATS[1 + chunk.index(c["id"])]: 1.0} if c["id"] in chunk else {}
        for nid, r in run_scan(exe, probe, jsonl).items():
            kinds, g = feats[nid]
            kinds[:] = r["kinds"]
            if not r.get("category"):
                continue
            s = {x["id"]: x["score"] for x in r["category"]["ranking"]}
            for j, rid in enumerate(chunk):
                if s[CATS[1 + j]] > 0:
                    g[rid] = len(r["kinds"]) * s[CATS[1 + j]] / s[CATS[0]]
    return feats


def pack_weights(pack):
    W = [[0.0] * 7 for _ in range(len(KINDS) + len(pack["cues"]))]
    for i, k in enumerate(KINDS):
        for c, v in pack["kind_categories"].get(k, {}).items():
            W[i][CATS.index(c)] = v
    for j, c in enumerate(pack["cues"]):
        for cat, v in c.get("categories", {}).items():
            W[len(KINDS) + j][CATS.index(cat)] = v
    return W


def vector(pack, feat):
    kinds, g = feat
    return [1.0 if k in kinds else 0.0 for k in KINDS] + [g.get(c["id"], 0.0) for c in pack["cues"]]


def scores(W, x):
    return [sum(x[j] * W[j][c] for j in range(len(x)) if x[j]) for c in range(7)]


def fit(W0, examples, l2=0.01, epochs=300, lr=0.1):
    W = [row[:] for row in W0]
    for _ in range(epochs):
        G = [[0.0] * 7 for _ in W]
        for x, y in examples:
            s = scores(W, x)
            m = max(s)
            e = [math.exp(SHARP * (v - m)) for v in s]
            z = sum(e)
            for j in range(len(x)):
                if x[j]:
                    for c in range(7):
                        G[j][c] += SHARP * x[j] * (e[c] / z - (1.0 if c == y else 0.0))
        for j in range(len(W)):
            for c in range(7):
                W[j][c] = max(0.0, W[j][c] - lr * (G[j][c] / len(examples) + l2 * W[j][c]))
    return W


def accuracy(W, rows):
    """rows: (x or None, gold index) for every note with a gold category."""
    t1 = t2 = 0
    for x, y in rows:
        if x is None:
            continue  # the engine abstained: a miss
        s = scores(W, x)
        order = sorted(range(7), key=lambda c: (-s[c], c))
        t1 += order[0] == y
        t2 += y in order[:2]
    return t1 / len(rows), t2 / len(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--exe", required=True)
    ap.add_argument("--pack", required=True)
    ap.add_argument("--cv", action="store_true", help="leave-one-file-out cross-validation")
    ap.add_argument("--write", action="store_true", help="fit on all files and rewrite the pack")
    ap.add_argument("--l2", type=float, default=0.01)
    ap.add_argument("corpora", nargs="+")
    a = ap.parse_args()
    if any(os.path.basename(p).startswith("test") for p in a.corpora):
        sys.exit("fit: refusing to fit on the held-out test split")
    with open(a.pack, encoding="utf-8") as f:
        pack = json.load(f)
    notes = []
    for path in a.corpora:
        with open(path, encoding="utf-8") as f:
            notes += [dict(json.loads(line), file=path) for line in f if line.strip()]
    feats = measure_features(a.exe, pack, notes)
    W0 = pack_weights(pack)

    def rows(files):
        out = []
        for n in notes:
            if n["file"] in files and n["category"]:
                x = vector(pack, feats[n["id"]]) if feats[n["id"]][0] else None
                out.append((x, CATS.index(n["category"])))
        return out

    if a.cv:
        for held in a.corpora:
            train = [r for r in rows(set(a.corpora) - {held}) if r[0] is not None]
            W = fit(W0, train, l2=a.l2)
            print("held out %-28s pack weights top-1 %.3f top-2 %.3f | fitted top-1 %.3f top-2 %.3f"
                  % ((os.path.basename(held),) + accuracy(W0, rows({held})) + accuracy(W, rows({held}))))
    if a.write:
        W = fit(W0, [r for r in rows(set(a.corpora)) if r[0] is not None], l2=a.l2)
        print("fitted on %d notes: top-1 %.3f top-2 %.3f on those notes"
              % ((len(rows(set(a.corpora))),) + accuracy(W, rows(set(a.corpora)))))
        for i, k in enumerate(KINDS):
            pack["kind_categories"][k] = {CATS[c]: round(W[i][c], 3) for c in range(7) if W[i][c] >= 0.005}
        for j, c in enumerate(pack["cues"]):
            c["categories"] = {CATS[k]: round(W[len(KINDS) + j][k], 3) for k in range(7) if W[len(KINDS) + j][k] >= 0.005}
        with open(a.pack, "w", encoding="utf-8") as f:
            json.dump(pack, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print("wrote", a.pack)
    return 0


if __name__ == "__main__":
    sys.exit(main())
