#!/usr/bin/env bash
# Smoke test of a built Linux bundle (packaging/build.sh): run before each release.
#
#   packaging/smoke_test.sh DIST/qa2explorer [RUNS]
#
# Offscreen and with its own settings, cache and log folders, it checks that
#   1. the window starts, opens the demo delivery (written into the cache) and quits cleanly (exit 0);
#   2. the console companion decodes a product name and says its version;
#   3. nothing printed a Python traceback;
# then times the window's start-up (process start to window shown and quit, --quit-after 0) RUNS times
# (default 5) and prints the best and the median, and prints the bundle's size.
set -euo pipefail
bundle="$(cd "${1:?give the bundle folder, e.g. build/bundle/dist/qa2explorer}" && pwd)"
runs="${2:-5}"
app="$bundle/qa2explorer"
cli="$bundle/qa2explorer-cli"
for exe in "$app" "$cli"; do
    [ -x "$exe" ] || { echo "smoke test: $exe is missing or not executable" >&2; exit 2; }
done
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
export QT_QPA_PLATFORM=offscreen HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache" \
    XDG_STATE_HOME="$home/state"
fail() { echo "smoke test FAILED: $*" >&2; exit 1; }

out="$(timeout 600 "$app" --demo --quit-after 0.5 2>&1)" || fail "the window on the demo delivery (exit $?): $out"
grep -q "^opened .*/2023.1.99999.S$" <<<"$out" || fail "the demo delivery did not open: $out"
if grep -q "Traceback" <<<"$out"; then fail "a traceback: $out"; fi
echo "ok  window $(grep "^opened" <<<"$out" | head -1), then quit"

name="member.uid___A001_X3833_X64b9.J1851+0035_sci.spw25.cube.I.pbcor.fits"
out="$(timeout 120 "$cli" decode "$name" 2>&1)" || fail "decode (exit $?): $out"
grep -q "pb-corrected spectral cube of J1851+0035" <<<"$out" || fail "decode said: $out"
echo "ok  qa2explorer-cli decode: $(sed -n 2p <<<"$out" | sed 's/^ *//')"
version="$(timeout 120 "$cli" --version 2>&1)" || fail "--version: $version"
echo "ok  $version"

if grep -rq "Traceback" "$home/state" 2>/dev/null; then fail "a traceback in the log: $(grep -rl Traceback "$home/state")"; fi

times=()
for _ in $(seq "$runs"); do
    start=$(date +%s.%N)
    timeout 120 "$app" --quit-after 0 >/dev/null 2>&1 || fail "the window alone did not start and quit"
    times+=("$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')")
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
printf 'start-up (window shown and quit, %d runs): best %.2f s, median %.2f s\n' "$runs" "${sorted[0]}" \
    "${sorted[$((runs / 2))]}"
echo "bundle size: $(du -sh "$bundle" | cut -f1)"
echo "smoke test passed"
