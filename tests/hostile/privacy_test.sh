#!/usr/bin/env bash
# Privacy of the exemplar command-line tool, in its default settings.
#
#   privacy_test.sh EXEMPLAR SOURCE_DIR SCRATCH
#       Runs analyze, rules, eval, context (and scan, when built) on notes and
#       on failing inputs that all hold a unique marker word, and fails if the
#       marker ever appears on standard error. Each command's exit code is
#       checked too, so that every failure path really runs. With
#       --no-snippets, the marker must not reach standard output either.
#   privacy_test.sh --network EXEMPLAR SOURCE_DIR SCRATCH
#       Runs the same commands under `strace -f -e trace=network` and fails
#       on any socket, connect, bind, send or receive call. Exit 77 (skipped)
#       when strace is missing or cannot trace here.
#   privacy_test.sh --known-leak EXEMPLAR SOURCE_DIR SCRATCH
#       Regression check for a leak found and fixed: `eval --check` used to
#       quote a gold evidence string that is not a substring of its note.
set -uo pipefail

mode=stderr
case "${1:-}" in
  --network) mode=network; shift ;;
  --known-leak) mode=known; shift ;;
esac
exe=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$2
scratch=$3
rm -rf "$scratch"
mkdir -p "$scratch"
cd "$scratch" || exit 1

M=zqxjvprivacymarker
failures=0
ran=0

# --- inputs, each holding the marker ------------------------------------------------
printf '%s: CM appealed the denial; daughter present at the family meeting.\n' "$M" > note.txt
printf '"%s said the appeal, was denied' "$M" > quoted.txt            # a JSON string token, unterminated
printf '{"%s": [1, 2' "$M" > brokenjson.txt                            # JSON-looking, cut short
printf '%s \xc0\xaf CM appealed the denial.\n' "$M" > badutf8.txt
printf '%s\x00CM appealed\x01the denial \xed\xa0\x80 lone surrogate.\n' "$M" > nul.txt
head -c 5000 /dev/zero | tr '\0' 'x' > big.txt; printf ' %s appealed.\n' "$M" >> big.txt
cat > pack_broken.json <<EOF
{"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
 "license": "x", "description": "$M", "cues": [{"id": "c", "kind": "advocacy", "pattern": "appeal",
 "message": "$M", "weight": 7}]}
