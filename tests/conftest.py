import os
import subprocess
import sys

# Qt must pick its platform before PySide6 is imported anywhere.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from qa2explorer.demo import layout, write_demo  # noqa: E402


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


# -- real CASA (modular: casatools, casatasks and casashell from PyPI, offline); the test modules that use these
# skip themselves where CASA's wheels do not exist


@pytest.fixture(scope="session")
def casa_config(tmp_path_factory) -> str:
    """CASA offline: its site configuration, named before CASA is first imported (here or in a child)."""
    from qa2explorer.demo.restorable import site_config

    path = site_config(str(tmp_path_factory.mktemp("casa")))
    os.environ["CASASITECONFIG"] = path
    return path


@pytest.fixture(scope="session")
def restorable(tmp_path_factory, casa_config) -> str:
    """The 7-m member of a demo delivery written with --with-raw (through the real command line), once per
    session: the tests restore copies of it."""
    dest = tmp_path_factory.mktemp("rawdemo")
    r = subprocess.run([sys.executable, "-m", "qa2explorer", "demo", str(dest), "--with-raw"], capture_output=True,
                       text=True, timeout=600, env=dict(os.environ, CASASITECONFIG=casa_config))  # fmt: skip
    assert r.returncode == 0, r.stderr[-3000:]
    project = r.stdout.strip()
    return os.path.join(project, f"science_goal.{layout.SOUS}", f"group.{layout.GOUS}", f"member.{layout.M7}")


@pytest.fixture
def casa(tmp_path, casa_config) -> str:
    """A `casa` launcher over modular CASA, what the tests provide in place of a CASA installation. CASA is set
    up as a user's is: without a log file in its configuration, so that it writes ``casa-<time>.log`` where it
    runs unless told otherwise (``--logfile``)."""
    with open(casa_config, encoding="utf-8") as f:
        text = "".join(line for line in f if not line.startswith("logfile"))
    user_config = tmp_path / "casa-user-config.py"
    user_config.write_text(text)
    launcher = tmp_path / "bin" / "casa"
    launcher.parent.mkdir()
    launcher.write_text(f'#!/bin/sh\nCASASITECONFIG={user_config} exec {sys.executable} -m casashell --nologger '
                        '--nogui --agg "$@"\n')  # fmt: skip
    launcher.chmod(0o755)
    return str(launcher)


@pytest.fixture
def header_reads(monkeypatch) -> list[str]:
    """The names of the files whose FITS header the image provenance reads (the real reader, counted), in order."""
    from qa2explorer.imaging import provenance

    read, real = [], provenance.read_header

    def counted(f):
        read.append(os.path.basename(f.name))
        return real(f)

    monkeypatch.setattr(provenance, "read_header", counted)
    return read
