#!/usr/bin/env python3
"""End-to-end tests of `exemplar scan`, one ctest test per function below.

Usage: scan_tests.py --exe PATH --casenotes CSV --work DIR TEST

Each test makes its own archives (deterministic, seeded) in its work
directory, runs the exemplar binary and checks the outputs. The 500-note
casenotes CSV is read from the shared data folder beside the source tree; when
it is missing the casenotes tests fail with a message saying where it was
looked for.
"""
import argparse
import csv
import gzip
import io
import json
import os
import random
import re
import select
import shutil
import signal
import subprocess
import sys
import time

ARGS = None

# --- note generator --------------------------------------------------------------

ROUTINE = [
    "Pt seen for scheduled f/u visit.",
    "Client reports sleeping better this week.",
    "Reviewed medication list with client; no changes.",
    "BP 132/84, HR 76.",
    "Next appointment scheduled for two weeks.",
    "Client attended group session on budgeting.",
    "CM confirmed transportation for Tuesday's appointment.",
    "Discussed coping strategies for stress at work.",
    "Pt ambulating with cane, no falls reported.",
    "Client states appetite is fair.",
]
CUES = [
    "Referral to cardiology was never sent and the client fell through the cracks.",
    "The pharmacy never received the prior authorization, so the client ran out of insulin.",
    "Home health never came out after discharge because of a wrong fax number.",
    "CM requested a one-time exception to the visit limit and the supervisor approved it.",
    "Client is not technically eligible but the program agreed to an override.",
    "CM appealed the denial with the insurer and asked for a peer-to-peer review.",
    "CM escalated to the medical director when the payer refused the wheelchair.",
    "CM negotiated with the landlord to stop the eviction.",
    "Family meeting held with daughter and son to settle the discharge plan.",
    "Daughter manages her medications and drives her to appointments.",
    "Taught the caregiver how to use the glucometer.",
    "Wife reports caregiver burnout; respite options discussed.",
]
TRAPS = [
    "No family involvement.",
    "If the denial stands we will appeal.",
    "Family involved: [ ] Yes [x] No",
    "Mother had diabetes.",
    "Advocacy needs: none",
]


def make_note(rng, marker=None, min_sentences=2, max_sentences=12):
    n = rng.randint(min_sentences, max_sentences)
    parts = []
    for _ in range(n):
        r = rng.random()
        if r < 0.55:
            parts.append(rng.choice(ROUTINE))
        elif r < 0.85:
            parts.append(rng.choice(CUES))
        else:
            parts.append(rng.choice(TRAPS))
    if marker:
        # A word that appears nowhere but in the note, inside a cue sentence.
        parts.insert(rng.randint(0, len(parts)), "CM appealed the denial for %s with the insurer." % marker)
    sep = rng.choice([" ", "\n", " ", " "])
    return sep.join(parts)


def make_notes(seed, count, marker_prefix=None):
    rng = random.Random(seed)
    notes = []
    for i in range(count):
        marker = "%s%05dq" % (marker_prefix, i) if marker_prefix else None
        notes.append(("note-%06d" % i, make_note(rng, marker)))
    return notes


def write_jsonl(path, notes, extra=None):
    with open(path, "w", encoding="utf-8", newline="") as f:
        for nid, text in notes:
            f.write(json.dumps({"id": nid, "text": text}) + "\n")
    return path


MIMIC_HEADER = ["ROW_ID", "SUBJECT_ID", "HADM_ID", "CHARTDATE", "CHARTTIME", "STORETIME", "CATEGORY",
                "DESCRIPTION", "CGID", "ISERROR", "TEXT"]


def mimic_text(rng, i):
    """A MIMIC-shaped note: many lines, a quoted phrase, commas, blank lines."""
    lines = ["Admission Date:  [**2151-7-16**]       Discharge Date:   [**2151-8-4**]", "",
             "Service: MEDICINE", "", "Social Work Note:", make_note(rng, None, 3, 10),
             'Pt says "I just want to go home", daughter agrees.', "",
             "Plan, per team: " + make_note(rng, None, 1, 4)]
    if i % 7 == 0:
        lines.append('Quote inside: ""double"" and a trailing quote"')
    if i % 5 == 0:
        lines.append("Line with a comma, and another, and a CR\rinside.")
    return "\n".join(lines) + "\n"


def write_mimic_csv(path, count, seed=7, crlf=True):
    rng = random.Random(seed)
    rows = []
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n" if crlf else "\n")
    w.writerow(MIMIC_HEADER)
    for i in range(count):
        row_id = str(100 + i)
        text = mimic_text(rng, i)
        rows.append((row_id, text))
        w.writerow([row_id, str(9000 + i), str(150000 + i), "2151-08-04", "", "", "Social Work", "Social Work Note",
                    "18427", "", text])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    return rows


# --- helpers -----------------------------------------------------------------------

def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def work(name):
    return os.path.join(ARGS.work, name)


def run(args, stdin=None, input_bytes=None, expect=None, env=None):
    """Runs the exemplar binary; returns (rc, stdout bytes, stderr text)."""
    p = subprocess.run([ARGS.exe] + args, input=input_bytes, stdin=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, cwd=ARGS.work, env=env, timeout=600)
    err = p.stderr.decode("utf-8", "replace")
    if expect is not None and p.returncode != expect:
        fail("exemplar %s: exit %d, expected %d\nstderr:\n%s" % (" ".join(args), p.returncode, expect, err))
    return p.returncode, p.stdout, err


