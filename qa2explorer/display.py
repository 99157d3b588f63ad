"""Can the window open here? Checked before Qt starts, because Qt's own failure is an abort (exit 134)
whose text names the wrong library and suggests reinstalling. This module never imports Qt."""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

HEADLESS = "the headless commands (decode, summary, demo, render, stats, spectrum) work without a display"

# soname -> Debian/Ubuntu package, for the system libraries Qt's X11 (xcb) plugin loads
PACKAGES = {
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libX11-xcb.so.1": "libx11-xcb1",
}

USUAL = ("libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0", "libxkbcommon-x11-0")
_MISSING = re.compile(r"([^\s:/]+\.so[.\d]*): cannot open shared object file")


def display_problem(environ: Mapping[str, str] | None = None, platform: str | None = None) -> str | None:
    """None when the window can start, else one line saying why not and what to do instead."""
    env = os.environ if environ is None else environ
    if not (platform or sys.platform).startswith("linux"):
        return None  # macOS and Windows always have their native platform plugin
    # QT_QPA_PLATFORM may be a ';'-separated fallback list, each name with ':'-options; the first one counts
    chosen = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen and chosen != "xcb" and not chosen.startswith("wayland"):
        return None  # offscreen, minimal, vnc, eglfs…: the user chose a platform that needs no display
    x_display, wayland = env.get("DISPLAY"), env.get("WAYLAND_DISPLAY")
    if not x_display and not wayland:
        return (
            "qa2explorer: no display found (DISPLAY and WAYLAND_DISPLAY are not set), so the window cannot open. "
            "The headless commands work without one: qa2explorer decode, summary, demo, render, stats, spectrum "
            "(see qa2explorer --help). On a remote machine use ssh -X, "
            "or QT_QPA_PLATFORM=offscreen for scripted use."
        )
    if x_display and (chosen == "xcb" or (not chosen and not wayland)):
        return xcb_problem(x_display, xcb_plugin_path())
    if wayland and not x_display and chosen != "xcb":
        return wayland_problem(wayland, env.get("XDG_RUNTIME_DIR", ""))
    return None


def wayland_problem(name: str, runtime_dir: str) -> str | None:
    """A Wayland session without X: its socket must exist, or Qt aborts trying every plugin."""
    socket = Path(name) if os.path.isabs(name) else Path(runtime_dir or "/nonexistent", name)
    if socket.exists():
        return None
    return (
        f"qa2explorer: the Wayland display {name} cannot be reached ({socket} does not exist) and DISPLAY is not "
        f"set, so the window cannot open; {HEADLESS}."
    )


def xcb_plugin_path() -> Path | None:
    """PySide6's xcb platform plugin, found without importing PySide6 (that would start Qt's machinery)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0], "Qt", "plugins", "platforms", "libqxcb.so")


def xcb_problem(x_display: str, plugin: Path | None) -> str | None:
    """Load the xcb plugin as Qt would: a missing system library (a bare Debian/Ubuntu install lacks several
    libxcb-* packages) is the usual reason the window fails on X11. None if it loads, or fails some other way."""
    if plugin is None or not plugin.is_file():
        return None  # nothing to test: let Qt speak
    try:
        ctypes.CDLL(str(plugin))
    except OSError as error:
        found = _MISSING.search(str(error))
        if found is None:
            return None  # not a missing library (ctypes resolves symbols eagerly, Qt lazily): let Qt speak
        soname = found.group(1)
        package = PACKAGES.get(soname)
        install = f" (Debian/Ubuntu: apt install {package})" if package else ""
        return (
            f"qa2explorer: Qt cannot use the X display {x_display}: the system library {soname} is missing{install}; "
            f"Qt's X11 backend usually also needs {', '.join(USUAL)}. {HEADLESS[0].upper()}{HEADLESS[1:]}."
        )
    return None
