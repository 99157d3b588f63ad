import os
import sys

# Qt must pick its platform before PySide6 is imported anywhere.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from qa2explorer.demo import write_demo  # noqa: E402


@pytest.fixture(scope="session")
def demo_project(tmp_path_factory) -> str:
    """The demo delivery, written once per test session (it is also what the README's first command opens)."""
    return write_demo(str(tmp_path_factory.mktemp("demo")))


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path, monkeypatch):
    """Settings, caches and logs of the app go to the test's own folders, never the user's."""
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
        monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
