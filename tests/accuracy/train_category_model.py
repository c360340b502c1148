#!/usr/bin/env python3
"""Trains the rule pack's category model and writes it into the pack.

The rule-based category ranking (each affirmed kind's prior plus the fitted
category weights of the cues that fired) reached top-1 0.61 on dev6+dev7,
which it was not fitted on. The category model is a second, learned reader
of the whole note: a softmax regression over its distinct words and word
pairs (the sentence model's tokenizer), one weight per story category. The
engine mixes it in: final score = (1 - share) * rules + share * model.

Training notes: every note with a gold category in the files given. Never
pass the held-out test split, the category bank's held-out part, or a split
you want to measure the model on unseen.

  train_category_model.py --pack core/rules/default.json \
      --notes tests/corpus/dev.jsonl ... [--share 0.3] [--write]

Without --write it prints the model. Training is deterministic: the same
files give the same weights, byte for byte.
"""
import argparse
import collections
import json
import math
import random
import re
import sys

from train_sentence_model import averaged, features

# The guide's order (core/taxonomy.cpp); the pack's arrays follow it.
CATEGORIES = ["knowing_tracking", "simplifying_contact", "coordinating_care", "patient_advocate",
              "family_integration", "living_environment", "life_health_coach"]


def softmax(z):
    top = max(z)
    e = [math.exp(v - top) for v in z]
    s = sum(e)
    return [v / s for v in e]


def train(xs, ys, l2, epochs, seed):
    """Stochastic gradient descent on the multinomial log loss."""
    n = len(CATEGORIES)
    w = collections.defaultdict(lambda: [0.0] * n)
    b = [0.0] * n
    order = list(range(len(xs)))
    rnd = random.Random(seed)
    rate = 0.2
    for _ in range(epochs):
        rnd.shuffle(order)
        for i in order:
            p = softmax([b[c] + sum(w[f][c] for f in xs[i]) for c in range(n)])
            for c in range(n):
                g = p[c] - (1.0 if ys[i] == c else 0.0)
                b[c] -= rate * g * 0.1
                for f in xs[i]:
                    w[f][c] -= rate * (g + l2 * w[f][c])
        rate *= 0.8
    return w, b


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", required=True)
    ap.add_argument("--notes", nargs="+", required=True)
    ap.add_argument("--share", type=float, default=0.3, help="the model's share of each category score")
    ap.add_argument("--l2", type=float, default=1e-2)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--seeds", type=int, default=10, help="average the models of this many note orders")
    ap.add_argument("--min-count", type=int, default=3, help="keep features seen in this many training notes")
    ap.add_argument("--write", action="store_true")
    a = ap.parse_args()
    for path in a.notes:
        if "test" in path.split("/")[-1] or "held-out" in path:
            sys.exit(f"refusing {path}: held-out data is only measured, never trained on")
    notes = []
    for path in a.notes:
        with open(path, encoding="utf-8") as f:
            notes += [n for n in (json.loads(l) for l in f if l.strip()) if n.get("category")]
    xs = [features(n["text"]) for n in notes]
    ys = [CATEGORIES.index(n["category"]) for n in notes]
    seen = collections.Counter(f for x in xs for f in x)
    xs = [[f for f in x if seen[f] >= a.min_count] for x in xs]
    w, b = averaged(lambda seed: train(xs, ys, a.l2, a.epochs, seed), a.seeds)
    weights = {}
    for f in sorted(w):
        row = [round(v, 3) for v in w[f]]
        if max(abs(v) for v in row) >= 0.05:
            weights[f] = row
    model = {
        "description": "Softmax regression over a whole note's words and word pairs, one weight per category "
                       "(in the order of 'categories'), trained by tests/accuracy/train_category_model.py on the "
                       "development notes and the category bank's rules part.",
        "share": a.share,
        "categories": CATEGORIES,
        "bias": [round(v, 3) for v in b],
        "weights": weights,
    }
    print(f"{len(notes)} notes, {len(weights)} features kept", file=sys.stderr)
    if a.write:
        with open(a.pack, encoding="utf-8") as f:
            pack = json.load(f)
        pack["category_model"] = model
        text = json.dumps(pack, indent=1, ensure_ascii=False)
        # One line per array of numbers (the model's rows), not one per number.
        text = re.sub(r"\[\n\s*(-?[0-9.e-]+(?:,\n\s*-?[0-9.e-]+)*)\n\s*\]",
                      lambda m: "[" + re.sub(r",\n\s*", ", ", m.group(1)) + "]", text)
        with open(a.pack, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        json.dump(model, sys.stdout)


if __name__ == "__main__":
    main()
