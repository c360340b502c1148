#!/usr/bin/env python3
"""Chooses the learned models' settings by leave-one-split-out validation.

One development split (two writers' notes) is held out at a time; both
models (train_sentence_model.py, train_category_model.py) are trained on
everything else given, and the engine is measured on the held-out split at
each sentence-model bar and category-model share. Printed: per setting, F1
per kind, top-1, top-2 and abstention averaged over the held-out splits. No
split is measured by a model that saw it, and neither the test split nor an
unseen split is touched.

  cross_validate_models.py EXEMPLAR --always dev dev2 categories-rules \\
      --folds dev3a+dev3b dev4a+dev4b ... [--l2 0.01 0.03] [--pos-weight 3 5] \\
      [--bars 0.6 0.7 0.8] [--shares 0.2 0.3 0.4] [--pack PACK]

Names are files in tests/corpus/ without ".jsonl". Takes a few minutes.
"""
import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(ROOT, "tests", "corpus")
KINDS = ["breakdown", "rule_bending", "advocacy", "family_involvement"]


def corpus(name):
    return os.path.join(CORPUS, name + ".jsonl")


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd[:3])} ... failed:\n{r.stderr}")
    return r.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("exemplar", help="the exemplar command-line tool")
    ap.add_argument("--pack", default=os.path.join(ROOT, "core", "rules", "default.json"),
                    help="the rule pack whose rules are kept (default: the default pack)")
    ap.add_argument("--always", nargs="+", required=True, help="splits always trained on")
    ap.add_argument("--folds", nargs="+", required=True, help="splits held out in turn (a+b for several files)")
    ap.add_argument("--l2", nargs="+", type=float, default=[0.03])
    ap.add_argument("--pos-weight", nargs="+", type=float, default=[3.0])
    ap.add_argument("--bars", nargs="+", type=float, default=[0.6, 0.65, 0.7, 0.75, 0.8])
    ap.add_argument("--shares", nargs="+", type=float, default=[0.3], help="category-model shares")
    ap.add_argument("--category-seeds", type=int, default=10, help="note orders the category model averages")
    ap.add_argument("--sentence-seeds", type=int, default=5, help="sentence orders the sentence model averages")
    a = ap.parse_args()
    banks = [os.path.join(CORPUS, "phrases", k + ".jsonl") for k in KINDS]
    folds = {f: f.split("+") for f in a.folds}
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for fold, names in folds.items():
            train = [corpus(n) for n in a.always] + [corpus(n) for f, ns in folds.items() if f != fold for n in ns]
            for l2, pw in itertools.product(a.l2, a.pos_weight):
                pack = os.path.join(tmp, "pack.json")
                shutil.copyfile(a.pack, pack)
                run([sys.executable, os.path.join(HERE, "train_sentence_model.py"), "--pack", pack, "--notes", *train,
                     "--banks", *banks, "--l2", str(l2), "--pos-weight", str(pw),
                     "--seeds", str(a.sentence_seeds), "--write"])
                run([sys.executable, os.path.join(HERE, "train_category_model.py"), "--pack", pack, "--notes", *train,
                     "--seeds", str(a.category_seeds), "--write"])
                with open(pack, encoding="utf-8") as f:
                    p = json.load(f)
                for bar, share in itertools.product(a.bars, a.shares):
                    p["sentence_model"]["min_probability"] = bar
                    p["category_model"]["share"] = share
                    with open(pack, "w", encoding="utf-8") as f:
                        json.dump(p, f)
                    out = json.loads(run([a.exemplar, "eval", "--json", "--rules", pack] +
                                         [corpus(n) for n in names]))
                    results[(fold, l2, pw, bar, share)] = ([out["kinds"][k]["f1"] for k in KINDS],
                                                           out["category"]["top1"], out["category"]["top2"],
                                                           out["abstention"])
                print(f"held out {fold}, L2 {l2}, positives x{pw}: done", file=sys.stderr, flush=True)
    print("L2     pos  bar   share  F1 mean  " + "  ".join(f"{k[:12]:>12}" for k in KINDS) + "  top-1  top-2  abstention")
    for l2, pw, bar, share in itertools.product(a.l2, a.pos_weight, a.bars, a.shares):
        rs = [results[(f, l2, pw, bar, share)] for f in folds]
        f1 = [sum(r[0][i] for r in rs) / len(rs) for i in range(4)]
        top1, top2, abst = (sum(r[i] for r in rs) / len(rs) for i in (1, 2, 3))
        print(f"{l2:<6} {pw:<4} {bar:<5} {share:<6} {sum(f1) / 4:.3f}    " +
              "  ".join(f"{v:>12.3f}" for v in f1) + f"  {top1:.3f}  {top2:.3f}  {abst:.3f}")


if __name__ == "__main__":
    main()
