#!/usr/bin/env python3
"""Trains the rule pack's sentence model and writes it into the pack.

Regex cue families fit the sentences they were written from: on the third of
each phrase bank held out from the rule writers, their recall stayed at
0.40-0.52 for breakdown, rule bending and advocacy. The sentence model is a
second, learned reader: one logistic regression per moment kind over the
words and word pairs of a sentence. The engine flags a sentence when the
model's probability reaches the pack's `min_probability` and no cue of that
kind is already affirmed there.

Training sentences:
  - every sentence of the development notes: positive for a kind when it
    holds one of the note's gold evidence strings of that kind;
  - every excerpt of the phrase banks' `rules` part, for its own kind
    (moments positive, traps negative);
  - the pack's own whole-note examples: negative for the kinds they do not
    expect, positive for those they do when they are one sentence long (the
    engine checks them when a pack is loaded from a file, so the model must
    agree with them).
Never pass the held-out test split, the banks' held-out part, or a split
you want to measure the model on unseen.

  train_sentence_model.py --pack core/rules/default.json \
      --notes tests/corpus/dev.jsonl ... --banks tests/corpus/phrases/*.jsonl \
      [--min-probability 0.8] [--write]

Without --write it prints the model's size. Training is deterministic: the
same files give the same weights, byte for byte.
"""
import argparse
import collections
import json
import math
import random
import re
import sys

KINDS = ["breakdown", "rule_bending", "advocacy", "family_involvement"]

# The engine's tokenizer (core/sentence_model.cpp), on UTF-8 bytes: ASCII
# letters are lowered; a word is a run of [a-z0-9], with an apostrophe
# suffix ("didn't", "mom's"); every other byte separates words.
WORD = re.compile(rb"[a-z0-9]+(?:'[a-z]+)?")
# Training splits notes roughly like the engine: after . ! ? ; and at line ends.
SPLIT = re.compile(r"(?<=[.!?;])\s+|\n+")

MESSAGES = {
    "breakdown": "The sentence reads like a practice breakdown to the pack's sentence model.",
    "rule_bending": "The sentence reads like rule bending to the pack's sentence model.",
    "advocacy": "The sentence reads like advocacy to the pack's sentence model.",
    "family_involvement": "The sentence reads like family involvement to the pack's sentence model.",
}


def features(text):
    words = [w.decode() for w in WORD.findall(text.encode("utf-8").lower())]
    f = set(words)
    f.update(a + " " + b for a, b in zip(words, words[1:]))
    return sorted(f)


def sentences(text):
    out, pos = [], 0
    for m in SPLIT.finditer(text):
        out.append(text[pos:m.start()])
        pos = m.end()
    out.append(text[pos:])
    return [s for s in out if s.strip()]


def note_examples(notes, kind):
    xs, ys = [], []
    for n in notes:
        evs = (n.get("evidence") or {}).get(kind, []) if n.get("moments") else []
        for s in sentences(n["text"]):
            pos = any(ev in s or (s in ev and len(s) > 12) for ev in evs)
            xs.append(features(s))
            ys.append(1 if pos else 0)
    return xs, ys


def train(xs, ys, l2, epochs, seed, pos_weight=None):
    """Stochastic gradient descent on the log loss, positives up-weighted."""
    w = collections.defaultdict(float)
    b = 0.0
    order = list(range(len(xs)))
    rnd = random.Random(seed)
    npos = sum(ys)
    wpos = pos_weight if pos_weight else 0.5 * (len(ys) - npos) / max(1, npos)
    rate = 0.2
    for _ in range(epochs):
        rnd.shuffle(order)
        for i in order:
            z = b + sum(w[f] for f in xs[i])
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = (p - ys[i]) * (wpos if ys[i] else 1.0)
            b -= rate * g * 0.1
            for f in xs[i]:
                w[f] -= rate * (g + l2 * w[f])
        rate *= 0.8
    return w, b


