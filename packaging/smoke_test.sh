#!/usr/bin/env bash
# Smoke test of a built Linux bundle (packaging/build.sh): CI runs it (.ci/run); run it before each release.
#
#   packaging/smoke_test.sh DIST/qa2explorer [RUNS]
#
# Offscreen and with its own settings, cache and log folders, it checks that
#   1. the window starts, opens the demo delivery (written into the cache) and quits cleanly (exit 0);
#   2. the window opens the demo's QA2 report PDF (its page rendered by PDFium) and a FITS image (astropy,
#      pyqtgraph) and quits cleanly;
#   3. the console companion decodes a product name, says its version, reads the member's QA (stage scores from
#      the weblog archive, the QA2 verdict from the report PDF's text), renders a FITS cube's channel to a PNG
#      (astropy, matplotlib), measures an image's noise and a spectrum, and unpacks the weblog;
#   4. nothing printed a Python traceback, in the output or in the log;
# then times the window's start-up (process start to window shown and quit, --quit-after 0) RUNS times
# (default 5) and prints the best and the median, and prints the bundle's size. Exit 0 when all passed.
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

out="$(timeout 300 "$app" --demo --quit-after 0.5 2>&1)" || fail "the window on the demo delivery (exit $?): $out"
grep -q "^opened .*/2023.1.99999.S$" <<<"$out" || fail "the demo delivery did not open: $out"
if grep -q "Traceback" <<<"$out"; then fail "a traceback: $out"; fi
demo="$(sed -n 's/^opened //p' <<<"$out" | head -1)"
echo "ok  window opened $demo, then quit"
member="$(find "$demo" -maxdepth 3 -type d -name "member.uid*" | head -1)"
pdf="$(find "$member/qa" -name "*.qa2_report.pdf" | head -1)"
fits="$(find "$member/product" -name "*_sci.*.cube.I.pbcor.fits" | sort | head -1)"
[ -n "$member" ] && [ -f "$pdf" ] && [ -f "$fits" ] || fail "the demo delivery lacks a member, its QA2 report or a cube"

for file in "$pdf" "$fits"; do
    out="$(timeout 120 "$app" "$file" --quit-after 2 2>&1)" || fail "the window on $file (exit $?): $out"
    grep -qxF "opened $file" <<<"$out" || fail "the window did not open $file: $out"
    if grep -q "Traceback" <<<"$out"; then fail "a traceback: $out"; fi
    echo "ok  window showed $(basename "$file"), then quit"
done

name="member.uid___A001_X3833_X64b9.J1851+0035_sci.spw25.cube.I.pbcor.fits"
out="$(timeout 120 "$cli" decode "$name" 2>&1)" || fail "decode (exit $?): $out"
grep -q "pb-corrected spectral cube of J1851+0035" <<<"$out" || fail "decode said: $out"
echo "ok  qa2explorer-cli decode: $(sed -n 2p <<<"$out" | sed 's/^ *//')"
version="$(timeout 120 "$cli" --version 2>&1)" || fail "--version: $version"
echo "ok  $version"

out="$(timeout 300 "$cli" qa "$member" 2>&1)" || fail "qa (exit $?): $out"
grep -Eq "^  QA2 outcome +Pass +\(.*qa2_report.pdf\)" <<<"$out" || fail "qa read no QA2 verdict from the PDF: $out"
grep -Eq "^  Pipeline stage scores \([0-9]+ stages, from pipeline_aquareport.xml\)" <<<"$out" ||
    fail "qa read no stage scores from the weblog: $out"
out="$(timeout 300 "$cli" qa "$member" --json 2>&1)" || fail "qa --json (exit $?): $out"
grep -q '"score": ' <<<"$out" || fail "qa --json has no stage scores: $out"
echo "ok  qa2explorer-cli qa: the QA2 verdict from the report PDF, the stage scores from the weblog"

out="$(timeout 300 "$cli" render "$fits" --channel 3 --out "$home/channel.png" 2>&1)" || fail "render (exit $?): $out"
[ "$(head -c 8 "$home/channel.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "render wrote no PNG"
echo "ok  qa2explorer-cli render: a channel of $(basename "$fits") as a PNG of $(stat -c %s "$home/channel.png") bytes"
out="$(timeout 300 "$cli" stats "$fits" --json 2>&1)" || fail "stats (exit $?): $out"
grep -Eq '"rms": [0-9.e-]+, "peak": ' <<<"$out" || fail "stats said: $out"
out="$(timeout 300 "$cli" spectrum "$fits" --pixel 64 64 --json 2>&1)" || fail "spectrum (exit $?): $out"
grep -q '"frequency_hz": ' <<<"$out" || fail "spectrum said: $out"
echo "ok  qa2explorer-cli stats and spectrum of $(basename "$fits")"
out="$(timeout 300 "$cli" weblog --extract-only "$member" 2>&1)" || fail "weblog --extract-only (exit $?): $out"
[ -d "$(tail -1 <<<"$out")" ] || fail "weblog --extract-only said: $out"
echo "ok  qa2explorer-cli weblog: unpacked into the cache"

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
