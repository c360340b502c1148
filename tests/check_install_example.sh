#!/usr/bin/env bash
# Installs the main build into a scratch prefix, then builds examples/c
# against it twice -- with find_package(exemplar) and with pkg-config -- and
# runs both on a note.
# Usage: check_install_example.sh <cmake> <build-dir> <source-dir> <work-dir> <cc> [sanitizers]
set -euo pipefail
cmake=$1 build=$2 src=$3 work=$4 cc=$5 sanitize=${6:-}
note="$src/examples/c/sample_note.txt"

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
prefix="$work/prefix"

step "cmake --install $build --prefix $prefix"
"$cmake" --install "$build" --prefix "$prefix"
header="$prefix/include/exemplar/exemplar.h"
[ -f "$header" ] || fail "exemplar.h was not installed"
lib=$(find "$prefix" -name 'libexemplar.so' -print | head -n 1)
[ -n "$lib" ] || fail "libexemplar.so was not installed"
libdir=$(dirname "$lib")
[ -f "$libdir/pkgconfig/exemplar.pc" ] || fail "exemplar.pc was not installed next to the library"
[ -f "$libdir/cmake/exemplar/exemplarConfig.cmake" ] || fail "exemplarConfig.cmake was not installed"

san_flags=""
if [ -n "$sanitize" ]; then
  # The library is instrumented: the program must load the same runtimes.
  san_flags="-fsanitize=$sanitize -fno-omit-frame-pointer"
fi

# Checks the program's output on the sample note: it must list an affirmed
# advocacy moment with its offsets and cue, and name a category.
check_output() {
  local out=$1
  printf '%s\n' "$out"
  grep -Eq '^exemplar [0-9]+\.[0-9]+\.[0-9]+, rule pack ' <<<"$out" || fail "no banner line"
  grep -Eq '^  advocacy +[0-9]+-[0-9]+ +".+" rule=[a-z_.]+ .*\[affirmed' <<<"$out" ||
    fail "the output names no affirmed advocacy moment"
  grep -Eq '^kinds:.* advocacy' <<<"$out" || fail "advocacy is not among the kinds"
  grep -Eq '^category: [a-z_]+ \([0-9.]+\)$' <<<"$out" || fail "no category"
}

run() { LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$@"; }

step "configure and build examples/c with find_package(exemplar)"
"$cmake" -S "$src/examples/c" -B "$work/example-build" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_FLAGS="$san_flags" -DCMAKE_EXE_LINKER_FLAGS="$san_flags"
"$cmake" --build "$work/example-build"
exe="$work/example-build/exemplar_example"
[ -x "$exe" ] || fail "the example was not built"
step "the example uses the installed library"
run ldd "$exe" | tee "$work/ldd.txt"
grep -q "libexemplar.so.* => $libdir/" "$work/ldd.txt" || fail "libexemplar does not resolve into $libdir"

step "run on a file"
check_output "$(run "$exe" "$note")"
step "run on stdin"
check_output "$(run "$exe" <"$note")"

step "error messages"
set +e
err=$(run "$exe" "$work/no-such-note.txt" 2>&1 >/dev/null); rc=$?
set -e
echo "$err"
[ "$rc" -eq 1 ] || fail "a missing note should exit 1, got $rc"
grep -q "no-such-note.txt" <<<"$err" || fail "the message does not name the missing file"
printf '{"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0", "license": "MIT", "cues": [{"id": "a", "kind": "advocacy"}]}' >"$work/bad_pack.json"
set +e
err=$(run "$exe" --pack "$work/bad_pack.json" "$note" 2>&1 >/dev/null); rc=$?
set -e
echo "$err"
[ "$rc" -eq 2 ] || fail "a bad rule pack should exit 2, got $rc"
grep -q "rulepack_invalid" <<<"$err" || fail "the message does not give the status string"
grep -q "/cues/0/pattern" <<<"$err" || fail "the message does not give the JSON path"
printf '\xff\xfe' >"$work/bad_utf8.txt"
set +e
err=$(run "$exe" "$work/bad_utf8.txt" 2>&1); rc=$?
set -e
echo "$err"
[ "$rc" -eq 0 ] || fail "invalid UTF-8 should be repaired, got exit $rc"
grep -q "invalid_utf8\|not valid UTF-8" <<<"$err" || fail "no warning about invalid UTF-8"

step "build the example with pkg-config --cflags --libs exemplar"
export PKG_CONFIG_PATH="$libdir/pkgconfig"
pc=$(pkg-config --cflags --libs exemplar) || fail "pkg-config cannot resolve exemplar"
echo "pkg-config: $pc"
grep -q -- "-lexemplar" <<<"$pc" || fail "pkg-config gives no -lexemplar"
grep -q -- "-I$prefix" <<<"$pc" || fail "pkg-config --cflags does not point into $prefix"
grep -q -- "-L$prefix" <<<"$pc" || fail "pkg-config --libs does not point into $prefix"
[ "$(pkg-config --modversion exemplar)" = "$(sed -n 's/^#define EXEMPLAR_VERSION_STRING "\(.*\)"$/\1/p' "$header")" ] ||
  fail "the .pc version differs from the header's"
# shellcheck disable=SC2086
"$cc" -std=c99 -Wall -Wextra -Werror $san_flags -o "$work/example-pc" "$src/examples/c/main.c" $pc
run ldd "$work/example-pc" >"$work/ldd-pc.txt"
grep -q "libexemplar.so.* => $libdir/" "$work/ldd-pc.txt" || fail "the pkg-config build does not use $libdir"
check_output "$(run "$work/example-pc" "$note")"

step "OK"
