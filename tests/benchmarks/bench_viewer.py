"""Viewer benchmark on ALMA-sized files it writes itself: a 2048 × 2048 × 256 float32 pbcor cube (4.3 GB) and
a gzipped 2048 × 2048 × 128 pb (2.1 GB inflated), by default; sizes by option.

    python tests/benchmarks/bench_viewer.py [--nx 2048] [--nchan 256] [--pb-chan 128] [--dir DIR] [--keep]
    python tests/benchmarks/bench_viewer.py --only fps [--frames 40] [--fps-nx 4096]

Each figure is printed beside its bound (a bare os.pread of the same bytes, gzip -dc of the same file) as a
ratio; "cold" runs first evict the file from the page cache (posix_fadvise DONTNEED). Needs about 7 GB of disk
at the default sizes; the files are deleted afterwards unless --keep. ``--only fps`` writes no file: it times
level drags on a 4096² image in the real image canvas (a Qt offscreen process, 1200 × 900), each level change
followed by a forced paint, against the previous way (float rescale to 8 bit, an RGBA array, its paint).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib

import numpy as np
from astropy.io import fits

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

from qa2explorer.imaging.fitsfile import ImageFile  # noqa: E402
from qa2explorer.imaging.gzcache import GzCache  # noqa: E402
from qa2explorer.imaging.levels import levels_for, scale_to_uint8  # noqa: E402
from qa2explorer.imaging.planes import DisplaySettings, prepare_plane  # noqa: E402


# ------------------------------------------------------------------------------------------ files
def header(nx: int, nchan: int, bunit: str) -> fits.Header:
    h = fits.Header()
    h["SIMPLE"], h["BITPIX"], h["NAXIS"] = True, -32, 4
    for i, n in enumerate((nx, nx, nchan, 1), start=1):
        h[f"NAXIS{i}"] = n
    h["BMAJ"], h["BMIN"], h["BPA"], h["BUNIT"] = 1.0 / 3600, 0.8 / 3600, 30.0, bunit
    for i, (ctype, crval, cdelt, crpix) in enumerate(
        [("RA---SIN", 170.0, -0.05 / 3600, nx / 2 + 1), ("DEC--SIN", 13.0, 0.05 / 3600, nx / 2 + 1),
         ("FREQ", 230e9, 488e3, 1.0), ("STOKES", 1.0, 1.0, 1.0)], start=1):  # fmt: skip
        h[f"CTYPE{i}"], h[f"CRVAL{i}"], h[f"CDELT{i}"], h[f"CRPIX{i}"] = ctype, crval, cdelt, crpix
    h["RESTFRQ"], h["SPECSYS"], h["RADESYS"] = 230.538e9, "LSRK", "ICRS"
    return h


def pb_plane(nx: int) -> np.ndarray:
    y, x = np.mgrid[:nx, :nx].astype(np.float32)
    r2 = ((x - nx / 2) ** 2 + (y - nx / 2) ** 2) / (nx / 3.2) ** 2
    pb = np.exp(-4 * np.log(2) * r2).astype(np.float32)
    pb[pb < 0.2] = np.nan
    return pb


def write_cube(path: str, nx: int, nchan: int) -> None:
    rng = np.random.default_rng(1)
    pb = pb_plane(nx)
    with open(path, "wb") as f:
        f.write(header(nx, nchan, "Jy/beam").tostring().encode())
        for _ in range(nchan):
            plane = rng.standard_normal((nx, nx), dtype=np.float32) * 1e-3 / np.nan_to_num(pb, nan=1.0)
            plane[np.isnan(pb)] = np.nan
            f.write(plane.astype(">f4").tobytes())
        f.write(b"\0" * (-f.tell() % 2880))


def write_pb_gz(path: str, nx: int, nchan: int, level: int) -> None:
    pb = pb_plane(nx).astype(">f4").tobytes()
    raw = header(nx, nchan, "").tostring().encode()
    with open(path, "wb") as out:
        comp = zlib.compressobj(level, zlib.DEFLATED, 31)
        out.write(comp.compress(raw))
        for _ in range(nchan):
            out.write(comp.compress(pb))
        out.write(comp.compress(b"\0" * (-(len(raw) + len(pb) * nchan) % 2880)))
        out.write(comp.flush())


def evict(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd) if os.access(path, os.W_OK) else None
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


# ------------------------------------------------------------------------------------------ timing
def timed(fn, repeat: int = 5, cold_path: str | None = None) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        if cold_path:
            evict(cold_path)
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


def bare_column(path: str, offset: int, step: int, n: int) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        for c in range(n):
            os.pread(fd, 4, offset + c * step)
    finally:
        os.close(fd)


def bare_plane(path: str, offset: int, size: int) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.pread(fd, size, offset)
    finally:
        os.close(fd)


CHILD = r"""
import os, sys, time, resource
t0 = float(os.environ["BENCH_T0"])
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from qa2explorer.gui.app import make_app
from qa2explorer.gui.main_window import MainWindow
app = make_app()
w = MainWindow(QSettings(os.environ["BENCH_SETTINGS"], QSettings.Format.IniFormat))
w.show()
w.open_path(sys.argv[1])
def painted():
    pv = w.preview.file_page.preview
    return getattr(pv, "view", None) is not None
