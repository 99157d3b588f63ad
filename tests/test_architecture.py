"""The model stays free of Qt: the import-linter contracts in pyproject.toml hold, and cover new packages."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.first_frame import APP, APP_BUILT, child_env, launch

REPO = Path(__file__).resolve().parent.parent


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    if not Path(exe).exists():
        pytest.fail("import-linter is not installed (pip install -e '.[test]')")
    env = {"PATH": str(Path(sys.executable).parent), "PYTHONPATH": str(cwd)}
    return subprocess.run([exe, "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=300, env=env)


def test_import_contracts_hold():
    r = lint_imports(REPO)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Contracts: 3 kept, 0 broken." in r.stdout


@pytest.mark.parametrize(
    ("module", "code", "broken"),
    [
        ("newroom/__init__.py", "import PySide6.QtCore\n", "Qt and Qt-based packages"),
        ("imaging/quicklook.py", "from shiboken6 import isValid\n", "Qt and Qt-based packages"),
        ("newroom/__init__.py", "from qa2explorer.gui import main_window\n", "imported by the entry point only"),
        ("delivery/sneaky.py", "from ..gui.resources import named\n", "imported by the entry point only"),
    ],
)
def test_a_new_package_importing_qt_breaks_the_contract(tmp_path, module, code, broken):
    """A copy of the package with one new module: the contracts, unchanged, catch it."""
    shutil.copytree(REPO / "qa2explorer", tmp_path / "qa2explorer", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "qa2explorer" / module
    target.parent.mkdir(exist_ok=True)
    target.write_text(code)
    r = lint_imports(tmp_path)
    assert r.returncode != 0, r.stdout
    verdicts = [line for line in r.stdout.splitlines() if broken in line and ("KEPT" in line or "BROKEN" in line)]
    assert len(verdicts) == 1 and " BROKEN" in verdicts[0], r.stdout


def test_headless_commands_do_not_load_qt():
    code = (
        "import sys, qa2explorer.cli, qa2explorer.delivery.opening, qa2explorer.viewstate, "
        "qa2explorer.present.pages, qa2explorer.demo; print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert r.stdout.strip() == "False", r.stderr


# Loaded after the window's first frame (by a preview when first shown, the warm-up job, or the opening job):
# a top-level import of any of them in a module the window imports makes start-up slower again.
DEFERRED = (
    "numpy",
    "pypdfium2",
    "astropy",
    "matplotlib",
    "pyqtgraph",
    "PIL",
    "xml.etree",
    "qa2explorer.qa.pdf",  # the QA model: PDF text and pictures, weblog runs, scores
    "qa2explorer.qa.member_qa",
    "qa2explorer.qa.pipeline_run",
    "qa2explorer.restore",
    "qa2explorer.imaging",
    "qa2explorer.demo",
    "qa2explorer.cli",
    "qa2explorer.delivery.opening",  # the model of an opened delivery: loaded by the opening job
    "qa2explorer.delivery.overview",
    "qa2explorer.present.pages",
    "qa2explorer.gui.previews.folder_page",
    "qa2explorer.gui.restore_dock",
)


def test_the_window_paints_its_first_frame_before_the_deferred_modules_load(tmp_path):
    """The real entry point (`qa2explorer`, no path), run to its built window's first painted frame (tree,
    welcome page, menus): none of the deferred libraries or modules is loaded by then."""
    frame = launch(APP_BUILT, [], child_env(str(tmp_path)))
    loaded = sorted(m for m in frame.modules if any(m == d or m.startswith(d + ".") for d in DEFERRED))
    assert loaded == []
    assert "qa2explorer.gui.tree_panel" in frame.modules  # the window really was built


def test_the_window_frame_shows_before_the_window_is_built(tmp_path):
    """The window's first frame (title, icon, size) is painted before its parts are loaded: about when a bare
    PySide6 window's would be (``bench_startup.py``)."""
    frame = launch(APP, [], child_env(str(tmp_path)))
    parts = ("qa2explorer.gui.tree_panel", "qa2explorer.gui.preview_area", "qa2explorer.delivery", "PySide6.QtNetwork")
    assert sorted(m for m in frame.modules if m.startswith(parts)) == []
    assert "qa2explorer.gui.main_window" in frame.modules


def test_the_first_folder_page_needs_no_pdf_library():
    """The folder page loads on the UI thread when a delivery's first level is listed: its QA cards read the
    reports' PDFs (PDFium, numpy) in their job, so the page's module imports neither."""
    code = (
        "import sys, os; os.environ['QT_QPA_PLATFORM'] = 'offscreen'; import qa2explorer.gui.previews.folder_page; "
        "print(sorted(m for m in ('numpy', 'pypdfium2') if m in sys.modules))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert r.stdout.strip() == "[]", r.stdout + r.stderr


def test_the_first_picture_needs_no_plotting_or_astronomy_library(tmp_path):
    """`qa2explorer FILE` paints the first channel before pyqtgraph, astropy and matplotlib load (they cost
    about 1.5 s together): the viewer, its canvas and the plane's preparation import none of them."""
    import numpy as np
    from astropy.io import fits

    path = tmp_path / "cube.fits"
    fits.PrimaryHDU(np.ones((2, 6, 5), dtype=np.float32)).writeto(path)
    code = (
        "import sys, os; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from qa2explorer.gui.app import make_app\nfrom qa2explorer.gui.image_canvas import ImageCanvas\n"
        "import qa2explorer.gui.previews.image_view as v\napp = make_app()\n"
        f"opened = v.open_for_view({str(path)!r}, v.DisplaySettings())\n"
        "canvas = ImageCanvas(); canvas.show_plane(opened.first, None); canvas.grab()\n"
        "print(sorted(m for m in ('pyqtgraph', 'astropy', 'matplotlib') if m in sys.modules))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert r.stdout.strip().splitlines()[-1] == "[]", r.stdout + r.stderr
