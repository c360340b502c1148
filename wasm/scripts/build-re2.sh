#!/usr/bin/env bash
# Build a static RE2 for WebAssembly with Emscripten, from Debian's `re2`
# source package, into a cache directory:
#
#   ${EXEMPLAR_WASM_CACHE:-<repo>/wasm/.cache}/re2-<version>/
#       include/re2/{re2,set,stringpiece,filtered_re2}.h
#       lib/libre2.a
#       BUILD-INFO            (what was built, from what, with what)
#
# A second run with a complete cache does nothing and says so in one line.
#
# Environment:
#   EXEMPLAR_WASM_CACHE     cache root (default: <repo>/wasm/.cache)
#   EXEMPLAR_RE2_VERSION    upstream version of Debian's re2 (default below)
#   EXEMPLAR_JOBS           parallel compile jobs (default: nproc)
#   EXEMPLAR_UNICODE_DIR    Unicode data files (default: /usr/share/unicode)
#   EXEMPLAR_RE2_CXXFLAGS   extra compile flags (part of the cache key)
#   PYTHON                  python3 interpreter to try first
# Options:
#   --force                 rebuild even when the cache is complete
#
# Dependencies: wasm/scripts/install-deps.sh installs them all.
set -euo pipefail

RECIPE=1   # bump when the build recipe changes, to invalidate old caches
RE2_VERSION=${EXEMPLAR_RE2_VERSION:-20220601+dfsg}
UNICODE_DIR=${EXEMPLAR_UNICODE_DIR:-/usr/share/unicode}
JOBS=${EXEMPLAR_JOBS:-$(nproc 2>/dev/null || echo 2)}
CXXFLAGS_RE2=(-O2 -DNDEBUG -std=c++17)
# shellcheck disable=SC2206  # word splitting of user flags is intended
EXTRA_CXXFLAGS=(${EXEMPLAR_RE2_CXXFLAGS:-})

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WASM_DIR=$(dirname "$SCRIPT_DIR")
CACHE_ROOT=${EXEMPLAR_WASM_CACHE:-$WASM_DIR/.cache}
OUT=$CACHE_ROOT/re2-$RE2_VERSION
INSTALL_HINT="run $SCRIPT_DIR/install-deps.sh as root"

FORCE=0
for arg in "$@"; do
  case $arg in
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "build-re2: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

log() { printf '[build-re2] %s\n' "$*" >&2; }
die() { printf '[build-re2] error: %s\n' "$*" >&2; exit 1; }

CACHE_KEY="recipe=$RECIPE re2=$RE2_VERSION cxxflags=${CXXFLAGS_RE2[*]}${EXTRA_CXXFLAGS:+ ${EXTRA_CXXFLAGS[*]}}"

cache_complete() {
  [ -f "$OUT/lib/libre2.a" ] && [ -f "$OUT/include/re2/re2.h" ] &&
    [ -f "$OUT/BUILD-INFO" ] &&
    grep -qxF "key: $CACHE_KEY" "$OUT/BUILD-INFO"
}

if [ "$FORCE" -eq 0 ] && cache_complete; then
  echo "re2 $RE2_VERSION for wasm is cached in $OUT; nothing to do."
  exit 0
fi

# ---------------------------------------------------------------- tools ----
need() { # need CMD PACKAGE
  command -v "$1" >/dev/null 2>&1 ||
    die "'$1' not found. Install it with: apt-get install $2 (or $INSTALL_HINT)"
}
need emcc emscripten
need em++ emscripten
need emar emscripten
need perl perl
need dpkg-source dpkg-dev
need apt-get apt

# Debian's emscripten needs node's acorn from /usr/share/nodejs.
if [ -d /usr/share/nodejs ]; then
  export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
fi

PY=
for cand in ${PYTHON:-} python3 /usr/bin/python3; do
  if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import six' >/dev/null 2>&1; then
    PY=$(command -v "$cand"); break
  fi
done
if [ -z "$PY" ]; then
  if command -v python3 >/dev/null 2>&1 || [ -x /usr/bin/python3 ]; then
    die "python3 module 'six' not found (needed by RE2's table generators). Install it with: apt-get install python3-six (or $INSTALL_HINT)"
  fi
  die "'python3' not found. Install it with: apt-get install python3 python3-six (or $INSTALL_HINT)"
