#!/usr/bin/env bash
# Build the one-folder application from a clean virtual environment and print its size and the time taken.
#
#   packaging/build.sh [BUILD_DIR]        (default: build/bundle in the checkout)
#
# BUILD_DIR/venv      a fresh venv with this checkout's dependencies (pip install .) and PyInstaller
# BUILD_DIR/dist/     the result: dist/qa2explorer/ (Linux, Windows), dist/qa2explorer.app (macOS)
# Then: packaging/smoke_test.sh BUILD_DIR/dist/qa2explorer
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "${1:-$here/build/bundle}" && cd "${1:-$here/build/bundle}" && pwd)"
python="${PYTHON:-python3}"
began=$(date +%s)
rm -rf "$out/venv" "$out/work" "$out/dist"
"$python" -m venv "$out/venv"
if [ -x "$out/venv/bin/python" ]; then py="$out/venv/bin/python"; else py="$out/venv/Scripts/python.exe"; fi
"$py" -m pip install --quiet "$here" pyinstaller
start=$(date +%s)
echo "venv and install: $((start - began)) s"
# from the build folder, so that the checkout's own folder is not on the analysis' path twice
(cd "$out" && "$py" -m PyInstaller --noconfirm --log-level WARN --distpath "$out/dist" --workpath "$out/work" \
    "$here/packaging/qa2explorer.spec")
echo "PyInstaller: $(($(date +%s) - start)) s"
# Linux: some wheels ship their libraries with debug information (libpython, kiwisolver, fontTools' compiled
# modules: ~50 MB). Only that goes: a full strip (PyInstaller's strip=True) breaks numpy's OpenBLAS.
if [ "$(uname -s)" = Linux ] && command -v strip >/dev/null && command -v file >/dev/null; then
    find "$out/dist" -type f -name "*.so*" -print0 | xargs -0 file | sed -n 's/: .*with debug_info.*//p' |
        while IFS= read -r lib; do strip --strip-debug "$lib"; done
fi
echo "built in $(($(date +%s) - began)) s:"
du -sh "$out/dist"/*
