"""Without a usable display the window command says so in one line and exits 2, before Qt can abort."""

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qa2explorer.display import display_problem, xcb_plugin_path, xcb_problem

REPO = Path(__file__).resolve().parent.parent
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check runs on Linux only")


def _run_without_display(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run(
        [sys.executable, "-m", "qa2explorer", *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=120
    )


@linux_only
@pytest.mark.parametrize("args", [(), ("/nonexistent/qa2explorer-delivery",)])
def test_window_without_display_says_so_and_exits_2(args):
    r = _run_without_display(*args)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    assert "no display" in lines[0] and "decode" in lines[0]
    assert r.stdout == ""


@linux_only
def test_headless_commands_and_help_need_no_display():
    assert _run_without_display("--help").returncode == 0
    r = _run_without_display("decode", "member.uid___A001_X133d_X325._G31.41p0.31__sci.spw25.cont.I.pbcor.fits")
    assert r.returncode == 0, r.stderr


def test_platform_rules():
    assert display_problem(environ={"QT_QPA_PLATFORM": "offscreen"}, platform="linux") is None
    assert display_problem(environ={"QT_QPA_PLATFORM": "vnc:size=800x600"}, platform="linux") is None
    assert display_problem(environ={}, platform="darwin") is None
    assert display_problem(environ={}, platform="win32") is None
    message = display_problem(environ={}, platform="linux")
    assert message and "\n" not in message and "no display" in message and "decode" in message
    assert "no display" in display_problem(environ={"QT_QPA_PLATFORM": "xcb"}, platform="linux")
    # a Wayland-only session (its socket checked in test_a_wayland_display_that_cannot_be_reached)
    assert display_problem(environ={"WAYLAND_DISPLAY": "/"}, platform="linux") is None


@linux_only
def test_plugin_path_finds_pyside6s_xcb_plugin():
    path = xcb_plugin_path()
    assert path is not None and path.is_file(), path
    assert path.name == "libqxcb.so" and path.parts[-5:-1] == ("PySide6", "Qt", "plugins", "platforms")


def test_no_plugin_file_leaves_it_to_qt(tmp_path):
    assert xcb_problem(":0", tmp_path / "libqxcb.so") is None
    assert xcb_problem(":0", None) is None


def test_other_load_failures_leave_it_to_qt(tmp_path):
    """Only a missing library is reported; a file that fails otherwise (here: not ELF at all) is Qt's to explain."""
    junk = tmp_path / "libqxcb.so"
    junk.write_bytes(b"not a shared object\n")
    assert xcb_problem(":0", junk) is None


def _plugin_needing(tmp_path: Path, soname: str) -> Path:
    """A real shared object linked against ``soname``, which is then deleted: loading it fails as libqxcb.so does."""
    gcc = shutil.which("gcc")
    if gcc is None:
        pytest.skip("gcc is needed to build a plugin whose dependency is missing")

    def cc(*args: str) -> None:
        subprocess.run([gcc, "-shared", "-fPIC", *args], cwd=tmp_path, check=True, capture_output=True)

    (tmp_path / "stub.c").write_text("int qa2fake(void) { return 0; }\n")
    (tmp_path / "plugin.c").write_text("int qa2fake(void);\nint plugin(void) { return qa2fake(); }\n")
    cc("-o", soname, f"-Wl,-soname,{soname}", "stub.c")
    cc("-o", "plugin.so", "plugin.c", "-L.", f"-l:{soname}")
    (tmp_path / soname).unlink()
    return tmp_path / "plugin.so"


@linux_only
def test_missing_unknown_library_is_named(tmp_path):
    message = xcb_problem(":77", _plugin_needing(tmp_path, "libqa2fake.so.1"))
    assert message is not None and "\n" not in message
    assert "X display :77" in message and "libqa2fake.so.1 is missing;" in message and "decode" in message


@linux_only
def test_missing_known_library_names_its_package(tmp_path):
    try:
        ctypes.CDLL("libxcb-icccm.so.4")
    except OSError:
        pass
    else:
        pytest.skip("libxcb-icccm.so.4 is installed here, so a plugin needing it loads")
    message = xcb_problem(":0", _plugin_needing(tmp_path, "libxcb-icccm.so.4"))
    assert message is not None and "\n" not in message
    assert "libxcb-icccm.so.4 is missing (Debian/Ubuntu: apt install libxcb-icccm4)" in message


def test_a_plugin_that_loads_is_no_problem(tmp_path):
    gcc = shutil.which("gcc")
    if gcc is None:
        pytest.skip("gcc is needed to build a plugin")
    (tmp_path / "ok.c").write_text("int plugin(void) { return 0; }\n")
    subprocess.run([gcc, "-shared", "-fPIC", "-o", "ok.so", "ok.c"], cwd=tmp_path, check=True, capture_output=True)
    assert xcb_problem(":0", tmp_path / "ok.so") is None


def test_a_wayland_display_that_cannot_be_reached(tmp_path):
    message = display_problem({"WAYLAND_DISPLAY": "wayland-9", "XDG_RUNTIME_DIR": str(tmp_path)}, "linux")
    assert message is not None and "wayland-9 cannot be reached" in message and "decode" in message
    (tmp_path / "wayland-0").touch()  # stands for the compositor's socket
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0", "XDG_RUNTIME_DIR": str(tmp_path)}, "linux") is None