fi

for f in UnicodeData.txt CaseFolding.txt Scripts.txt; do
  [ -f "$UNICODE_DIR/$f" ] ||
    die "Unicode data file $UNICODE_DIR/$f not found. Install it with: apt-get install unicode-data (or $INSTALL_HINT), or set EXEMPLAR_UNICODE_DIR"
done
case $UNICODE_DIR in *\"*|*\\*) die "EXEMPLAR_UNICODE_DIR must not contain quotes or backslashes" ;; esac

# Pick the Debian revision of the pinned upstream version that apt offers.
DEB_VERSION=
if showsrc=$(apt-cache showsrc --only-source re2 2>/dev/null); then
  # shellcheck disable=SC2013  # versions contain no spaces
  for v in $(awk '/^Version:/ {print $2}' <<<"$showsrc"); do
    case $v in "$RE2_VERSION"-*) ;; *) continue ;; esac
    if [ -z "$DEB_VERSION" ] || dpkg --compare-versions "$v" gt "$DEB_VERSION"; then
      DEB_VERSION=$v
    fi
  done
fi
if [ -z "$DEB_VERSION" ]; then
  offered=$(awk '/^Version:/ {printf " %s", $2}' <<<"${showsrc:-}")
  if [ -n "$offered" ]; then
    die "apt offers source package re2 only in version(s)$offered, not $RE2_VERSION-*. Set EXEMPLAR_RE2_VERSION to the upstream part of one of them."
  fi
  die "source package re2 is unknown to apt: deb-src is not enabled or 'apt-get update' was not run ($INSTALL_HINT)"
fi

# ---------------------------------------------------------------- build ----
mkdir -p "$CACHE_ROOT"
# Serialize concurrent builds into the same cache.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE_ROOT/.re2.lock"
  flock 9
  if [ "$FORCE" -eq 0 ] && cache_complete; then
    echo "re2 $RE2_VERSION for wasm is cached in $OUT; nothing to do."
    exit 0
  fi
fi

WORK=$(mktemp -d "$CACHE_ROOT/.re2-build.XXXXXX")
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT

START=$(date +%s)
log "fetching Debian source package re2=$DEB_VERSION"
APT_SRC_OPTS=(-q)
[ "$(id -u)" -eq 0 ] && APT_SRC_OPTS+=(-o APT::Sandbox::User=root)
(cd "$WORK" && apt-get "${APT_SRC_OPTS[@]}" source "re2=$DEB_VERSION" >"$WORK/apt-source.log" 2>&1) || {
  cat "$WORK/apt-source.log" >&2
  die "apt-get source re2=$DEB_VERSION failed"
}
SRC=$(find "$WORK" -mindepth 1 -maxdepth 1 -type d -name 're2-*' | head -n1)
{ [ -n "$SRC" ] && [ -f "$SRC/re2/re2.cc" ]; } || die "unpacked source tree not found in $WORK"
DSC=$(find "$WORK" -maxdepth 1 -name 're2_*.dsc' | head -n1)

# The dfsg tarball lacks the generated tables; regenerate them.
log "generating perl_groups.cc, unicode_casefold.cc, unicode_groups.cc (Unicode data: $UNICODE_DIR)"
# unicode.py reads the Unicode tables from _UNICODE_DIR (Debian patches it to
# /usr/share/unicode, upstream points at unicode.org): point it at ours.
sed -i -E "s|^_UNICODE_DIR = .*$|_UNICODE_DIR = \"$UNICODE_DIR\"|" "$SRC/re2/unicode.py"
grep -qxF "_UNICODE_DIR = \"$UNICODE_DIR\"" "$SRC/re2/unicode.py" ||
  die "could not set _UNICODE_DIR in re2/unicode.py"
(
  cd "$SRC"
  perl re2/make_perl_groups.pl >re2/perl_groups.cc.tmp
  "$PY" re2/make_unicode_casefold.py >re2/unicode_casefold.cc.tmp
  "$PY" re2/make_unicode_groups.py >re2/unicode_groups.cc.tmp
  for f in perl_groups unicode_casefold unicode_groups; do
    [ -s "re2/$f.cc.tmp" ] || { echo "empty re2/$f.cc" >&2; exit 1; }
    mv "re2/$f.cc.tmp" "re2/$f.cc"
  done
) || die "generating RE2's tables failed (see messages above)"

