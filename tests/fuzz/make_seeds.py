#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into tests/fuzz/corpus/<target>/.

Run from anywhere: python3 tests/fuzz/make_seeds.py. Seeds are named
seed-*; files named crash-* (regressions of fixed bugs) are never touched.
The notes are synthetic (examples/notes/ and the gold corpus of tests/corpus/),
so the corpora hold no real case data.
"""
import gzip
import json
import os
import struct
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, "..", ".."))
corpus = os.path.join(here, "corpus")


def notes():
    out = []
    ex = os.path.join(root, "examples", "notes")
    for name in sorted(os.listdir(ex)):
        with open(os.path.join(ex, name), "rb") as f:
            out.append(f.read())
    with open(os.path.join(root, "tests", "corpus", "dev.jsonl"), encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % 9 == 0:
                out.append(json.loads(line)["text"].encode("utf-8"))
    return out


CRAFTED = [
    b"CM appealed the denial; daughter present at the family meeting. Pt never received the referral.",
    b"Family involved: [x] Yes [ ] No\nAdvocacy needs: none\nPLAN\n- f/u 3/14 w/ Dr. Lee.\n",
    b"FAMILY HISTORY:\nMother appealed a denial in 2019.\nPAST HX: no family meeting.",
    b"If the denial stands we will appeal. Pt denies any family involvement; no exception was made.",
    b"Caf\xc3\xa9 \xe2\x80\x94 la hija ayud\xc3\xb3 \xf0\x9f\x98\x80 with the appeal; exception made. \xe4\xb8\xad\xe6\x96\x87.",
    b"CM appealed the denial\r\nwife present\r\n\r\n1. Called HHA 2) faxed orders \xe2\x80\xa2 bullet",
    b"bad \xc0\xaf overlong, lone surrogate \xed\xa0\x80, too high \xf4\x90\x80\x80, cut \xe2\x82 end appealed",
    b"NUL\x00inside the note: CM appealed\x00the denial.",
    b"\xef\xbb\xbfBOM first. Family meeting held.",
    b"appeal " * 40,
    b"a" * 300 + b". appealed the denial " + b"x" * 300,
    b"[x] [X] [ ] [\xe2\x9c\x93] (x) ( ) \xe2\x98\x90 \xe2\x98\x91 \xe2\x98\x92 family meeting",
    b"\n\n\n",
    b"   ",
    b"Not only did CM appeal, she also called the daughter. No longer needs an exception.",
    b"Pt's son was not present. Mom not present. No change in family involvement.",
]


def write(target, name, data):
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def clear_seeds():
    for target in os.listdir(corpus) if os.path.isdir(corpus) else []:
        d = os.path.join(corpus, target)
        for name in os.listdir(d):
            if name.startswith("seed-"):
                os.remove(os.path.join(d, name))


def analyze_seeds(all_notes):
    # flags: 1 repair, 2 snippets, 4 limit (byte 1 * 16), 8 NULL options, 16 bad version
    flag_cycle = [0x02, 0x03, 0x00, 0x01, 0x08, 0x06, 0x12, 0x03]
    for i, n in enumerate(all_notes):
        flags = flag_cycle[i % len(flag_cycle)]
        write("analyze", "%02d" % i, bytes([flags, 8]) + n)
    write("analyze", "empty", b"\x02\x00")
    write("analyze", "limit", bytes([0x06, 2]) + b"x" * 40)


def context_seeds(all_notes):
    for i, n in enumerate(all_notes):
        start = (len(n) // 3) if n else 0
        end = min(len(n), start + 12)
        mode = [0, 0, 1, 2, 0, 6][i % 6]
        write("context", "%02d" % i, struct.pack("<HHB", start, end, mode) + n)
    write("context", "outside", struct.pack("<HHB", 5, 90, 1) + b"short")
    write("context", "reversed", struct.pack("<HHB", 9, 3, 1) + b"Denies chest pain.")


def minimal_pack(**over):
    p = {
        "schema": "exemplar.rulepack.v1",
        "id": "fuzz-seed",
        "version": "1.0.0",
        "min_engine_version": "0.1.0",
        "license": "CC0-1.0",
        "cues": [
            {"id": "adv.appeal", "kind": "advocacy", "pattern": "\\bappeal(?:ed|s)?\\b", "weight": 0.9,
             "categories": {"patient_advocate": 1.0}, "message": "appeal",
             "examples": {"match": ["appealed"], "no_match": ["apple"]}},
        ],
    }
    p.update(over)
    return p


def pack_bytes(p):
    return json.dumps(p, ensure_ascii=False).encode("utf-8")


def rulepack_seeds():
    with open(os.path.join(root, "core", "rules", "default.json"), "rb") as f:
        write("rulepack", "default", f.read())
    full = minimal_pack(
        description="all sections",
        settings={"moment_threshold": 0.5, "max_words": 4},
        context=[
            {"id": "neg.no", "role": "negated", "pattern": "\\b(?:no|not|never)\\b", "direction": "forward",
             "max_words": 3},
            {"id": "neg.denied", "role": "negated", "pattern": "\\bdenied\\b", "direction": "backward"},
            {"id": "hyp.if", "role": "hypothetical", "pattern": "\\bif\\b", "kinds": ["advocacy"]},
            {"id": "hist.hx", "role": "historical", "pattern": "\\bhistory of\\b", "direction": "both"},
            {"id": "fam.mother", "role": "family", "pattern": "\\bmother\\b"},
            {"id": "oth.neighbor", "role": "other", "pattern": "\\bneighbou?r\\b"},
            {"id": "pseudo.nolonger", "role": "pseudo", "pattern": "\\bno longer\\b"},
            {"id": "term.but", "role": "terminate", "pattern": "\\bbut\\b", "terminates": ["negated"]},
        ],
        sections=[
            {"id": "famhx", "pattern": "family (?:history|hx)", "historical": True, "experiencer": "family",
             "examples": {"match": ["Family History"], "no_match": ["Plan"]}},
            {"id": "plan", "pattern": "plan", "hypothetical": True},
        ],
        templates={"affirm": "^(?:yes|y)\\b", "deny": "^(?:no|none)\\b"},
        kind_categories={"advocacy": {"patient_advocate": 0.5}},
        examples=[{"text": "CM appealed the denial.", "kinds": ["advocacy"], "note": "basic"},
                  {"text": "No appeal.", "kinds": []}],
    )
    full["cues"].append({"id": "fam.daughter", "kind": "family_involvement", "pattern": "\\bdaughter\\b",
                         "weight": 0.8, "negation_in_pattern": False})
    full["cues"].append({"id": "ev.fax", "kind": "evidence", "pattern": "\\bfax(?:ed)?\\b", "weight": 0.5,
                         "categories": {"coordinating_care": 1.0}})
    seeds = {
        "minimal": minimal_pack(),
        "full": full,
        "unicode": minimal_pack(cues=[{"id": "u", "kind": "breakdown", "pattern": "caf\u00e9|\u4e2d\u6587|\U0001F600",
                                       "weight": 1.0}]),
        "empty_match": minimal_pack(cues=[{"id": "e", "kind": "advocacy", "pattern": "x*", "weight": 0.5}]),
        "anychar": minimal_pack(cues=[{"id": "d", "kind": "advocacy", "pattern": "(?s).", "weight": 0.5}]),
        "newer_engine": minimal_pack(min_engine_version="99.0.0"),
        "bad_regex": minimal_pack(cues=[{"id": "r", "kind": "advocacy", "pattern": "(unclosed", "weight": 0.5}]),
        "lookahead": minimal_pack(cues=[{"id": "r", "kind": "advocacy", "pattern": "a(?=b)", "weight": 0.5}]),
        "big_repeat": minimal_pack(cues=[{"id": "r", "kind": "advocacy", "pattern": "(a{1000}){1000}",
                                          "weight": 0.5}]),
        "nested_star": minimal_pack(cues=[{"id": "r", "kind": "advocacy", "pattern": "((a|b)*){50}", "weight": 0.5}]),
        "bad_weight": minimal_pack(cues=[{"id": "w", "kind": "advocacy", "pattern": "a", "weight": 1.5}]),
        "bad_kind": minimal_pack(cues=[{"id": "k", "kind": "joy", "pattern": "a"}]),
        "dup_id": minimal_pack(cues=[{"id": "x", "kind": "advocacy", "pattern": "a"},
                                     {"id": "x", "kind": "advocacy", "pattern": "b"}]),
        "only_evidence": minimal_pack(cues=[{"id": "x", "kind": "evidence", "pattern": "a"}]),
        "typo_field": minimal_pack(cues=[{"id": "x", "kind": "advocacy", "patern": "a"}]),
        "example_fails": minimal_pack(examples=[{"text": "nothing here", "kinds": ["advocacy"]}]),
        "rule_example_fails": minimal_pack(cues=[{"id": "x", "kind": "advocacy", "pattern": "zzz",
                                                  "examples": {"match": ["a"]}}]),
        "bad_semver": minimal_pack(version="1.0"),
        "bad_schema": minimal_pack(schema="exemplar.rulepack.v0"),
        "unknown_category": minimal_pack(kind_categories={"advocacy": {"nope": 1}}),
        "terminate_misuse": minimal_pack(context=[{"id": "t", "role": "negated", "pattern": "no",
                                                   "terminates": ["negated"]}]),
    }
    for name, p in seeds.items():
        write("rulepack", name, pack_bytes(p))
    write("rulepack", "not_json", b"{\"schema\": ")
    write("rulepack", "array", b"[1, 2, 3]")
    write("rulepack", "deep", b"[" * 100 + b"]" * 100)
    write("rulepack", "bad_utf8", pack_bytes(minimal_pack())[:-2] + b"\xff}")
    write("rulepack", "numbers", b'{"schema": "exemplar.rulepack.v1", "version": 1e999, "x": -0.0}')
    write("rulepack", "escapes", b'{"id": "\\ud83d\\ude00 \\u0000 \\ud800"}')


def scan_jsonl_seeds(all_notes):
    lines = []
    for i, n in enumerate(all_notes[:12]):
        lines.append(json.dumps({"id": "n%d" % i, "text": n.decode("utf-8", "replace")}).encode("utf-8"))
    write("scan_jsonl", "basic", b"\x00" + b"\n".join(lines[:6]) + b"\n")
    write("scan_jsonl", "nosnip", b"\x02" + b"\n".join(lines[6:]) + b"\n")
    write("scan_jsonl", "crlf_bom", b"\x00\xef\xbb\xbf" + b"\r\n".join(lines[:3]) + b"\r\n\r\n   \n")
    write("scan_jsonl", "fields", b"\x08" + b'{"case": 17, "note": "CM appealed the denial."}\n'
          b'{"case": null, "note": "daughter present"}\n{"case": [1], "note": 5}\n')
    write("scan_jsonl", "broken", b"\x00" + b'{"id": "a", "text": "CM appealed"\n[1,2]\n"str"\n'
          b'{"id": "b"}\n{"id": "c", "text": null}\n{"id": "d", "text": ""}\n{bad json}\n')
    write("scan_jsonl", "bad_utf8", b"\x00" + b'{"id": "x\xff", "text": "appealed \xc0\xaf the denial"}\n')
    write("scan_jsonl", "bad_utf8_repair", b"\x01" + b'{"id": "x\xff", "text": "appealed \xed\xa0\x80 denial"}\n')
    write("scan_jsonl", "escapes", b"\x00" + b'{"id": "\\u0000\\ud83d\\ude00", "text": "NUL\\u0000 appealed \\n'
          b'family meeting \\ud83d\\ude00"}\n{"id": "y", "text": "lone \\ud800 surrogate"}\n')
    write("scan_jsonl", "caps", b"\x04" + b'{"id": "long", "text": "' + b"appealed " * 30 + b'"}\n'
          b'{"id": "ok", "text": "short appeal"}\n' + b'{"id": "huge", "text": "' + b"x" * 400 + b'"}\n')
    write("scan_jsonl", "no_newline", b"\x00" + lines[0])
    write("scan_jsonl", "gzip", b"\x00" + gzip.compress(b"\n".join(lines[:4]) + b"\n", mtime=0))
    write("scan_jsonl", "gzip_trunc", b"\x00" + gzip.compress(b"\n".join(lines[:2]) + b"\n", mtime=0)[:-9])
    write("scan_jsonl", "gzip_multi", b"\x00" + gzip.compress(lines[0] + b"\n", mtime=0) +
          gzip.compress(lines[1] + b"\n", mtime=0))
    write("scan_jsonl", "deep", b"\x00" + b'{"id": "d", "text": "x", "z": ' + b"[" * 2000 + b"]" * 2000 + b"}\n")
    write("scan_jsonl", "dup_keys", b"\x00" + b'{"id": "a", "id": "b", "text": "t", "text": "appealed"}\n')
    write("scan_jsonl", "blank_only", b"\x00\n\n \t \n\r\n")
    write("scan_jsonl", "empty", b"\x00")


def scan_csv_seeds(all_notes):
    def field(s):
        return b'"' + s.replace(b'"', b'""') + b'"'
    rows = [b"ROW_ID,SUBJECT_ID,TEXT"]
    for i, n in enumerate(all_notes[:8]):
        rows.append(b"%d,%d," % (i, 100 + i) + field(n))
    write("scan_csv", "mimic", b"\x00" + b"\n".join(rows) + b"\n")
    write("scan_csv", "crlf", b"\x02" + b"\r\n".join(rows[:4]) + b"\r\n")
    write("scan_csv", "lowercase", b"\x00" + b"id,text\n1,CM appealed the denial.\n2,\"daughter, present\"\n\n3,x\n")
    write("scan_csv", "named", b"\x08" + b"case,note,other\nA,\"family meeting\"\"held\"\"\",z\nB,appeal,\n")
    write("scan_csv", "missing_col", b"\x08" + b"id,text\n1,two\n")
    write("scan_csv", "no_text", b"\x00" + b"id,body\n1,x\n")
    write("scan_csv", "ragged", b"\x00" + b"id,text\n1,a,b\n2\n3,ok appealed\n")
    write("scan_csv", "unterminated", b"\x00" + b'id,text\n1,"never closed appealed\n2,x\n')
    write("scan_csv", "lenient", b"\x00" + b'id,text\n1,ab"c"d\n2,"ab"cd\n3,""\n')
    write("scan_csv", "bom", b"\x00\xef\xbb\xbfTEXT,ROW_ID\nappealed the denial,9\n")
    write("scan_csv", "bad_utf8", b"\x00" + b"id,text\n\xff,appealed \xc0\xaf denial\n")
    write("scan_csv", "bad_utf8_repair", b"\x01" + b"id,text\n1,appealed \xed\xa0\x80 denial\n")
    write("scan_csv", "cap", b"\x04" + b"id,text\n1," + field(b"appealed " * 40) + b"\n2,short appeal\n")
    write("scan_csv", "empty", b"\x00")
    write("scan_csv", "header_only", b"\x00" + b"id,text")
    write("scan_csv", "gzip", b"\x00" + gzip.compress(b"\n".join(rows[:4]) + b"\n", mtime=0))
    write("scan_csv", "multiline", b"\x00" + b'id,text\n1,"line one\nline two appealed\r\nthree"\n')
    write("scan_csv", "nul", b"\x00" + b"id,text\n1,NUL\x00appealed\n")


def main():
    clear_seeds()
    all_notes = notes() + CRAFTED
    analyze_seeds(all_notes)
    context_seeds(all_notes)
    rulepack_seeds()
    scan_jsonl_seeds(all_notes)
    scan_csv_seeds(all_notes)
    total = 0
    for dirpath, _, files in os.walk(corpus):
        for f in files:
            total += os.path.getsize(os.path.join(dirpath, f))
    print("corpus: %d bytes" % total, file=sys.stderr)


if __name__ == "__main__":
    main()
