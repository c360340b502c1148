#!/usr/bin/env bash
# Checks the ABI surface of the shared library:
#  1. the global symbols libexemplar.so defines are exactly capi/exemplar.exports;
#  2. every exported name is declared in exemplar.h, and every EXEMPLAR_API
#     function the header declares is exported.
# Usage: check_exports.sh <nm> <libexemplar.so> <exemplar.exports> <exemplar.h>
set -euo pipefail
nm_tool=$1 lib=$2 exports=$3 header=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Global defined dynamic symbols: code (T), data (D, B, R), weak (W, V),
# indirect functions (i) and unique globals (u). Absolute symbols (A) are the
# version nodes such as EXEMPLAR_0; "@@EXEMPLAR_0" suffixes are dropped.
"$nm_tool" -D --defined-only "$lib" >"$work/nm.txt"
awk 'NF >= 3 && $2 ~ /^[TDBRWVGSiu]$/ { print $3 }' "$work/nm.txt" | sed 's/@.*//' | LC_ALL=C sort -u >"$work/actual"
grep -v '^[[:space:]]*$' "$exports" | sed 's/[[:space:]]*$//' | LC_ALL=C sort -u >"$work/expected"

status=0
if ! diff -u --label "capi/exemplar.exports" --label "$(basename "$lib") (nm -D --defined-only)" \
    "$work/expected" "$work/actual"; then
  echo "FAIL: the library's exported symbols differ from capi/exemplar.exports (- missing, + extra)" >&2
  status=1
fi
if [ ! -s "$work/actual" ]; then
  echo "FAIL: no exported symbols found in $lib" >&2
  status=1
fi

# Functions the header declares with EXEMPLAR_API (name before the first '(').
grep -E '^[[:space:]]*EXEMPLAR_API[^;]*\(' "$header" |
  sed -E 's/^[^(]*[^a-zA-Z0-9_](exemplar_[a-zA-Z0-9_]+)[[:space:]]*\(.*/\1/' | LC_ALL=C sort -u >"$work/declared"
if ! diff -u --label "capi/exemplar.exports" --label "exemplar.h (EXEMPLAR_API declarations)" \
    "$work/expected" "$work/declared"; then
  echo "FAIL: exemplar.h and capi/exemplar.exports disagree (- exported but not declared, + declared but not exported)" >&2
  status=1
fi
# And each exported name really appears as a declaration in the header.
while read -r sym; do
  if ! grep -Eq "EXEMPLAR_API[^;]*[^a-zA-Z0-9_]${sym}[[:space:]]*\(" "$header"; then
    echo "FAIL: $sym is exported but not declared with EXEMPLAR_API in exemplar.h" >&2
    status=1
  fi
done <"$work/expected"

if [ "$status" -eq 0 ]; then
  echo "OK: $(wc -l <"$work/expected") symbols exported, all declared in exemplar.h"
fi
exit "$status"
