"""What the PyInstaller bundle holds on each system: its executables, icons, macOS Info.plist, and what is left out.

Plain Python (no PyInstaller): packaging/qa2explorer.spec and packaging/hooks/ read it when building, and
tests/test_bundle_config.py checks the macOS and Windows parts, which are not built on this project's machines.
"""

from __future__ import annotations

from pathlib import PurePosixPath

BUNDLE_ID = "org.qa2explorer.app"
APP = "qa2explorer"
COMPANION = "qa2explorer-cli"  # the same program with a console, for the headless commands


def executables(platform: str) -> list[tuple[str, bool]]:
    """The executables to build as (name, console). Windows needs the console companion for the headless commands
    (the app has no console there), and macOS keeps one outside the .app's windowed start; on Linux a console
    makes no difference and the companion is a link to the app (``companion_link``), which saves a second copy
    of the ~20 MB of Python modules each executable carries."""
    return [(APP, False)] + ([(COMPANION, True)] if platform in ("win32", "darwin") else [])


def companion_link(platform: str) -> bool:
    """True where ``qa2explorer-cli`` is a symbolic link to ``qa2explorer`` in the bundle's folder."""
    return all(name != COMPANION for name, _console in executables(platform))


def icon(platform: str) -> str:
    """The executable's icon, relative to the checkout (PyInstaller ignores it on Linux: the desktop entry's)."""
    return f"resources/appicon/{APP}.icns" if platform == "darwin" else f"resources/appicon/{APP}.ico"


def info_plist(version: str) -> dict:
    """The macOS bundle's Info.plist entries (beyond those PyInstaller writes itself)."""
    return {
        "CFBundleName": APP,
        "CFBundleDisplayName": APP,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "LSApplicationCategoryType": "public.app-category.education",
        "NSHighResolutionCapable": True,
        "NSRequiresAquaSystemAppearance": False,  # light and dark appearance follow the system
        "CFBundleDocumentTypes": [
            {
                "CFBundleTypeName": "ALMA delivery folder",
                "CFBundleTypeRole": "Viewer",
                "LSHandlerRank": "Alternate",
                "LSItemContentTypes": ["public.folder"],
            },
            {
                "CFBundleTypeName": "ALMA archive download (tar)",
                "CFBundleTypeRole": "Viewer",
                "LSHandlerRank": "Alternate",
                "LSItemContentTypes": ["public.tar-archive"],
            },
        ],
    }


# Modules the app never imports (the whole test suite imports none of them) that the analysis would otherwise
# follow: other Qt bindings, tk, test runners, CASA (run as its own process), packaging tools, and the astropy
# subpackages listed in ASTROPY_UNUSED.
EXCLUDED_MODULES = [
    "tkinter",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "PySide6.QtTest",  # pyqtgraph imports it inside try
    "PySide6.QtDBus",
    "IPython",
    "pytest",
    "casatools",
    "casatasks",
    "setuptools",
    "pkg_resources",
    "distutils",
    "numpy.f2py",
    "numpy.distutils",
    "pydoc_data",  # help()'s topics
    "pyqtgraph.examples",
    "pyqtgraph.opengl",  # needs PyOpenGL, which is not installed
    "pyqtgraph.jupyter",
]

# astropy: io.fits, wcs, units, coordinates, visualization and what they import are used; these never are.
ASTROPY_UNUSED = ("convolution", "cosmology", "modeling", "nddata", "samp", "timeseries", "uncertainty")
EXCLUDED_MODULES += [f"astropy.{name}" for name in ASTROPY_UNUSED]

# matplotlib renders to arrays and PDF only (the demo's reports); the Qt and other GUI backends are never used
MATPLOTLIB_BACKENDS = ["agg", "pdf"]


def astropy_module_wanted(name: str) -> bool:
    """Whether astropy's module ``name`` goes into the bundle: not its test suites, nor the unused subpackages
    (of ``astropy.tests`` only the runner, which ``import astropy`` imports)."""
    parts = name.split(".")
    if len(parts) > 1 and parts[1] == "tests":
        return name in ("astropy.tests", "astropy.tests.runner")
    return not (len(parts) > 1 and parts[1] in ASTROPY_UNUSED) and "tests" not in parts[2:]


# Qt's plugins for hardware without a desktop (framebuffer, EGL full screen, VNC, evdev input), network status
# and TLS (QtNetwork serves only the local single-instance socket); the app loads no Qt translation.
UNUSED_QT_PLUGIN_FOLDERS = {"egldeviceintegrations", "generic", "networkinformation", "tls"}
UNUSED_QT_PLATFORMS = {"qeglfs", "qlinuxfb", "qminimalegl", "qvkkhrdisplay", "qvnc"}
UNUSED_QT_LIBRARIES = ("libQt6EglFSDeviceIntegration", "libQt6EglFsKmsSupport")  # needed by eglfs only


def bundled(dest: str) -> bool:
    """Whether a file the analysis collected (its path inside the bundle) goes into the bundle."""
    path = PurePosixPath(dest.replace("\\", "/"))
    parts = path.parts
    if parts[:1] == ("PySide6",):
        if "translations" in parts:
            return False
        if "plugins" in parts:
            folder = parts[parts.index("plugins") + 1] if parts.index("plugins") + 1 < len(parts) else ""
            if folder in UNUSED_QT_PLUGIN_FOLDERS:
                return False
            if folder == "platforms" and path.stem.removeprefix("lib") in UNUSED_QT_PLATFORMS:
                return False
        if path.name.startswith(UNUSED_QT_LIBRARIES):
            return False
    return parts[:3] != ("matplotlib", "mpl-data", "sample_data")
