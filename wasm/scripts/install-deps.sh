#!/usr/bin/env bash
# Install the Debian packages the Exemplar wasm build needs, and enable
# deb-src so that build-re2.sh can `apt-get source re2`.
#
# Idempotent: only missing packages are installed (checked with `dpkg -s`),
# the deb-src file is written only when no deb-src entry exists, and
# `apt-get update` runs only when something actually needs it.
# Non-interactive; must run as root (or with sudo available).
set -euo pipefail

# emscripten, cmake (core/embed_file.cmake) and nlohmann-json3-dev (header-only)
# build the module; the rest is what build-re2.sh needs.
PACKAGES=(emscripten cmake nlohmann-json3-dev perl python3 python3-six unicode-data dpkg-dev)
SRC_FILE=/etc/apt/sources.list.d/exemplar-src.sources

log() { printf '[install-deps] %s\n' "$*" >&2; }
die() { printf '[install-deps] error: %s\n' "$*" >&2; exit 1; }

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    exec sudo -E bash "$0" "$@"
  fi
  die "must run as root (no sudo available)"
fi

export DEBIAN_FRONTEND=noninteractive
# Wait (up to 10 min) for another apt/dpkg process holding the dpkg lock.
APT_OPTS=(-y -q -o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0)

# `apt-get update` does not honour DPkg::Lock::Timeout for the lists lock
# (e.g. an update already running in the background), so retry on lock errors.
apt_update() {
  local i out
  for i in $(seq 1 120); do
    if out=$(apt-get "${APT_OPTS[@]}" update 2>&1); then
      return 0
    fi
    if grep -qiE 'could not get lock|unable to lock|is held by process' <<<"$out"; then
      [ "$i" -eq 1 ] && log "apt lock is held by another process; waiting..."
      sleep 5
      continue
    fi
    printf '%s\n' "$out" >&2
    die "apt-get update failed"
  done
  die "timed out waiting for the apt lock"
}

have_deb_src() {
  # Any active deb-src entry, one-line or deb822 style? (grep -q without a
  # pipe: with pipefail a pipe into grep -q can fail on SIGPIPE.)
  grep -qsE '^[[:space:]]*deb-src[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list && return 0
  grep -qsiE '^[[:space:]]*Types:.*deb-src' /etc/apt/sources.list.d/*.sources && return 0
  return 1
}

re2_src_known() {
  local out
  out=$(apt-cache showsrc --only-source re2 2>/dev/null) || return 1
  [[ $out == *"Package: re2"* ]]
}

write_deb_src() {
  local tmp
  tmp=$(mktemp)
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    # Same stanzas (URIs/Suites/Components/Signed-By) with Types: deb-src;
    # comments dropped, an `Enabled: no` line is kept and still honoured.
    awk '
      /^[[:space:]]*#/ { next }
      /^[Tt]ypes:/     { print "Types: deb-src"; next }
      { print }
    ' /etc/apt/sources.list.d/debian.sources >"$tmp"
  elif [ -f /etc/apt/sources.list ] && grep -qE '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list; then
    SRC_FILE=/etc/apt/sources.list.d/exemplar-src.list
    sed -nE 's/^[[:space:]]*deb[[:space:]]/deb-src /p' /etc/apt/sources.list >"$tmp"
  else
    rm -f "$tmp"
    die "cannot find Debian apt sources (/etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list) to derive deb-src from"
  fi
  install -m 0644 "$tmp" "$SRC_FILE"
  rm -f "$tmp"
  log "enabled deb-src in $SRC_FILE"
}

need_update=0

if ! have_deb_src; then
  write_deb_src
  need_update=1
fi

missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  if ! dpkg -s "$p" >/dev/null 2>&1 || [ "$status" != "install ok installed" ]; then
    missing+=("$p")
  fi
done

# Source indexes may be configured but never fetched (fresh machine).
if [ "$need_update" -eq 0 ] && ! re2_src_known; then
  need_update=1
fi
# Binary indexes must be present to install anything.
if [ "${#missing[@]}" -gt 0 ] && [ "$need_update" -eq 0 ]; then
  for p in "${missing[@]}"; do
    if ! apt-cache show "$p" >/dev/null 2>&1; then need_update=1; break; fi
  done
fi

if [ "$need_update" -eq 1 ]; then
  log "running apt-get update"
  apt_update
fi

if [ "${#missing[@]}" -gt 0 ]; then
  log "installing: ${missing[*]}"
  if ! apt-get "${APT_OPTS[@]}" install --no-install-recommends "${missing[@]}"; then
    if [ "$need_update" -eq 1 ]; then die "apt-get install failed"; fi
    # Package lists may be stale (404 on download): refresh once and retry.
    log "install failed; refreshing package lists and retrying"
    need_update=1
    apt_update
    apt-get "${APT_OPTS[@]}" install --no-install-recommends "${missing[@]}" || die "apt-get install failed"
  fi
else
  log "all packages already installed: ${PACKAGES[*]}"
fi

if ! re2_src_known && [ ! -e "$SRC_FILE" ]; then
  # Some other deb-src entry exists, but none that carries Debian's re2.
  write_deb_src
  apt_update
fi
if ! re2_src_known; then
  [ "$need_update" -eq 1 ] || apt_update
  re2_src_known || die "source package re2 is not available from the configured deb-src entries"
fi

log "done"