def averaged(fit, seeds):
    """The mean of fit(seed) over seeds 1..seeds; fit returns (weights, bias),
    each weight and the bias a number or a list of numbers.

    Training is stochastic gradient descent with a high rate, so the last
    examples seen weigh most and one order of them is one draw: listing the
    same files in another order moved held-out category top-1 by several
    notes. The mean over several orders is steadier."""
    def scaled(v):
        return [x / seeds for x in v] if isinstance(v, list) else v / seeds

    def add(a, v):
        return [x + y for x, y in zip(a, v)] if isinstance(v, list) else a + v

    w_sum, b_sum = {}, None
    for seed in range(1, seeds + 1):
        w, b = fit(seed)
        for f, v in w.items():
            w_sum[f] = add(w_sum[f], scaled(v)) if f in w_sum else scaled(v)
        b_sum = scaled(b) if b_sum is None else add(b_sum, scaled(b))
    return w_sum, b_sum


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", required=True)
    ap.add_argument("--notes", nargs="+", default=[])
    ap.add_argument("--banks", nargs="+", default=[])
    ap.add_argument("--min-probability", type=float, default=0.75)
    ap.add_argument("--l2", type=float, default=3e-2)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--pos-weight", type=float, default=3.0, help="weight of a positive sentence in the loss")
    ap.add_argument("--seeds", type=int, default=5, help="average the models of this many sentence orders")
    ap.add_argument("--min-count", type=int, default=3, help="keep features seen in this many training sentences")
    ap.add_argument("--write", action="store_true")
    a = ap.parse_args()
    for path in a.notes + a.banks:
        if "test" in path.split("/")[-1] or "held-out" in path:
            sys.exit(f"refusing {path}: held-out data is only measured, never trained on")
    notes = []
    for path in a.notes:
        with open(path, encoding="utf-8") as f:
            notes += [json.loads(l) for l in f if l.strip()]
    bank = collections.defaultdict(list)
    for path in a.banks:
        with open(path, encoding="utf-8") as f:
            for l in f:
                if l.strip():
                    e = json.loads(l)
                    if e["split"] == "rules":
                        bank[e["kind"]].append(e)
    model = {
        "description": "Logistic regression per kind over a sentence's words and word pairs, trained by "
                       "tests/accuracy/train_sentence_model.py on the development notes and the phrase banks' "
                       "rules part.",
        "min_probability": a.min_probability,
        "kinds": {},
    }
    with open(a.pack, encoding="utf-8") as f:
        pack_examples = json.load(f).get("examples", [])
    for k in KINDS:
        xs, ys = note_examples(notes, k)
        for e in pack_examples:
            parts = sentences(e["text"])
            for s in parts:
                if k not in e["kinds"] or len(parts) == 1:
                    xs.append(features(s))
                    ys.append(1 if k in e["kinds"] else 0)
        for e in bank[k]:
            xs.append(features(e["text"]))
            ys.append(1 if e["label"] else 0)
        seen = collections.Counter(f for x in xs for f in x)
        xs = [[f for f in x if seen[f] >= a.min_count] for x in xs]
        w, b = averaged(lambda seed: train(xs, ys, a.l2, a.epochs, seed, pos_weight=a.pos_weight), a.seeds)
        kept = {f: round(v, 3) for f, v in sorted(w.items()) if abs(round(v, 3)) >= 0.05}
        model["kinds"][k] = {"message": MESSAGES[k], "bias": round(b, 3), "weights": kept}
        print(f"{k}: {len(xs)} sentences, {sum(ys)} positive, {len(kept)} weights", file=sys.stderr)
    if a.write:
        with open(a.pack, encoding="utf-8") as f:
            pack = json.load(f)
        pack["sentence_model"] = model
        with open(a.pack, "w", encoding="utf-8") as f:
            json.dump(pack, f, indent=1, ensure_ascii=False)
            f.write("\n")
    else:
        json.dump(model, sys.stdout)


if __name__ == "__main__":
    main()
