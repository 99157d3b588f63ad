"""Single instance with two real processes: this test's window listens as the app does, and a second
``qa2explorer PATH`` (the real command, a child process, offscreen) hands PATH over and exits 0 while the window
opens it; with no window listening the command starts normally (the hand-over says no at once)."""

import os
import subprocess
import sys
import time

import pytest

from qa2explorer.gui.single_instance import InstanceServer, hand_over, server_name
from tests.gui.conftest import open_and_wait


def warmed_up(qtbot, window) -> None:
    """The window's warm-up done, so that the second process's start does not compete with it."""
    qtbot.waitUntil(lambda: window.warming.complete, timeout=60_000)


@pytest.fixture
def server(qtbot, window):
    warmed_up(qtbot, window)
    server = InstanceServer()
    server.requested.connect(window.windows.forward)
    assert server.listen()
    yield server
    server.server.close()


def test_a_second_command_hands_its_path_to_the_running_window(qtbot, window, server, demo_project, tmp_path):
    member = os.path.join(demo_project, os.listdir(demo_project)[0])
    window.showMinimized()
    started = time.monotonic()
    second = subprocess.Popen([sys.executable, "-m", "qa2explorer", os.path.relpath(member)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=60_000)  # our event loop answers meanwhile
    out, err = second.communicate()
    assert second.returncode == 0, err[-2000:]
    assert out == "" and time.monotonic() - started < 60
    qtbot.waitUntil(lambda: window.summary is not None, timeout=60_000)
    assert window.opened_path == member  # made absolute by the second process (its folder may differ)
    assert not window.isMinimized()


def test_a_plain_second_command_brings_the_window_forward_without_opening(qtbot, window, server, demo_project):
    open_and_wait(qtbot, window, demo_project)
    second = subprocess.Popen([sys.executable, "-c", "from qa2explorer.gui.single_instance import hand_over; "
                               "import sys; sys.exit(0 if hand_over(None) else 3)"])  # fmt: skip
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=60_000)
    assert second.returncode == 0 and window.opened_path == demo_project


def test_with_no_window_running_the_hand_over_says_no_at_once(qtbot, window):
    started = time.monotonic()
    assert hand_over("/anything") is False
    assert time.monotonic() - started < 1.0
    other = InstanceServer(name=server_name() + "-other")  # and then this process listens itself
    assert other.listen()
    other.server.close()


def test_two_qa2explorer_processes(tmp_path, demo_project):
    """The app as started from a desktop: the first ``qa2explorer`` listens, the second hands over and exits."""
    log_path = os.path.join(os.environ["XDG_STATE_HOME"], "qa2explorer", "log", "qa2explorer.log")

    def logged() -> str:
        try:
            with open(log_path, encoding="utf-8") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    first = subprocess.Popen([sys.executable, "-m", "qa2explorer"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while "single instance: listening" not in logged() and time.monotonic() < deadline:
            assert first.poll() is None, first.stderr.read()
            time.sleep(0.1)
        second = subprocess.run([sys.executable, "-m", "qa2explorer", demo_project], capture_output=True, text=True,
                                timeout=60)  # fmt: skip
        assert second.returncode == 0, second.stderr[-2000:]
        assert f"handed over by another qa2explorer: {demo_project}" in logged()
        assert first.poll() is None  # the first window carries on
        own = subprocess.Popen([sys.executable, "-m", "qa2explorer", "--new-window", demo_project],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while "this one runs on its own" not in logged() and time.monotonic() < deadline:
                assert own.poll() is None  # a window of its own: it does not exit
                time.sleep(0.1)
            assert "this one runs on its own" in logged()
            assert logged().count("handed over by another qa2explorer") == 1
        finally:
            own.terminate()
            own.wait(30)
    finally:
        first.terminate()
        first.wait(30)