EOF
cat > gold.jsonl <<EOF
{"id": "g1", "text": "$M: CM appealed the denial.", "moments": ["advocacy"], "category": "patient_advocate", "evidence": {"advocacy": ["appealed the denial"]}}
{"id": "g2", "text": "$M no moment here", "moments": [], "category": null, "evidence": {}}
{"id": "g3", "text": "$M x", "moments": ["joy"], "category": "unknown_category", "evidence": {}}
{"id": "g4", "text": "$M x", "moments": "advocacy", "category": null}
{"id": 5, "text": "$M y"}
$M not json at all
["$M", "array"]
EOF
cat > gold_leak.jsonl <<EOF
{"id": "g1", "text": "$M: CM appealed the denial.", "moments": ["advocacy"], "category": "patient_advocate", "evidence": {"advocacy": ["$M appealed the denail"]}}
EOF
cat > ctx.jsonl <<EOF
{"id": "c1", "text": "$M denies chest pain.", "target": "chest pain"}
{"id": "c2", "text": "$M denies chest pain.", "target": "not in the text $M"}
{"id": "c3", "text": "$M x", "start": 90, "end": 2}
{"id": "c4", "text": "$M x", "start": -1, "end": "$M"}
{"id": "c5", "target": "$M"}
$M garbage line
EOF
printf '{"id": "c6", "text": "%s \xc0\xaf", "target": "x"}\n' "$M" >> ctx.jsonl
cat > scan.jsonl <<EOF
{"id": "s1", "text": "$M: CM appealed the denial."}
{"id": "s2", "text": ""}
{"id": "s3"}
{"id": "s4", "text": 17}
$M not json
{"id": "s6", "text": "$M unterminated
EOF
printf '{"id": "s7", "text": "%s \xc0\xaf bad"}\n' "$M" >> scan.jsonl
printf 'id,text\n1,%s appealed\n2,"%s ""quoted"", never closed\n' "$M" "$M" > scan.csv
printf 'id,text\n1,%s appealed\n2,%s,extra,fields\n' "$M" "$M" > ragged.csv
echo '{"breakdown_f1": 2.0}' > floors.json

has_scan=0
if "$exe" scan --help >/dev/null 2>&1; then has_scan=1; fi

# run EXPECTED_EXIT NAME STDIN_FILE -- COMMAND...
run() {
  local want=$1 name=$2 input=$3
  shift 4
  ran=$((ran + 1))
  local out="$name.out" err="$name.err" rc
  if [ "$mode" = network ]; then
    timeout 120 strace -f -qq -e trace=network -o "$name.trace" "$@" < "$input" > "$out" 2> "$err"
  else
    timeout 120 "$@" < "$input" > "$out" 2> "$err"
  fi
  rc=$?
  if [ "$rc" != "$want" ]; then
    echo "FAIL $name: exit $rc, expected $want: $*"
    sed 's/^/    stderr: /' "$err" | head -5
    failures=$((failures + 1))
  fi
  if grep -aqF "$M" "$err"; then
    echo "FAIL $name: note text on standard error: $*"
    grep -aF "$M" "$err" | head -3 | sed 's/^/    stderr: /'
    failures=$((failures + 1))
  fi
  if [ "$mode" = network ] && grep -aE '(^|[^a-z_])(socket|socketpair|connect|bind|listen|accept4?|send(to|msg|mmsg)?|recv(from|msg|mmsg)?)\(' "$name.trace" > "$name.net"; then
    echo "FAIL $name: network system calls: $*"
    head -5 "$name.net" | sed 's/^/    /'
    failures=$((failures + 1))
  fi
}

# expect_clean_stdout NAME: with --no-snippets the output holds no note text.
expect_clean_stdout() {
  if grep -aqF "$M" "$1.out"; then
    echo "FAIL $1: note text in the --no-snippets output"
    failures=$((failures + 1))
  fi
}

if [ "$mode" = known ]; then
  run 6 eval_evidence_not_in_text /dev/null -- "$exe" eval --check gold_leak.jsonl
  if [ "$failures" -gt 0 ]; then
    echo "FAIL: exemplar eval quotes gold evidence that is not in its note (cli/evaluation/gold_corpus.cpp)"
    exit 1
  fi
  echo "privacy: 1 passed, 0 failed"
  exit 0
fi

if [ "$mode" = network ]; then
  # LeakSanitizer cannot run under ptrace; leaks are checked by the other mode.
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
  # A skip is honest on a developer's machine; in CI (EXEMPLAR_REQUIRE_STRACE=1,
  # set by .ci/test, which installs strace) the check must run.
  no_trace=77
  [ "${EXEMPLAR_REQUIRE_STRACE:-0}" = 1 ] && no_trace=1
  if ! command -v strace >/dev/null 2>&1; then
    echo "$([ $no_trace = 1 ] && echo FAIL || echo SKIP): strace is not installed (apt-get install strace)"
    exit $no_trace
  fi
  if ! strace -f -qq -e trace=network -o /dev/null true >/dev/null 2>&1; then
    echo "$([ $no_trace = 1 ] && echo FAIL || echo SKIP): strace cannot trace processes here (ptrace not permitted)"
    exit $no_trace
  fi
fi

N=/dev/null
# analyze
run 0 analyze_json $N -- "$exe" analyze note.txt
run 0 analyze_text $N -- "$exe" analyze --format text --color always note.txt
run 0 analyze_stdin note.txt -- "$exe" analyze --id x -
run 0 analyze_nosnip $N -- "$exe" analyze --no-snippets note.txt
expect_clean_stdout analyze_nosnip
run 0 analyze_nosnip_text $N -- "$exe" analyze --no-snippets --format text note.txt
expect_clean_stdout analyze_nosnip_text
run 1 analyze_badutf8 $N -- "$exe" analyze badutf8.txt
run 1 analyze_badutf8_text $N -- "$exe" analyze --format text badutf8.txt
run 0 analyze_repair $N -- "$exe" analyze --replace-invalid-utf8 nul.txt
run 1 analyze_nul $N -- "$exe" analyze nul.txt
run 1 analyze_too_large $N -- "$exe" analyze --max-note-bytes 1K big.txt
run 1 analyze_too_large_stdin big.txt -- "$exe" analyze --max-note-bytes 100 -
run 3 analyze_note_as_pack $N -- "$exe" analyze --rules note.txt note.txt
run 3 analyze_quoted_as_pack $N -- "$exe" analyze --rules quoted.txt note.txt
run 3 analyze_json_as_pack $N -- "$exe" analyze --rules brokenjson.txt note.txt
run 3 analyze_broken_pack $N -- "$exe" analyze --rules pack_broken.json note.txt
run 2 analyze_bad_option $N -- "$exe" analyze --no-such-option note.txt
run 2 analyze_two_files $N -- "$exe" analyze note.txt quoted.txt
# rules
run 3 rules_check_note $N -- "$exe" rules check note.txt
run 3 rules_check_quoted $N -- "$exe" rules check quoted.txt
run 3 rules_check_json $N -- "$exe" rules check brokenjson.txt
run 3 rules_check_broken $N -- "$exe" rules check pack_broken.json badutf8.txt nul.txt
run 3 rules_show_note $N -- "$exe" rules show --rules quoted.txt
# eval
run 6 eval_check $N -- "$exe" eval --check gold.jsonl
run 6 eval_report $N -- "$exe" eval gold.jsonl
run 6 eval_json $N -- "$exe" eval --json gold.jsonl
run 3 eval_note_as_pack $N -- "$exe" eval --rules quoted.txt gold.jsonl
run 2 eval_note_as_floors $N -- "$exe" eval --floors quoted.txt gold.jsonl
run 6 eval_floors $N -- "$exe" eval --floors floors.json gold.jsonl
run 6 eval_note_as_gold $N -- "$exe" eval quoted.txt
# context
run 5 context_file $N -- "$exe" context ctx.jsonl
run 5 context_stdin ctx.jsonl -- "$exe" context -
run 3 context_note_as_pack $N -- "$exe" context --rules quoted.txt ctx.jsonl
run 5 context_note_as_input $N -- "$exe" context quoted.txt
# scan, when this build has it
if [ "$has_scan" = 1 ]; then
  run 5 scan_jsonl $N -- "$exe" scan -o scan_jsonl.outfile scan.jsonl
  run 5 scan_csv $N -- "$exe" scan -o scan_csv.outfile scan.csv ragged.csv
  run 5 scan_nosnip $N -- "$exe" scan --no-snippets scan.jsonl
  expect_clean_stdout scan_nosnip
  run 5 scan_stdin scan.jsonl -- "$exe" scan -
fi

echo "$ran commands run ($mode mode), $failures problem(s)"
if [ "$failures" -gt 0 ]; then
  echo "privacy: 0 passed, 1 failed"
  exit 1
fi
echo "privacy: 1 passed, 0 failed"
exit 0