def read_lines(path):
    with open(os.path.join(ARGS.work, path), "rb") as f:
        data = f.read()
    check(data == b"" or data.endswith(b"\n"), "%s does not end with a newline" % path)
    return [json.loads(l) for l in data.decode("utf-8").splitlines()]


def file_bytes(path):
    with open(os.path.join(ARGS.work, path), "rb") as f:
        return f.read()


def summary_counts(err):
    m = re.search(r"(\d+) records read, (\d+) analysed, (\d+) failed \(records in = results \+ errors: (\d+) = (\d+) \+ (\d+)\)", err)
    check(m, "no summary line on stderr:\n" + err)
    read, analysed, failed, a, b, c = map(int, m.groups())
    check(read == a and analysed == b and failed == c and read == analysed + failed,
          "summary does not add up: " + m.group(0))
    return read, analysed, failed


def casenotes_path():
    p = ARGS.casenotes
    if not os.path.isfile(p):
        fail("the casenotes archive is missing: expected %s (shared/external/casenotes/synthetic-case-notes.csv "
             "beside the source tree)" % os.path.abspath(p))
    return os.path.abspath(p)


def cue_offsets_match(lines, texts):
    """Every moment's [start, end) slices its cue out of the UTF-8 note."""
    for rec in lines:
        text = texts[rec["id"]].encode("utf-8")
        for m in rec["moments"]:
            cue = text[m["start"]:m["end"]].decode("utf-8")
            check(cue == m["cue"], "record %s: cue %r at %d-%d but the text has %r" %
                  (rec["id"], m["cue"], m["start"], m["end"], cue))


# --- the tests -----------------------------------------------------------------------

