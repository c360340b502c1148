#!/usr/bin/env bash
# End-to-end checks of the exemplar command: outputs, determinism, and the
# documented exit code and message for each kind of bad input.
# Usage: cli_test.sh EXEMPLAR_BIN SOURCE_DIR SCRATCH_DIR
set -u
exe=$1 src=$2 tmp=$3
mkdir -p "$tmp"
pass=0 fail=0
check() {  # check NAME EXPECTED_RC ACTUAL_RC [CONDITION_RESULT]
  if [ "$2" = "$3" ] && [ "${4:-0}" = 0 ]; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL: $1 (expected exit $2, got $3${4:+, condition failed})"; fi
}

note="$src/examples/notes/02-health-plan-appeal.txt"
"$exe" analyze "$note" > "$tmp/a1.json"; rc=$?
check "analyze json" 0 $rc
"$exe" analyze "$note" > "$tmp/a2.json"
cmp -s "$tmp/a1.json" "$tmp/a2.json"; check "byte-identical reruns" 0 0 $?
"$exe" analyze - < "$note" > "$tmp/a3.json"
cmp -s "$tmp/a1.json" "$tmp/a3.json"; check "stdin equals file" 0 0 $?
python3 - "$tmp/a1.json" <<'PY'; check "json contract fields" 0 $?
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "exemplar.analysis.v1"
assert set(d["engine"]) >= {"version", "rulepack", "rulepack_version", "rulepack_sha256"}
assert "advocacy" in d["kinds"] and d["category"]["id"] == "patient_advocate"
assert len(d["category"]["ranking"]) == 7
m = d["moments"][0]
for k in ("kind", "rule", "start", "end", "sentence", "cue", "snippet", "negated", "hypothetical",
          "historical", "experiencer", "templated", "affirmed", "score"):
    assert k in m, k
PY
"$exe" analyze --format text --color never "$note" > "$tmp/t.txt"; rc=$?
grep -q "patient_advocate" "$tmp/t.txt"; check "text format names the category" 0 $rc $?
"$exe" analyze --no-snippets "$note" > "$tmp/ns.json"
! grep -qi "inhaler" "$tmp/ns.json"; check "--no-snippets leaves no note text" 0 0 $?
"$exe" analyze --id case-7 "$note" | grep -q '"id":"case-7"'; check "--id is echoed" 0 0 $?
"$exe" analyze "$src/examples/notes/03-routine-review.txt" | grep -q '"category":null'
check "routine form note abstains" 0 0 $?

# eval: evidence overlap of every flag and of the lead flags' sentences. Two
# advocacy hits in two sentences; the lead is the stronger one, on evidence.
echo '{"schema":"exemplar.rulepack.v1","id":"e","version":"1.0.0","min_engine_version":"0.1.0","license":"MIT","cues":[{"id":"adv.appeal","kind":"advocacy","pattern":"\\bappealed\\b","weight":0.9},{"id":"adv.urged","kind":"advocacy","pattern":"\\burged\\b","weight":0.6}]}' > "$tmp/eval-pack.json"
echo '{"id":"g1","text":"CM urged a review. CM appealed the denial.","moments":["advocacy"],"category":"patient_advocate","evidence":{"advocacy":["appealed the denial"]},"why":"appeal"}' > "$tmp/gold.jsonl"
"$exe" eval --json --rules "$tmp/eval-pack.json" "$tmp/gold.jsonl" > "$tmp/eval.json"; rc=$?
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["evidence"] == 0.5 and d["lead_evidence"] == 1.0, d' "$tmp/eval.json"
check "eval evidence and lead evidence" 0 $rc $?
echo '{"lead_evidence": 1.0, "evidence": 0.6}' > "$tmp/floors.json"
"$exe" eval --rules "$tmp/eval-pack.json" --floors "$tmp/floors.json" "$tmp/gold.jsonl" > /dev/null 2>&1
check "eval fails under the evidence floor" 6 $?

# Bad input: a clear message naming the file, the documented exit code,
# and never the note's text on stderr.
"$exe" analyze "$tmp/missing.txt" 2> "$tmp/e"; rc=$?
grep -q "missing.txt" "$tmp/e"; check "missing file" 4 $rc $?
printf 'Pt seen \xff\xfe today with dtr' > "$tmp/bad.txt"
"$exe" analyze "$tmp/bad.txt" 2> "$tmp/e"; rc=$?
grep -q "not valid UTF-8" "$tmp/e" && ! grep -q "dtr" "$tmp/e"; check "invalid UTF-8" 1 $rc $?
"$exe" analyze --replace-invalid-utf8 "$tmp/bad.txt" > /dev/null; check "--replace-invalid-utf8" 0 $?
: > "$tmp/empty.txt"
"$exe" analyze "$tmp/empty.txt" 2> "$tmp/e"; rc=$?
grep -q "empty" "$tmp/e"; check "empty note" 1 $rc $?
"$exe" analyze --max-note-bytes 10 "$note" 2> "$tmp/e"; rc=$?
grep -q "over the limit" "$tmp/e"; check "note too large" 1 $rc $?
echo '{"schema":"exemplar.rulepack.v1","id":"x","version":"1.0.0","min_engine_version":"0.1.0","license":"MIT","cues":[{"id":"a","kind":"advocacy","pattern":"appeal("}]}' > "$tmp/pack.json"
"$exe" analyze --rules "$tmp/pack.json" "$note" 2> "$tmp/e"; rc=$?
grep -q "/cues/0/pattern" "$tmp/e"; check "bad rule pack names the JSON path" 3 $rc $?
"$exe" rules check "$tmp/pack.json" 2> /dev/null; check "rules check on a bad pack" 3 $?
"$exe" rules dump-default > "$tmp/default.json"
"$exe" rules check "$tmp/default.json" > /dev/null; check "the dumped default pack checks" 0 $?
"$exe" rules show > "$tmp/show.txt"; rc=$?
grep -Eq "^  hypothetical\.if +hypothetical +forward +[0-9]+ words; a sentence it opens$" "$tmp/show.txt"
check "rules show names a rule that opens sentences" 0 $rc $?
"$exe" analyze --fromat text "$note" 2> /dev/null; check "unknown option" 2 $?
"$exe" frobnicate 2> /dev/null; check "unknown command" 2 $?
if [ -w /dev/full ]; then
  "$exe" analyze "$note" > /dev/full 2> /dev/null; check "write error" 4 $?
fi
"$exe" --help > /dev/null; check "--help" 0 $?

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
