#!/usr/bin/env bash
# Install the qa2explorer launcher for the current user (Linux desktops following the XDG specifications):
# the .desktop entry (menus, "Open with" for folders and .tar downloads, double-click) and the icon set (SVG and
# the PNG sizes of resources/appicon). Nothing outside $XDG_DATA_HOME is touched.
#
#   packaging/install-desktop-entry.sh [PATH-TO-qa2explorer-EXECUTABLE]
#
# Without an argument the qa2explorer found on PATH is used (for example .venv/bin/qa2explorer after
# "source .venv/bin/activate").
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
exe="${1:-$(command -v qa2explorer || true)}"
if [ -z "$exe" ] || [ ! -x "$exe" ]; then
    echo "install-desktop-entry: give the path of the qa2explorer executable (none found on PATH)" >&2
    exit 2
fi
exe="$(cd "$(dirname "$exe")" && pwd)/$(basename "$exe")"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
mkdir -p "$data/applications" "$data/icons/hicolor/scalable/apps"
install -m 0644 "$here/resources/icons/qa2explorer.svg" "$data/icons/hicolor/scalable/apps/qa2explorer.svg"
for png in "$here"/resources/appicon/qa2explorer-*.png; do
    size="${png##*-}"
    size="${size%.png}"
    mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
    install -m 0644 "$png" "$data/icons/hicolor/${size}x${size}/apps/qa2explorer.png"
done
sed "s|^Exec=qa2explorer|Exec=\"$exe\"|" "$here/resources/qa2explorer.desktop" > "$data/applications/qa2explorer.desktop"
chmod 0644 "$data/applications/qa2explorer.desktop"
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$data/applications" >/dev/null 2>&1 || true
fi
echo "installed $data/applications/qa2explorer.desktop (runs $exe)"