while not painted():
    app.processEvents()
w.grab()  # the frame with the channel in it
print(time.time() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
w.shutdown()
"""


def window_first_channel(path: str, cold: bool, workdir: str) -> tuple[float, float]:
    if cold:
        evict(path)
    env = dict(os.environ, BENCH_T0=repr(time.time()), BENCH_SETTINGS=os.path.join(workdir, "s.ini"),
               QT_QPA_PLATFORM="offscreen", XDG_CACHE_HOME=os.path.join(workdir, "cache"))  # fmt: skip
    env["BENCH_T0"] = repr(time.time())
    out = subprocess.run([sys.executable, "-c", CHILD, path], env=env, capture_output=True, text=True, timeout=300)
    seconds, rss_mb = out.stdout.split()[-2:]
    return float(seconds), float(rss_mb)


FPS_CHILD = r"""
import json, os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
import numpy as np
from qa2explorer.gui.app import make_app
from qa2explorer.gui.image_canvas import ImageCanvas, pg
from qa2explorer.imaging.levels import scale_to_uint8
from qa2explorer.imaging.planes import DisplaySettings, colormap_lut, prepare_plane, relevel
from tests.benchmarks.bench_viewer import pb_plane

nx, frames = int(sys.argv[1]), int(sys.argv[2])
app = make_app()
rng = np.random.default_rng(3)
pb = pb_plane(nx)
data = rng.standard_normal((nx, nx), dtype=np.float32) * np.float32(1e-3) / np.nan_to_num(pb, nan=1.0)
y, x = np.ogrid[:nx, :nx]
data += (0.5 * np.exp(-((x - nx * 0.55) ** 2 + (y - nx * 0.45) ** 2) / (2 * (nx / 200) ** 2))).astype(np.float32)
data[np.isnan(pb)] = np.nan  # blank beyond pb 0.2, as a pbcor image; a source 500 × the noise
canvas = ImageCanvas()
canvas.resize(1200, 900)
canvas.show()
app.processEvents()
vb = canvas.plot.vb
out = {}
views = {kind: prepare_plane(None, DisplaySettings(stretch=kind), data=data) for kind in ("linear", "sqrt")}
for label, kind, zoom in (("new", "linear", "fit"), ("new", "sqrt", "fit"), ("new", "linear", "1:1"),
                          ("new", "linear", "1.9:1"), ("old", "linear", "fit"), ("old", "sqrt", "fit")):
    view = views[kind]
    canvas.show_plane(view, None)
    vb.setRange(xRange=(0, nx), yRange=(0, nx), padding=0.02)
    if zoom != "fit":  # image pixels per device pixel: 1, or just under 2 (the most the item gathers)
        half = vb.width() * float(zoom.split(":")[0]) / 2
        vb.setRange(xRange=(nx / 2 - half, nx / 2 + half), padding=0)
    canvas.grab()
    lo, hi = view.lo, view.hi
    his = hi * np.linspace(0.6, 1.6, frames)  # a drag of the high level
    per, tables, inexact = [], [], 0
    old_item = pg.ImageItem()  # the canvas's item before: RGBA arrays
    if label == "old":
        canvas.item.hide()
        canvas.plot.addItem(old_item)
    t0 = time.perf_counter()
    for h in his:
        t = time.perf_counter()
        if label == "new":  # what the viewer does on a drag: a table over the codes, then the paint
            settings = view.settings.with_(levels="manual", manual=(lo, float(h)))
            shown = relevel(view, settings, lo, float(h))
            tables.append(time.perf_counter() - t)
            inexact += not shown.exact
            canvas.show_plane(shown, None)
        else:  # before: the float plane rescaled to 8 bit (in a job), an RGBA array, set on the item
            image, blank = scale_to_uint8(data, lo, float(h), kind)
            rgba = colormap_lut("inferno")[image]
            rgba[blank] = 0
            old_item.setImage(rgba, autoLevels=False)
        canvas.grab()
        per.append(time.perf_counter() - t)
        if label == "old" and len(per) == max(3, frames // 8):  # slow: a few frames tell
            break
    out[f"{label} {kind} {zoom}"] = {"total": time.perf_counter() - t0, "per": per, "tables": tables,
                                     "inexact": inexact, "region": canvas.item.region}
    canvas.plot.removeItem(old_item)
    canvas.item.show()
print(json.dumps(out))
canvas.deleteLater()
app.processEvents()
"""


def level_drag_rows(nx: int, frames: int, repeat: int = 3) -> list[tuple[str, float, float, float | None]]:
    """Frames per second of level drags in the image canvas (a child process: Qt offscreen), over
    ``repeat`` runs (best / median), before and now, and the old per-step rescale alone."""
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=os.path.abspath(root))
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", FPS_CHILD, str(nx), str(frames)], env=env, capture_output=True,
                             text=True, timeout=900, cwd=root)  # fmt: skip
        if out.returncode:
            raise RuntimeError(out.stderr[-2000:])
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    rows = []
    big = np.random.default_rng(2).standard_normal((nx, nx)).astype(np.float32)
    levels = iter(np.linspace(0.5, 3.0, 40))
    rows.append((f"{nx}² level change, before: float rescale to 8 bit alone (a job)",
                 *timed(lambda: scale_to_uint8(big, -1.0, next(levels)), 8), None))  # fmt: skip
    for key in runs[0]:
        label, kind, zoom = key.split()
        fps = [len(r[key]["per"]) / r[key]["total"] for r in runs]
        per = [p for r in runs for p in r[key]["per"]]
        if label == "old":
            what = "before: rescale + RGBA + paint"
        else:
            x0, x1, y0, y1, step = runs[0][key]["region"]
            tables = min(p for r in runs for p in r[key]["tables"])
            what = (f"table ({tables * 1e3:.1f} ms) + {(x1 - x0) // step}×{(y1 - y0) // step} gather + paint, "
                    f"{runs[0][key]['inexact']}/{frames} coarse")  # fmt: skip
        rows.append((f"{nx}² drag, {kind}, {zoom}: {what}: {max(fps):.1f} / {statistics.median(fps):.1f} frames/s",
                     min(per), statistics.median(per), None))  # fmt: skip
    big[: nx // 8] = np.nan
    prepare_plane(None, DisplaySettings(), data=big[:8, :8])  # the colour map's first use imports matplotlib
    rows.append((f"{nx}² plane: 99.5 % levels + uint16 codes (once per plane, a job)",
                 *timed(lambda: prepare_plane(None, DisplaySettings(), data=big), 5), None))  # fmt: skip
    rows.append((f"{nx}² plane, before: 99.5 % levels + 8-bit scale",
                 *timed(lambda: scale_to_uint8(big, *levels_for(big, "99.5")), 5), None))  # fmt: skip
    return rows


def print_rows(rows) -> None:
    print(f"| {'step':<58} | {'best':>9} | {'median':>9} | {'bound':>9} | {'ratio':>6} |")
    print(f"|{'-' * 60}|{'-' * 11}|{'-' * 11}|{'-' * 11}|{'-' * 8}|")
    for name, best, median, bound in rows:
        ratio = f"{best / bound:.2f}" if bound else ""
        print(f"| {name:<58} | {_fmt(best):>9} | {_fmt(median):>9} | {_fmt(bound) if bound else '':>9} | "
              f"{ratio:>6} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nx", type=int, default=2048)
    parser.add_argument("--nchan", type=int, default=256)
    parser.add_argument("--pb-chan", type=int, default=128)
    parser.add_argument("--gzip-level", type=int, default=6)
    parser.add_argument("--dir", default=None, help="where to write the files (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--only", choices=["fps"], help="fps: only the level drags (no files written)")
    parser.add_argument("--frames", type=int, default=40, help="level changes per drag (--only fps)")
    parser.add_argument("--fps-nx", type=int, default=4096, help="image size of the level drags")
    args = parser.parse_args()
    if args.only == "fps":
        print_rows(level_drag_rows(args.fps_nx, args.frames))
        return
    work = tempfile.mkdtemp(prefix="qa2bench-", dir=args.dir)
    cube = os.path.join(work, "member.uid___A001_X1_X2.T_sci.spw17.cube.I.pbcor.fits")
    pbgz = os.path.join(work, "member.uid___A001_X1_X2.T_sci.spw17.cube.I.pb.fits.gz")
    try:
        t = time.perf_counter()
        write_cube(cube, args.nx, args.nchan)
        write_pb_gz(pbgz, args.nx, args.pb_chan, args.gzip_level)
        print(f"wrote {os.path.getsize(cube) / 1e9:.2f} GB cube and {os.path.getsize(pbgz) / 1e6:.0f} MB gzipped pb "
              f"({args.nx}² × {args.nchan} / × {args.pb_chan}) in {time.perf_counter() - t:.0f} s\n")  # fmt: skip
        print_rows(run_all(cube, pbgz, args, work))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def run_all(cube: str, pbgz: str, args, work: str) -> list[tuple[str, float, float, float | None]]:
    rows = []
    image = ImageFile(cube)
    lay = image.layout
    mid = lay.nchan // 2
    off = lay.plane_offset(mid)
    bound_cold = timed(lambda: bare_plane(cube, off, lay.plane_bytes), 3, cube)[0]
    bound_warm = timed(lambda: bare_plane(cube, off, lay.plane_bytes), 5)[0]
    rows.append(("channel read, cold (vs bare pread of the plane)",
                 *timed(lambda: image.plane(mid), 3, cube), bound_cold))  # fmt: skip
    settings = DisplaySettings(channel=mid)
    rows.append(("channel read + 99.5 % levels + uint16 codes, warm", *timed(lambda: prepare_plane(image, settings), 5),
                 bound_warm))  # fmt: skip
    chans = iter(range(1, lay.nchan))
    rows.append(("channel change (next channel, read+levels+codes), warm",
                 *timed(lambda: prepare_plane(image, DisplaySettings(channel=next(chans))), 8), None))  # fmt: skip
    step = lay.plane_bytes
    col = lay.data_offset + ((lay.ny // 2) * lay.nx + lay.nx // 2) * 4
    for cold in (True, False):
        tag = "cold" if cold else "warm"
        evicted = cube if cold else None
        bound = timed(lambda: bare_column(cube, col, step, lay.nchan), 3, evicted)[0]
        spectrum = timed(lambda: image.spectrum(lay.nx // 2, lay.ny // 2), 3, evicted)
        rows.append((f"spectrum, one pixel, {tag} (vs bare pread column)", *spectrum, bound))
    first = []

    def spectrum_first_partial():
        t = time.perf_counter()
        every = max(1, min(64, lay.nchan // 4))
        image.spectrum(lay.nx // 2 + 7, lay.ny // 2, partial_every=every,
                       on_partial=lambda v: first.append(time.perf_counter() - t) if not first else None)  # fmt: skip

    evict(cube)
    spectrum_first_partial()
    rows.append(("spectrum: first partial result (a quarter, ≤ 64 channels), cold", first[0], first[0], None))
    box = timed(lambda: image.spectrum(lay.nx // 2, lay.ny // 2, box=5), 3)
    rows_of_box = [col + dy * lay.nx * 4 for dy in range(5)]
    bare_box = timed(lambda: [bare_column(cube, o, step, lay.nchan) for o in rows_of_box], 3)[0]
    rows.append(("spectrum, 5 × 5 box, warm (vs 5 bare pread columns)", *box, bare_box))
    rows += level_drag_rows(args.fps_nx, args.frames)
    # gzipped pb
    gz = ImageFile(pbgz)
    rows.append(("gz pb: first channel streamed, cold", *timed(lambda: gz.plane(0), 3, pbgz), None))
    t = time.perf_counter()
    subprocess.run(f"gzip -dc '{pbgz}' > /dev/null", shell=True, check=True)
    gzip_dc = time.perf_counter() - t
    cache = GzCache(os.path.join(work, "cache"))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    inflated = cache.inflate(pbgz)
    inflate = time.perf_counter() - t
    rss = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    rows.append((f"gz pb: full inflation into the cache (vs gzip -dc); +{rss:.0f} MB RSS", inflate, inflate, gzip_dc))
    gz.inflated = inflated
    later = timed(lambda: gz.plane(args.pb_chan - 1), 3, inflated)
    rows.append(("gz pb: a later channel after inflation, cold", *later, None))
    # the whole application
    cold = [window_first_channel(cube, True, work) for _ in range(3)]
    warm = [window_first_channel(cube, False, work) for _ in range(3)]
    rows.append((f"qa2explorer FILE: start → first channel painted, cold ({max(r for _, r in cold):.0f} MB RSS)",
                 min(s for s, _ in cold), statistics.median(s for s, _ in cold), None))  # fmt: skip
    rows.append(("qa2explorer FILE: start → first channel painted, warm", min(s for s, _ in warm),
                 statistics.median(s for s, _ in warm), None))  # fmt: skip
    return rows


if __name__ == "__main__":
    main()