# Library sources exactly as upstream's CMakeLists.txt lists them
# (re2/*.cc minus tests/fuzzers, plus util/rune.cc util/strutil.cc).
mapfile -t SOURCES < <(awk '
  /^set\(RE2_SOURCES/ { on = 1; next }
  on && /\)/          { exit }
  on                  { for (i = 1; i <= NF; i++) print $i }
' "$SRC/CMakeLists.txt")
[ "${#SOURCES[@]}" -gt 0 ] || die "could not read RE2_SOURCES from CMakeLists.txt"
for s in re2/re2.cc re2/set.cc util/rune.cc util/strutil.cc; do
  [[ " ${SOURCES[*]} " == *" $s "* ]] || die "RE2_SOURCES in CMakeLists.txt lacks $s"
done
for s in "${SOURCES[@]}"; do
  [ -f "$SRC/$s" ] || die "source file $s listed in CMakeLists.txt is missing"
done

# No -pthread: without it Emscripten links its pthread stubs, which is all
# RE2's Mutex (pthread_rwlock_*) and std::call_once need in a single thread.
log "compiling ${#SOURCES[@]} files with em++ ${CXXFLAGS_RE2[*]}${EXTRA_CXXFLAGS:+ ${EXTRA_CXXFLAGS[*]}} (-j$JOBS)"
mkdir -p "$WORK/obj"
export SRC WORK
# shellcheck disable=SC2016  # $1, $@ are expanded by the inner sh
printf '%s\n' "${SOURCES[@]}" |
  xargs -P "$JOBS" -I{} sh -c '
    s=$1; shift
    o="$WORK/obj/$(printf %s "$s" | sed "s|/|_|g; s|\.cc$|.o|")"
    cd "$SRC" && em++ "$@" -I. -c "$s" -o "$o" || { echo "em++ failed on $s" >&2; exit 255; }
  ' sh {} "${CXXFLAGS_RE2[@]}" "${EXTRA_CXXFLAGS[@]}" ||
  die "compiling RE2 failed (see messages above)"

STAGE=$WORK/stage
mkdir -p "$STAGE/lib" "$STAGE/include/re2"
mapfile -t OBJS < <(find "$WORK/obj" -name '*.o' | LC_ALL=C sort)
[ "${#OBJS[@]}" -eq "${#SOURCES[@]}" ] || die "expected ${#SOURCES[@]} objects, got ${#OBJS[@]}"
# Objects go in by bare name so the archive does not depend on $WORK.
(cd "$WORK/obj" && emar rcsD "$STAGE/lib/libre2.a" "${OBJS[@]##*/}") || die "emar failed"
for h in re2.h set.h stringpiece.h filtered_re2.h; do
  install -m 0644 "$SRC/re2/$h" "$STAGE/include/re2/$h"
done
install -m 0644 "$SRC/LICENSE" "$STAGE/LICENSE"

{
  echo "key: $CACHE_KEY"
  echo "source: Debian re2 $DEB_VERSION ($(basename "$DSC") sha256 $(sha256sum "$DSC" | cut -d' ' -f1))"
  echo "unicode-data: $(dpkg-query -W -f='${Version}' unicode-data 2>/dev/null || echo unknown) from $UNICODE_DIR"
  echo "emscripten: $(emcc --version 2>/dev/null | head -n1)"
  echo "python: $PY ($("$PY" --version 2>&1))"
  echo "cxxflags: ${CXXFLAGS_RE2[*]}${EXTRA_CXXFLAGS:+ ${EXTRA_CXXFLAGS[*]}}"
  echo "sources: ${SOURCES[*]}"
  echo "libre2.a: sha256 $(sha256sum "$STAGE/lib/libre2.a" | cut -d' ' -f1), $(stat -c %s "$STAGE/lib/libre2.a") bytes"
  echo "use: -I$OUT/include $OUT/lib/libre2.a"
} >"$STAGE/BUILD-INFO"

# Publish atomically: an interrupted build never looks like a cache hit.
rm -rf "$OUT"
mv "$STAGE" "$OUT"

log "built in $(( $(date +%s) - START ))s: $OUT/lib/libre2.a ($(stat -c %s "$OUT/lib/libre2.a") bytes)"
echo "re2 $RE2_VERSION for wasm built in $OUT"
