"""The bundle's build configuration (packaging/bundle_config.py, read by packaging/qa2explorer.spec): the macOS and
Windows parts, which no machine of this project builds, are checked here at least as data; the Linux bundle itself
is built and smoke-tested by .ci/run (packaging/build.sh, packaging/smoke_test.sh)."""

import importlib.util
import plistlib
import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bundle_config", REPO / "packaging" / "bundle_config.py")
config = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(config)


def test_macos_info_plist_is_a_valid_plist_with_the_bundle_id_and_document_types():
    plist = plistlib.loads(plistlib.dumps(config.info_plist("1.2.3")))
    assert config.BUNDLE_ID == "org.qa2explorer.app"
    assert plist["CFBundleShortVersionString"] == plist["CFBundleVersion"] == "1.2.3"
    assert plist["NSRequiresAquaSystemAppearance"] is False  # dark mode follows the system
    types = {t for doc in plist["CFBundleDocumentTypes"] for t in doc["LSItemContentTypes"]}
    assert types == {"public.folder", "public.tar-archive"}
    assert {doc["CFBundleTypeRole"] for doc in plist["CFBundleDocumentTypes"]} == {"Viewer"}


def test_each_system_has_its_icon_and_a_console_for_the_headless_commands():
    assert config.icon("darwin").endswith(".icns") and config.icon("win32").endswith(".ico")
    for platform in ("darwin", "win32", "linux"):
        assert (REPO / config.icon(platform)).is_file(), platform
    assert config.executables("win32") == [("qa2explorer", False), ("qa2explorer-cli", True)]
    assert not config.companion_link("win32") and not config.companion_link("darwin")
    assert config.executables("linux") == [("qa2explorer", False)] and config.companion_link("linux")


def test_spec_compiles_and_takes_its_tables_from_the_configuration():
    text = (REPO / "packaging" / "qa2explorer.spec").read_text()
    compile(text, "qa2explorer.spec", "exec")
    used = set(re.findall(r"bundle_config\.(?!py\b)(\w+)", text))  # not the comments naming the file
    assert used == {
        "APP", "BUNDLE_ID", "COMPANION", "EXCLUDED_MODULES", "MATPLOTLIB_BACKENDS", "bundled", "companion_link",
        "executables", "icon", "info_plist",
    }  # fmt: skip
    assert all(hasattr(config, name) for name in used)
    hook = (REPO / "packaging" / "hooks" / "hook-astropy.py").read_text()
    compile(hook, "hook-astropy.py", "exec")


def test_unused_qt_parts_and_sample_data_stay_out():
    out = [
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/translations/qt_fr.qm",  # Windows layout
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6\\plugins\\tls\\qschannelbackend.dll",
        "PySide6/Qt/plugins/generic/libqevdevmouseplugin.so",
        "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6",
        "matplotlib/mpl-data/sample_data/grace_hopper.jpg",
    ]
    kept = [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6\\plugins\\platforms\\qwindows.dll",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/lib/libQt6Network.so.6",
        "matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf",
        "astropy/units/format/generic_parsetab.py",
    ]
    assert [p for p in out if config.bundled(p)] == []
    assert [p for p in kept if not config.bundled(p)] == []


def test_astropy_keeps_what_the_app_uses_and_drops_test_suites():
    wanted = ["astropy.io.fits", "astropy.wcs.wcsapi", "astropy.visualization.wcsaxes", "astropy.tests.runner",
              "astropy.coordinates", "astropy.units.format.generic"]  # fmt: skip
    dropped = ["astropy.io.fits.tests.test_header", "astropy.modeling.models", "astropy.cosmology",
               "astropy.tests.figures", "astropy.wcs.tests"]  # fmt: skip
    assert [m for m in wanted if not config.astropy_module_wanted(m)] == []
    assert [m for m in dropped if config.astropy_module_wanted(m)] == []


def test_ci_finds_the_readme_test_command():
    """.ci/run takes the test command from README.md: the same extraction finds it there."""
    line = next(s for s in (REPO / ".ci" / "run").read_text().splitlines() if s.startswith('cmd="$(awk'))
    r = subprocess.run(["bash", "-c", f"{line}; printf '%s' \"$cmd\""], cwd=REPO, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("python3 -m venv .venv") and "-m pytest" in r.stdout, r.stdout