def test_casenotes():
    """The 500 synthetic case notes: every record analysed, in order, ids echoed."""
    src = casenotes_path()
    with open(src, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    check(len(rows) == 500, "expected 500 notes in %s, found %d" % (src, len(rows)))
    _, _, err = run(["scan", "--id-column", "person_oid", "--text-column", "case_note", "-o", "cn.jsonl",
                     "--csv", "cn.csv", "--report-html", "cn.html", "--report-md", "cn.md", src], expect=0)
    lines = read_lines("cn.jsonl")
    check([l["id"] for l in lines] == [r["person_oid"] for r in rows], "ids are not the CSV's, in order")
    check(all("error" not in l for l in lines), "error records in the casenotes output")
    read, analysed, failed = summary_counts(err)
    check((read, analysed, failed) == (500, 500, 0), "summary counts %r" % ((read, analysed, failed),))
    cue_offsets_match(lines, {r["person_oid"]: r["case_note"] for r in rows})
    # The summary's per-kind and per-category counts are the output's.
    kinds = {}
    cats = {}
    for l in lines:
        for k in l["kinds"]:
            kinds[k] = kinds.get(k, 0) + 1
        c = l["category"]["id"] if l["category"] else "none"
        cats[c] = cats.get(c, 0) + 1
    for k in ["breakdown", "rule_bending", "advocacy", "family_involvement"]:
        check(re.search(r"\b%s %d\b" % (k, kinds.get(k, 0)), err), "summary count of %s is not %d" % (k, kinds.get(k, 0)))
    check(re.search(r"\bnone %d\b" % cats.get("none", 0), err), "summary count of uncategorised notes")
    with open(work("cn.csv"), encoding="utf-8", newline="") as f:
        table = list(csv.reader(f))
    check(table[0][:4] == ["id", "kinds", "category", "score"], "CSV header %r" % table[0])
    check(len(table) == 501 and [r[0] for r in table[1:]] == [r["person_oid"] for r in rows], "CSV rows")
    md = file_bytes("cn.md").decode("utf-8")
    check(md.count("\n## ") >= 9, "Markdown report lacks the category sections")
    print(err)


def test_mimic_csv():
    """A MIMIC-shaped CSV (multi-line quoted TEXT, doubled quotes, CRLF) parses exactly."""
    rows = write_mimic_csv(work("NOTEEVENTS.csv"), 60)
    _, _, err = run(["scan", "-o", "mimic.jsonl", "NOTEEVENTS.csv"], expect=0)
    lines = read_lines("mimic.jsonl")
    check([l["id"] for l in lines] == [r[0] for r in rows], "ids are not the ROW_IDs in order")
    texts = dict(rows)
    cue_offsets_match(lines, texts)
    # The same notes as JSON Lines give the same lines: the CSV text is exact.
    write_jsonl(work("mimic-as.jsonl"), rows)
    run(["scan", "-o", "mimic-as-out.jsonl", "mimic-as.jsonl"], expect=0)
    check(file_bytes("mimic.jsonl") == file_bytes("mimic-as-out.jsonl"), "CSV and JSONL scans of the same notes differ")
    # Byte by byte through a pipe: every chunk boundary inside quotes and CRLFs.
    data = file_bytes("NOTEEVENTS.csv")
    p = subprocess.Popen([ARGS.exe, "scan", "--input-format", "csv", "-"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ARGS.work)
    import threading
    out = []
    t = threading.Thread(target=lambda: out.append(p.stdout.read()))
    t.start()
    step = 1
    i = 0
    while i < len(data):
        p.stdin.write(data[i:i + step])
        p.stdin.flush()
        i += step
        step = 1 if step > 97 else step + 13
    p.stdin.close()
    t.join()
    p.wait()
    check(p.returncode == 0, "piped CSV scan exit %d: %s" % (p.returncode, p.stderr.read().decode()))
    check(out[0] == file_bytes("mimic.jsonl"), "piped, chunked CSV scan differs from the file scan")
    # LF line ends too.
    write_mimic_csv(work("lf.csv"), 60, crlf=False)
    run(["scan", "-o", "lf.jsonl", "lf.csv"], expect=0)
    check(file_bytes("lf.jsonl") == file_bytes("mimic.jsonl"), "LF and CRLF CSV scans differ")
    print(err)


def test_gzip():
    """gzip inputs (by magic bytes, multi-member too) give the plain scan's output."""
    notes = make_notes(11, 300)
    write_jsonl(work("n.jsonl"), notes)
    write_mimic_csv(work("m.csv"), 40)
    run(["scan", "-o", "plain.jsonl", "n.jsonl", "m.csv"], expect=0)
    for name in ["n.jsonl", "m.csv"]:
        with open(work(name), "rb") as f, gzip.open(work(name + ".gz"), "wb") as g:
            g.write(f.read())
    run(["scan", "-o", "gz.jsonl", "n.jsonl.gz", "m.csv.gz"], expect=0)
    check(file_bytes("gz.jsonl") == file_bytes("plain.jsonl"), "gzip scan differs from the plain scan")
    # Two gzip members back to back (cat a.gz b.gz), under a name without .gz.
    data = file_bytes("n.jsonl")
    half = data.index(b"\n", len(data) // 2) + 1
    with open(work("multi.jsonl"), "wb") as f:
        f.write(gzip.compress(data[:half]) + gzip.compress(data[half:]))
    run(["scan", "-o", "multi-out.jsonl", "multi.jsonl"], expect=0)
    run(["scan", "-o", "n-out.jsonl", "n.jsonl"], expect=0)
    check(file_bytes("multi-out.jsonl") == file_bytes("n-out.jsonl"), "multi-member gzip scan differs")
    # gzip on standard input.
    _, out, _ = run(["scan", "-"], input_bytes=gzip.compress(data), expect=0)
    check(out == file_bytes("n-out.jsonl"), "gzip on stdin differs")
    # A truncated gzip file: exit 4, the lines written stand (whole lines).
    gz = gzip.compress(data)
    with open(work("trunc.jsonl.gz"), "wb") as f:
        f.write(gz[: len(gz) * 2 // 3])
    rc, _, err = run(["scan", "-o", "trunc-out.jsonl", "trunc.jsonl.gz"])
    check(rc == 4, "truncated gzip: exit %d, expected 4: %s" % (rc, err))
    check("truncated" in err or "gzip" in err, "truncated gzip: message %r" % err)
    lines = read_lines("trunc-out.jsonl")
    check(0 < len(lines) < len(notes), "truncated gzip: %d lines" % len(lines))


def test_directory():
    """A directory tree of .txt (and .txt.gz) notes: sorted, ids are relative paths."""
    root = work("notes")
    shutil.rmtree(root, ignore_errors=True)
    notes = make_notes(21, 40)
    files = {}
    for i, (_, text) in enumerate(notes):
        sub = ["", "a/", "a/b/", "c/", "a-c/"][i % 5]
        name = "%snote%02d.txt" % (sub, i)
        if i % 9 == 0:
            name += ".gz"
        files[name] = text
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = text.encode("utf-8")
        with open(path, "wb") as f:
            f.write(gzip.compress(data) if name.endswith(".gz") else data)
    with open(os.path.join(root, "README.md"), "w") as f:
        f.write("not a note")
    os.makedirs(os.path.join(root, "empty"), exist_ok=True)
    _, _, err = run(["scan", "-o", "dir.jsonl", "notes"], expect=0)
    lines = read_lines("dir.jsonl")

    def walk_order(rel):
        out = []
        d = os.path.join(root, rel)
        for e in sorted(os.listdir(d), key=lambda s: s.encode()):
            r = rel + e
            if os.path.isdir(os.path.join(root, r)):
                out += walk_order(r + "/")
            elif e.endswith(".txt") or e.endswith(".txt.gz"):
                out.append(r)
        return out

    expected = walk_order("")
    check([l["id"] for l in lines] == expected, "ids %r, expected %r" % ([l["id"] for l in lines][:8], expected[:8]))
    check(sorted(expected) == sorted(files), "walk missed files")
    cue_offsets_match(lines, files)
    # Each record is the analysis of its file alone.
    for l in lines[:5]:
        _, out, _ = run(["analyze", "--id", l["id"], os.path.join("notes", l["id"])]) if not l["id"].endswith(".gz") \
            else (0, None, None)
        if out is not None:
            check(json.loads(out) == l, "record %s differs from exemplar analyze" % l["id"])
    print(err)


def broken_archive():
    """JSON Lines with every kind of broken record, between good ones."""
    good = make_notes(31, 6)
    lines = [
        json.dumps({"id": good[0][0], "text": good[0][1]}).encode(),
        b'{"id": "bad-json", "text": "unterminated',                      # bad_json
        json.dumps({"id": "no-text", "body": "x"}).encode(),              # missing_text
        json.dumps({"id": good[1][0], "text": good[1][1]}).encode(),
        json.dumps({"id": "text-not-string", "text": 42}).encode(),       # missing_text
        b'{"id": "bad-utf8", "text": "CM appealed the denial \xff\xfe today."}',  # invalid_utf8
        json.dumps({"id": "too-large", "text": "Family meeting held. " * 200}).encode(),  # note_too_large
        b'[1, 2, 3]',                                                      # bad_json (not an object)
        b"",                                                               # blank: not a record
        json.dumps({"id": good[2][0], "text": good[2][1]}).encode(),
        json.dumps({"id": "empty", "text": ""}).encode(),                 # invalid_argument (empty note)
        json.dumps({"id": good[3][0], "text": good[3][1]}).encode(),
    ]
    return b"\n".join(lines) + b"\n"


def test_broken():
    """Broken records become error records, are counted, and the scan goes on (exit 5)."""
    with open(work("broken.jsonl"), "wb") as f:
        f.write(broken_archive())
    # CSV: a short row, a long row, invalid UTF-8, and a quote left open at the end.
    csv_data = (b'ROW_ID,CATEGORY,TEXT\r\n'
                b'1,Nursing,"Family meeting held with daughter and son to settle the discharge plan."\r\n'
                b'2,Nursing\r\n'
                b'3,Nursing,"CM appealed the denial with the insurer.",extra\r\n'
                b'4,Nursing,"Bad \xc3\x28 byte, CM appealed the denial."\r\n'
                b'5,Nursing,"Referral to cardiology was never sent and the client fell through the cracks."\r\n'
                b'6,Nursing,"This quote never closes.\r\nMore text\r\n')
    with open(work("broken.csv"), "wb") as f:
        f.write(csv_data)
    rc, _, err = run(["scan", "--max-note-bytes", "2K", "--threads", "2", "-o", "broken-out.jsonl", "--csv",
                      "broken-out.csv", "broken.jsonl", "broken.csv"])
    check(rc == 5, "exit %d, expected 5 (some records failed): %s" % (rc, err))
    lines = read_lines("broken-out.jsonl")
    got = [(l["id"], l["error"]["code"] if "error" in l else "ok") for l in lines]
    expected = [
        ("note-000000", "ok"), ("broken.jsonl:2", "bad_json"), ("no-text", "missing_text"), ("note-000001", "ok"),
        ("text-not-string", "missing_text"), ("bad-utf8", "invalid_utf8"), ("too-large", "note_too_large"),
        ("broken.jsonl:8", "bad_json"), ("note-000002", "ok"), ("empty", "invalid_argument"), ("note-000003", "ok"),
        ("1", "ok"), ("2", "csv_malformed"), ("3", "csv_malformed"), ("4", "invalid_utf8"), ("5", "ok"),
        ("6", "csv_malformed"),
    ]
    check(got == expected, "records:\n%s\nexpected:\n%s" % ("\n".join(map(str, got)), "\n".join(map(str, expected))))
    for l in lines:
        if "error" in l:
            check(set(l) == {"id", "error"} and set(l["error"]) == {"code", "message"} and l["error"]["message"],
                  "error record shape: %r" % l)
    read, analysed, failed = summary_counts(err)
    check((read, analysed, failed) == (17, 6, 11), "counts %r" % ((read, analysed, failed),))
    check("errors: bad_json 2, csv_malformed 3, invalid_argument 1, invalid_utf8 2, missing_text 2, note_too_large 1"
          in err, "error counts line: " + err)
    with open(work("broken-out.csv"), encoding="utf-8", newline="") as f:
        table = list(csv.reader(f))
    check(len(table) == 18 and table[2][-1] == "bad_json", "CSV error column: %r" % table[2])
    # --replace-invalid-utf8 analyses the two invalid notes instead.
    rc, _, err = run(["scan", "--max-note-bytes", "2K", "--replace-invalid-utf8", "-o", "repl.jsonl", "broken.jsonl",
                      "broken.csv"])
    check(rc == 5, "exit %d" % rc)
    lines = read_lines("repl.jsonl")
    check("error" not in lines[5] and lines[5]["id"] == "bad-utf8", "repaired JSON record: %r" % lines[5])
    check("error" not in lines[14] and lines[14]["id"] == "4", "repaired CSV record: %r" % lines[14])
    check(summary_counts(err) == (17, 8, 9), "counts with repair")
    # Lines and rows over the reader's cap (2 x --max-note-bytes + 1 MiB for a
    # line) are skipped without being held in memory: error records.
    with open(work("huge.jsonl"), "w") as f:
        f.write(json.dumps({"id": "a", "text": "Family meeting held with daughter."}) + "\n")
        f.write(json.dumps({"id": "huge", "text": "x " * 1500000}) + "\n")
        f.write(json.dumps({"id": "b", "text": "Family meeting held with daughter."}) + "\n")
    with open(work("huge.csv"), "w") as f:
        f.write('ROW_ID,TEXT\r\n1,"' + "y " * 1500000 + '"\r\n2,"Family meeting held with son."\r\n')
    rc, _, err = run(["scan", "--max-note-bytes", "1K", "-o", "huge-out.jsonl", "huge.jsonl", "huge.csv"])
    check(rc == 5, "huge: exit %d: %s" % (rc, err))
    got = [(l["id"], l["error"]["code"] if "error" in l else "ok") for l in read_lines("huge-out.jsonl")]
    check(got == [("a", "ok"), ("huge.jsonl:2", "note_too_large"), ("b", "ok"), ("1", "note_too_large"), ("2", "ok")],
          "huge records: %r" % got)
    # A clean archive exits 0.
    write_jsonl(work("clean.jsonl"), make_notes(32, 5))
    run(["scan", "-o", "clean-out.jsonl", "clean.jsonl"], expect=0)


def test_deep_records():
    """Records nested a million levels deep (arrays and objects, inside and outside a record) are analysed or reported, never a crash."""
    depth = 1000000
    with open(work("deep.jsonl"), "w") as f:
        f.write(json.dumps({"id": "ok1", "text": "Family meeting held with daughter."}) + "\n")
        f.write('{"id": "deep-arrays", "text": "Appealed the denial.", "extra": ' + "[" * depth + "]" * depth + "}\n")
        f.write("[" * depth + "]" * depth + "\n")
        f.write('{"id": "deep-objects", "text": "x", "extra": ' + '{"a": ' * depth + "1" + "}" * depth + "}\n")
        f.write('{"id": "unclosed", "text": "x", "extra": ' + "[" * depth + "\n")
        f.write(json.dumps({"id": "ok2", "text": "Appealed the denial."}) + "\n")
    rc, _, err = run(["scan", "-o", "deep-out.jsonl", "deep.jsonl"])
    check(rc == 5, "deep: exit %d: %s" % (rc, err))
    got = [(l["id"], l["error"]["code"] if "error" in l else "ok") for l in read_lines("deep-out.jsonl")]
    check(got == [("ok1", "ok"), ("deep-arrays", "ok"), ("deep.jsonl:3", "bad_json"), ("deep-objects", "ok"),
                  ("deep.jsonl:5", "bad_json"), ("ok2", "ok")], "deep records: %r" % got)
    check(summary_counts(err) == (6, 4, 2), "deep counts: %r" % (summary_counts(err),))


def test_fields():
    """--text-field/--id-field, CSV column defaults and fallbacks, ids that are numbers, ids made from lines."""
    with open(work("f.jsonl"), "w") as f:
        f.write(json.dumps({"note_id": 17, "body": "Family meeting held with daughter."}) + "\n")
        f.write(json.dumps({"note_id": "x-2", "body": "CM appealed the denial with the insurer."}) + "\n")
        f.write(json.dumps({"body": "Taught the caregiver how to use the glucometer."}) + "\n")
    run(["scan", "--text-field", "body", "--id-field", "note_id", "-o", "f-out.jsonl", "f.jsonl"], expect=0)
    check([l["id"] for l in read_lines("f-out.jsonl")] == ["17", "x-2", "f.jsonl:3"], "JSONL ids")
    rc, _, _ = run(["scan", "-o", "f-out2.jsonl", "f.jsonl"])
    check(rc == 5 and all(l["error"]["code"] == "missing_text" for l in read_lines("f-out2.jsonl")),
          "default text field")
    with open(work("lower.csv"), "w") as f:
        f.write('id,text\n7,"Family meeting held with daughter."\n8,"CM appealed the denial."\n')
    run(["scan", "-o", "lower-out.jsonl", "lower.csv"], expect=0)
    check([l["id"] for l in read_lines("lower-out.jsonl")] == ["7", "8"], "CSV id/text fallbacks")
    with open(work("noid.csv"), "w") as f:
        f.write('note,when\n"Family meeting\nheld with daughter.",today\n"CM appealed the denial.",today\n')
    rc, _, err = run(["scan", "-o", "noid-out.jsonl", "noid.csv"])
    check(rc == 2 and "note, when" in err and "--text-column" in err, "no text column: exit %d %s" % (rc, err))
    run(["scan", "--text-column", "NOTE", "-o", "noid-out.jsonl", "noid.csv"], expect=0)
    check([l["id"] for l in read_lines("noid-out.jsonl")] == ["noid.csv:2", "noid.csv:4"], "CSV ids made from lines")
    rc, _, err = run(["scan", "--text-column", "note", "--id-column", "nope", "noid.csv"])
    check(rc == 2 and "nope" in err, "missing id column: exit %d %s" % (rc, err))
    # A single .txt file, and --input-format for a name that says nothing.
    with open(work("one.txt"), "w") as f:
        f.write("Family meeting held with daughter.")
    with open(work("notes.dat"), "w") as f:
        f.write(json.dumps({"id": "d", "text": "CM appealed the denial."}) + "\n")
    run(["scan", "-o", "one-out.jsonl", "one.txt"], expect=0)
    check([l["id"] for l in read_lines("one-out.jsonl")] == ["one.txt"], "text file id")
    run(["scan", "--input-format", "jsonl", "-o", "dat-out.jsonl", "notes.dat"], expect=0)
    check([l["id"] for l in read_lines("dat-out.jsonl")] == ["d"], "--input-format")


def test_threads():
    """1, 2 and 4 threads give byte-identical outputs (JSONL, CSV, reports)."""
    notes = make_notes(41, 3000)
    write_jsonl(work("t.jsonl"), notes)
    with open(work("broken.jsonl"), "wb") as f:
        f.write(broken_archive())
    outs = {}
    for t in ["1", "2", "4"]:
        run(["scan", "--threads", t, "--max-note-bytes", "2K", "-o", "t%s.jsonl" % t, "--csv", "t%s.csv" % t,
             "--report-html", "t%s.html" % t, "--report-md", "t%s.md" % t, "t.jsonl", "broken.jsonl"], expect=5)
        outs[t] = [file_bytes("t%s.%s" % (t, ext)) for ext in ["jsonl", "csv", "html", "md"]]
    check(outs["1"] == outs["2"] == outs["4"], "outputs differ between thread counts")
    check(len(read_lines("t1.jsonl")) == 3000 + 11, "line count")


def test_shards():
    """Shards scanned through the stdin filter, concatenated, equal one scan of the whole."""
    notes = make_notes(51, 2500)
    write_jsonl(work("whole.jsonl"), notes)
    run(["scan", "-o", "whole-out.jsonl", "whole.jsonl"], expect=0)
    data = file_bytes("whole.jsonl").splitlines(keepends=True)
    cuts = [0, len(data) // 3, 2 * len(data) // 3, len(data)]
    parts = []
    for i in range(3):
        shard = b"".join(data[cuts[i]:cuts[i + 1]])
        _, out, err = run(["scan", "-"], input_bytes=shard, expect=0)
        check(summary_counts(err)[0] == cuts[i + 1] - cuts[i], "shard %d count" % i)
        parts.append(out)
    check(b"".join(parts) == file_bytes("whole-out.jsonl"), "shards concatenated differ from the whole scan")


def test_stream_filter():
    """`exemplar scan -` answers each line as it comes (before stdin ends), stderr has only counters."""
    notes = make_notes(61, 8)
    p = subprocess.Popen([ARGS.exe, "scan", "--threads", "2", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, cwd=ARGS.work)
    for nid, text in notes:
        p.stdin.write((json.dumps({"id": nid, "text": text}) + "\n").encode())
        p.stdin.flush()
        ready, _, _ = select.select([p.stdout], [], [], 10)
        check(ready, "no output line within 10 s for %s while stdin stays open" % nid)
        line = p.stdout.readline()
        check(json.loads(line)["id"] == nid, "answer for %s: %r" % (nid, line[:80]))
    p.stdin.close()
    rest = p.stdout.read()
    err = p.stderr.read().decode()
    p.wait()
    check(p.returncode == 0 and rest == b"", "exit %d, trailing output %r" % (p.returncode, rest[:80]))
    summary_counts(err)
    for l in err.splitlines():
        check(l.startswith("exemplar scan: ") or l.startswith("  "), "unexpected stderr line: %r" % l)


def test_no_snippets():
    """--no-snippets: no note text in the JSONL, CSV, HTML or Markdown outputs."""
    notes = make_notes(71, 400, marker_prefix="zqmark")
    write_jsonl(work("ns.jsonl"), notes)
    outs = ["ns-out.jsonl", "ns-out.csv", "ns-out.html", "ns-out.md"]
    for snippets in [True, False]:
        args = ["scan", "-o", outs[0], "--csv", outs[1], "--report-html", outs[2], "--report-md", outs[3],
                "--report-top", "400", "ns.jsonl"]
        if not snippets:
            args.insert(1, "--no-snippets")
        run(args, expect=0)
        text = b"".join(file_bytes(o) for o in outs)
        hits = len(re.findall(rb"zqmark\d{5}q", text))
        if snippets:
            check(hits > 0, "sanity: with snippets the markers should appear")
        else:
            check(hits == 0, "--no-snippets outputs contain %d note markers" % hits)
    lines = read_lines(outs[0])
    check(all("cue" not in m and "snippet" not in m for l in lines for m in l["moments"]), "cue/snippet fields")
    check(all(l["id"].startswith("note-") for l in lines), "ids kept")
    # Sentences of the notes (any 5 words in a row) appear nowhere either,
    # bar the rule pack's own wording (its messages quote typical cues).
    _, pack, _ = run(["rules", "dump-default"], expect=0)
    pack_words = re.findall(r"[A-Za-z']+", pack.decode("utf-8"))
    pack_grams = set(" ".join(pack_words[i:i + 5]) for i in range(len(pack_words) - 4))

    def grams_of(text):
        words = re.findall(r"[A-Za-z']+", text)
        return set(" ".join(words[i:i + 5]) for i in range(len(words) - 4)) - pack_grams

    out_text = b"".join(file_bytes(o) for o in outs).decode("utf-8")
    out_grams = grams_of(out_text)
    for _, text in notes:
        leaked = grams_of(text) & out_grams
        check(not leaked, "note text %r found in a --no-snippets output" % sorted(leaked)[:3])
    # The casenotes too, when present.
    if os.path.isfile(ARGS.casenotes):
        run(["scan", "--no-snippets", "--id-column", "person_oid", "--text-column", "case_note", "-o", "cn.jsonl",
             "--csv", "cn.csv", "--report-html", "cn.html", "--report-md", "cn.md", casenotes_path()], expect=0)
        out_text = b"".join(file_bytes(o) for o in ["cn.jsonl", "cn.csv", "cn.html", "cn.md"]).decode("utf-8")
        out_grams = grams_of(out_text)
        with open(casenotes_path(), encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                leaked = grams_of(r["case_note"]) & out_grams
                check(not leaked, "casenote text %r found in a --no-snippets output" % sorted(leaked)[:3])
        # And with snippets, the same check does find note text (it has teeth).
        run(["scan", "--id-column", "person_oid", "--text-column", "case_note", "-o", "cn2.jsonl", casenotes_path()],
            expect=0)
        with open(casenotes_path(), encoding="utf-8", newline="") as f:
            note_grams = set().union(*(grams_of(r["case_note"]) for r in csv.DictReader(f)))
        check(note_grams & grams_of(file_bytes("cn2.jsonl").decode("utf-8")),
              "sanity: with snippets, note text should appear")


def test_html_offline():
    """The HTML report is self-contained: no http(s):// anywhere, nothing to load."""
    notes = make_notes(81, 300)
    notes.append(("url-note", "CM appealed the denial with the insurer, see https://example.org/appeal and "
                              "http://evil.example/x.js for the form. <script>alert(1)</script>"))
    write_jsonl(work("h.jsonl"), notes)
    run(["scan", "-o", "h.jsonl.out", "--report-html", "h.html", "--report-md", "h.md", "--report-top", "400",
         "h.jsonl"], expect=0)
    page = file_bytes("h.html").decode("utf-8")
    check("url-note" in page, "sanity: the note with URLs should be among the examples")
    for bad in ["http://", "https://", "<script", "<link", "@import", "url(", " src=", " href=", "<iframe",
                "<img", "<object", "<embed", "xmlns"]:
        check(bad not in page.lower(), "the HTML report contains %r" % bad)
    check("<svg" in page and "<rect" in page, "no inline SVG chart")
    check("Content-Security-Policy" in page and "default-src 'none'" in page, "no CSP")
    check(page.count("<h2") >= 9, "category sections")
    for cid in ["knowing_tracking", "simplifying_contact", "coordinating_care", "patient_advocate",
                "family_integration", "living_environment", "life_health_coach"]:
        check(cid in page and cid in file_bytes("h.md").decode(), "category %s missing" % cid)


def big_archive(name, count, seed=91):
    notes = make_notes(seed, count)
    write_jsonl(work(name), notes)
    return notes


def test_resume_kill9():
    """kill -9 mid-scan, then --resume: the output equals an uninterrupted scan, byte for byte."""
    big_archive("big.jsonl", 60000)
    outs = ["--csv", "big.csv", "--report-html", "big.html", "--report-md", "big.md"]
    t0 = time.time()
    run(["scan", "--threads", "2", "-o", "ref.jsonl", "--csv", "ref.csv", "--report-html", "ref.html",
         "--report-md", "ref.md", "big.jsonl"], expect=0)
    full = time.time() - t0
    ref_size = os.path.getsize(work("ref.jsonl"))
    for name in ["big.jsonl.out", "big.jsonl.out.scan-state", "big.csv", "big.html", "big.md"]:
        if os.path.exists(work(name)):
            os.remove(work(name))
    kills = 0
    partial_seen = []
    for fraction in [0.3, 0.6]:
        args = [ARGS.exe, "scan", "--threads", "2", "--resume", "-o", "big.jsonl.out"] + outs + ["big.jsonl"]
        p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ARGS.work)
        deadline = time.time() + max(60, full * 5)
        while time.time() < deadline and p.poll() is None:
            if os.path.exists(work("big.jsonl.out")) and os.path.getsize(work("big.jsonl.out")) > ref_size * fraction:
                break
            time.sleep(0.005)
        check(p.poll() is None, "the scan ended before it could be killed (archive too small? %.2f s)" % full)
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        kills += 1
        data = file_bytes("big.jsonl.out")
        partial_seen.append(not data.endswith(b"\n"))
        check(len(data) < ref_size, "killed scan wrote everything")
        check(ref_size and file_bytes("ref.jsonl").startswith(data[: data.rfind(b"\n") + 1]),
              "the killed output's complete lines are not a prefix of the full output")
        for side in ["big.csv", "big.html", "big.md"]:
            check(not os.path.exists(work(side)), "%s exists after a kill: reports are written at the end" % side)
    rc, _, err = run(["scan", "--threads", "2", "--resume", "-o", "big.jsonl.out"] + outs + ["big.jsonl"], expect=0)
    check("resumed:" in err, "no resume line in the summary: " + err)
    check(summary_counts(err) == (60000, 60000, 0), "resumed counts")
    check(file_bytes("big.jsonl.out") == file_bytes("ref.jsonl"), "resumed output differs from an uninterrupted scan")
    for a, b in [("big.csv", "ref.csv"), ("big.html", "ref.html"), ("big.md", "ref.md")]:
        check(file_bytes(a) == file_bytes(b), "%s (rebuilt on resume) differs from %s" % (a, b))
    # An output with a torn last line (as a cut write leaves) is repaired too.
    with open(work("big.jsonl.out"), "r+b") as f:
        f.truncate(ref_size // 2)
    check(not file_bytes("big.jsonl.out").endswith(b"\n"), "sanity: torn line")
    rc, _, err = run(["scan", "--threads", "1", "--resume", "-o", "big.jsonl.out"] + outs + ["big.jsonl"], expect=0)
    check("incomplete last line" in err, "no repair message: " + err)
    check(file_bytes("big.jsonl.out") == file_bytes("ref.jsonl"), "repaired output differs")
    print("killed %d times (torn last line seen: %r); full scan %.2f s" % (kills, partial_seen, full))


def test_resume_checks():
    """--resume refuses other inputs/options; a complete scan resumes to itself; no output: a fresh scan."""
    write_jsonl(work("r.jsonl"), make_notes(101, 200))
    write_jsonl(work("r2.jsonl"), make_notes(102, 200))
    run(["scan", "--resume", "-o", "r-out.jsonl", "r.jsonl"], expect=0)  # nothing to resume: fresh
    first = file_bytes("r-out.jsonl")
    _, _, err = run(["scan", "--resume", "-o", "r-out.jsonl", "r.jsonl"], expect=0)
    check(file_bytes("r-out.jsonl") == first and "200 records already" in err, "resume of a complete scan")
    rc, _, err = run(["scan", "--resume", "--no-snippets", "-o", "r-out.jsonl", "r.jsonl"])
    check(rc == 2 and "no_snippets" in err, "other options: exit %d %s" % (rc, err))
    rc, _, err = run(["scan", "--resume", "-o", "r-out.jsonl", "r2.jsonl"])
    check(rc == 2 and "input.1" in err, "other input: exit %d %s" % (rc, err))
    check(file_bytes("r-out.jsonl") == first, "a refused resume changed the output")
    os.remove(work("r-out.jsonl.scan-state"))
    rc, _, err = run(["scan", "--resume", "-o", "r-out.jsonl", "r.jsonl"])
    check(rc == 2 and "scan-state" in err, "no state file: exit %d %s" % (rc, err))
    rc, _, err = run(["scan", "--resume", "r.jsonl"])
    check(rc == 2, "--resume to stdout: exit %d" % rc)


def test_exit_codes():
    """Exit codes 0, 2, 3, 4 and 5, with clear messages."""
    write_jsonl(work("e.jsonl"), make_notes(111, 5))
    run(["scan", "-o", "e-out.jsonl", "e.jsonl"], expect=0)
    for args in [["scan"], ["scan", "--bogus", "e.jsonl"], ["scan", "--threads", "0", "e.jsonl"],
                 ["scan", "--input-format", "xml", "e.jsonl"], ["scan", "e.unknownext"]]:
        if args[-1] == "e.unknownext":
            with open(work("e.unknownext"), "w") as f:
                f.write("x")
        rc, _, err = run(args)
        check(rc == 2, "%r: exit %d, expected 2: %s" % (args, rc, err))
    rc, _, err = run(["scan", "--text-column", "NOPE", casenotes_path() if os.path.isfile(ARGS.casenotes) else "x.csv"])
    if os.path.isfile(ARGS.casenotes):
        check(rc == 2 and "case_note" in err and "person_oid" in err, "missing column: exit %d: %s" % (rc, err))
    with open(work("bad-pack.json"), "w") as f:
        f.write('{"not": "a pack"}')
    rc, _, err = run(["scan", "--rules", "bad-pack.json", "e.jsonl"])
    check(rc == 3, "bad rule pack: exit %d: %s" % (rc, err))
    rc, _, err = run(["scan", "no-such-file.jsonl"])
    check(rc == 4 and "no-such-file.jsonl" in err, "missing input: exit %d: %s" % (rc, err))
    rc, _, err = run(["scan", "-o", "no-such-dir/out.jsonl", "e.jsonl"])
    check(rc == 4, "unwritable output: exit %d: %s" % (rc, err))
    if os.path.exists("/dev/full"):
        rc, _, err = run(["scan", "-o", "/dev/full", "e.jsonl"])
        check(rc == 4 and "write error" in err, "/dev/full: exit %d: %s" % (rc, err))
    with open(work("half.jsonl"), "w") as f:
        f.write('{"id": "x", "text": "Family meeting held."}\n{"id": "y"}\n')
    run(["scan", "-o", "half-out.jsonl", "half.jsonl"], expect=5)
    _, out, _ = run(["scan", "--help"], expect=0)
    check(b"5 the scan completed" in out, "help lacks exit code 5")
    _, out, _ = run(["--help"], expect=0)
    check(b"5  scan completed" in out and b"scan" in out, "main help lacks scan / exit code 5")


TESTS = {name[5:]: fn for name, fn in globals().items() if name.startswith("test_")}


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", required=True)
    ap.add_argument("--casenotes", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("test", choices=sorted(TESTS))
    ARGS = ap.parse_args()
    ARGS.exe = os.path.abspath(ARGS.exe)
    ARGS.casenotes = os.path.abspath(ARGS.casenotes)
    shutil.rmtree(ARGS.work, ignore_errors=True)
    os.makedirs(ARGS.work)
    TESTS[ARGS.test]()
    print("scan.%s: passed" % ARGS.test)


if __name__ == "__main__":
    main()
