"""Viewer benchmark on ALMA-sized files it writes itself: a 2048 × 2048 × 256 float32 pbcor cube (4.3 GB) and
a gzipped 2048 × 2048 × 128 pb (2.1 GB inflated, about 0.98 GB gzipped as a real one), by default; sizes by
option.

    python tests/benchmarks/bench_viewer.py [--nx 2048] [--nchan 256] [--pb-chan 128] [--gzip-level 6]
                                            [--only gz|fps] [--repeat 3] [--dir DIR] [--keep]

Each figure is printed beside its bound (a bare os.pread of the same bytes, gzip -dc of the same file) as a
ratio; "cold" runs first evict the file from the page cache (posix_fadvise DONTNEED). The gzip inflation is
timed against ``gzip -dc FILE > /dev/null`` and a bare zlib (and ISA-L) loop, each run in turn from a cold
file, ``--repeat`` times; the inflation into the cache runs in a fresh process, for its peak RSS. Needs about
10 GB of disk at the default sizes; the files are deleted afterwards unless --keep. ``--only fps`` writes no
file: it times level drags on a 4096² image in the real image canvas (a Qt offscreen process, 1200 × 900), each
level change followed by a forced paint, against the previous way (float rescale to 8 bit, an RGBA array, its
paint).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from collections import deque
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from astropy.io import fits

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

from qa2explorer.imaging.fitsfile import ImageFile  # noqa: E402
from qa2explorer.imaging.gzcache import inflate_fd  # noqa: E402
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
    """The pbcor cube's noise pattern (blank outside pb 0.2)."""
    y, x = np.mgrid[:nx, :nx].astype(np.float32)
    r2 = ((x - nx / 2) ** 2 + (y - nx / 2) ** 2) / (nx / 3.2) ** 2
    pb = np.exp(-4 * np.log(2) * r2).astype(np.float32)
    pb[pb < 0.2] = np.nan
    return pb


def pb_channel(nx: int, chan: int, cdelt: float = 488e3, freq0: float = 230e9) -> np.ndarray:
    """A channel of a real pb cube: a Gaussian whose width goes as 1/frequency (each channel differs), float32
    values with all their mantissa, blanked below 0.2 as the pipeline does, the field filling most of the image
    (so it gzips as real ones do: 2.1 GB to about 0.98 GB at 2048² × 128)."""
    y, x = np.ogrid[:nx, :nx]
    d2 = ((x - nx / 2) ** 2 + (y - nx / 2) ** 2).astype(np.float32)
    fwhm = nx / 1.68 * freq0 / (freq0 + chan * cdelt)
    pb = np.exp(d2 * np.float32(-4 * np.log(2) / fwhm**2), dtype=np.float32)
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
    """One gzip member (as gzip writes it), its planes compressed in parallel as pigz does: each plane a run of
    deflate blocks of its own, joined by full flushes, the CRC taken over the whole."""
    raw = header(nx, nchan, "").tostring().encode()
    pad = b"\0" * (-(len(raw) + nx * nx * 4 * nchan) % 2880)
    pieces = [lambda: raw] + [lambda c=c: pb_channel(nx, c).astype(">f4").tobytes() for c in range(nchan)]
    pieces.append(lambda: pad)

    def deflate(data: bytes, last: bool) -> bytes:
        comp = zlib.compressobj(level, zlib.DEFLATED, -15)
        return comp.compress(data) + comp.flush(zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH)

    workers = os.cpu_count() or 1
    crc = size = 0
    with open(path, "wb") as out, ThreadPoolExecutor(workers) as pool:
        out.write(b"\x1f\x8b\x08\x00\0\0\0\0\x00\x03")  # no name, no time, Unix
        pending: deque = deque()
        for i, make in enumerate(pieces):
            data = make()
            crc, size = zlib.crc32(data, crc), size + len(data)
            pending.append(pool.submit(deflate, data, i == len(pieces) - 1))
            while len(pending) > 2 * workers:
                out.write(pending.popleft().result())
        while pending:
            out.write(pending.popleft().result())
        out.write(struct.pack("<II", crc, size & 0xFFFFFFFF))


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
from PySide6.QtWidgets import QApplication


def exec_until_painted(app):  # the event loop of `qa2explorer FILE`, until the first channel is painted
    window = next(w for w in QApplication.topLevelWidgets() if type(w).__name__ == "MainWindow")
    while getattr(window.preview.file_page.preview, "view", None) is None:
        app.processEvents()
    window.grab()  # the frame with the channel in it
    print(time.time() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return 0


QApplication.exec = exec_until_painted
sys.argv = ["qa2explorer", sys.argv[1]]
from qa2explorer.main import main

main()
"""


def window_first_channel(path: str, cold: bool, workdir: str) -> tuple[float, float]:
    """``qa2explorer FILE`` (the real entry point, its event loop stopped at the first painted channel), from
    process start. Python's bytecode cache is allowed (as in any installed copy), warmed by a first run."""
    if cold:
        evict(path)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update({f"XDG_{kind.upper()}_HOME": os.path.join(workdir, kind) for kind in ("cache", "config", "state")})
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["BENCH_T0"] = repr(time.time())
    out = subprocess.run([sys.executable, "-c", CHILD, path], env=env, capture_output=True, text=True, timeout=300)
    seconds, rss_mb = out.stdout.split()[-2:]
    return float(seconds), float(rss_mb)


SELECT_CHILD = r"""
import os, sys, time
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from qa2explorer.gui.app import make_app
from qa2explorer.gui.main_window import MainWindow

app = make_app()
window = MainWindow(QSettings(os.path.join(sys.argv[2], "s.ini"), QSettings.Format.IniFormat))
window.show()
window.open_path(sys.argv[1])  # a FITS file outside a delivery: its folder opens, the file selected


def settle(seconds):
    end = time.time() + seconds
    while time.time() < end:
        app.processEvents()
        time.sleep(0.005)


settle(3)  # the running app: the cube shown once, the warm-up done
window.select_path(os.path.dirname(sys.argv[1]))  # then the user looks at something else
settle(1)
if os.environ.get("BENCH_COLD"):
    fd = os.open(sys.argv[1], os.O_RDONLY)
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    os.close(fd)
t = time.perf_counter()
window.select_path(sys.argv[1])
while getattr(window.preview.file_page.preview, "view", None) is None:
    app.processEvents()
window.grab()
print(time.perf_counter() - t)
window.shutdown()
"""


def select_first_channel(path: str, cold: bool, workdir: str) -> float:
    """In the running app (warmed up, the viewer made once, another item shown): selecting ``path`` until its
    first channel is painted."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update({f"XDG_{kind.upper()}_HOME": os.path.join(workdir, kind) for kind in ("cache", "config", "state")})
    env["QT_QPA_PLATFORM"] = "offscreen"
    if cold:
        env["BENCH_COLD"] = "1"
    out = subprocess.run([sys.executable, "-c", SELECT_CHILD, path, workdir], env=env, capture_output=True, text=True,
                         timeout=300)  # fmt: skip
    return float(out.stdout.split()[-1])


FPS_CHILD = r"""
import json, os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
import numpy as np
from qa2explorer.gui.app import make_app
from qa2explorer.gui.image_canvas import ImageCanvas
from qa2explorer.imaging.planes import DisplaySettings, prepare_plane, relevel
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
out = {}
views = {kind: prepare_plane(None, DisplaySettings(stretch=kind), data=data) for kind in ("linear", "sqrt")}
for label, kind, zoom in (("new", "linear", "fit"), ("new", "sqrt", "fit"), ("new", "linear", "1:1"),
                          ("new", "linear", "1.9:1")):
    view = views[kind]
    canvas.show_plane(view, None)
    canvas.fit()
    if zoom != "fit":  # image pixels per device pixel: 1, or just under 2 (the most the item gathers)
        half = canvas.viewport().width() * float(zoom.split(":")[0]) / 2
        canvas.set_view_range((nx / 2 - half, nx / 2 + half), (nx / 2 - half * 0.75, nx / 2 + half * 0.75))
    canvas.grab()
    lo, hi = view.lo, view.hi
    his = hi * np.linspace(0.6, 1.6, frames)  # a drag of the high level
    per, tables, inexact = [], [], 0
    t0 = time.perf_counter()
    for h in his:  # what the viewer does on a drag: a table over the codes, then the paint
        t = time.perf_counter()
        settings = view.settings.with_(levels="manual", manual=(lo, float(h)))
        shown = relevel(view, settings, lo, float(h))
        tables.append(time.perf_counter() - t)
        inexact += not shown.exact
        canvas.show_plane(shown, None)
        canvas.grab()
        per.append(time.perf_counter() - t)
    out[f"{label} {kind} {zoom}"] = {"total": time.perf_counter() - t0, "per": per, "tables": tables,
                                     "inexact": inexact, "region": canvas.item.region}
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
        _label, kind, zoom = key.split()
        fps = [len(r[key]["per"]) / r[key]["total"] for r in runs]
        per = [p for r in runs for p in r[key]["per"]]
        x0, x1, y0, y1, step = runs[0][key]["region"]
        tables = min(p for r in runs for p in r[key]["tables"])
        what = (f"table ({tables * 1e3:.1f} ms) + {(x1 - x0) // step}×{(y1 - y0) // step} gather + paint, "
                f"{runs[0][key]['inexact']}/{frames} coarse")  # fmt: skip
        rows.append((f"{nx}² drag, {kind}, {zoom}: {what}: {max(fps):.1f} / {statistics.median(fps):.1f} frames/s",
                     min(per), statistics.median(per), None))  # fmt: skip
    big[: nx // 8] = np.nan
    rows.append((f"{nx}² plane: 99.5 % levels + uint16 codes (once per plane, a job)",
                 *timed(lambda: prepare_plane(None, DisplaySettings(), data=big), 5), None))  # fmt: skip
    rows.append((f"{nx}² plane, before: 99.5 % levels + 8-bit scale",
                 *timed(lambda: scale_to_uint8(big, *levels_for(big, "99.5")), 5), None))  # fmt: skip
    return rows


def print_rows(rows) -> None:
    width = max(len(name) for name, *_ in rows)
    print(f"| {'step':<{width}} | {'best':>9} | {'median':>9} | {'bound':>9} | {'ratio':>6} |")
    print(f"|{'-' * (width + 2)}|{'-' * 11}|{'-' * 11}|{'-' * 11}|{'-' * 8}|")
    for name, best, median, bound in rows:
        ratio = f"{best / bound:.2f}" if bound else ""
        print(f"| {name:<{width}} | {_fmt(best):>9} | {_fmt(median):>9} | {_fmt(bound) if bound else '':>9} | "
              f"{ratio:>6} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nx", type=int, default=2048)
    parser.add_argument("--nchan", type=int, default=256)
    parser.add_argument("--pb-chan", type=int, default=128)
    parser.add_argument("--gzip-level", type=int, default=6)
    parser.add_argument("--only", choices=["all", "gz", "fps"], default="all",
                        help="gz: the gzipped pb only; fps: the level drags only (no files written)")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=3, help="runs of each gzip inflation")
    parser.add_argument("--dir", default=None, help="where to write the files (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true")
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
        if args.only == "all":
            write_cube(cube, args.nx, args.nchan)
            print(f"wrote {os.path.getsize(cube) / 1e9:.2f} GB cube ({args.nx}² × {args.nchan}) in "
                  f"{time.perf_counter() - t:.0f} s")  # fmt: skip
        t = time.perf_counter()
        write_pb_gz(pbgz, args.nx, args.pb_chan, args.gzip_level)
        inflated_size = len(header(args.nx, args.pb_chan, "").tostring()) + args.nx**2 * 4 * args.pb_chan
        inflated_size += -inflated_size % 2880
        print(f"wrote the gzipped pb ({args.nx}² × {args.pb_chan}, gzip level {args.gzip_level}): "
              f"{os.path.getsize(pbgz) / 1e6:.0f} MB for {inflated_size / 1e6:.0f} MB inflated, "
              f"in {time.perf_counter() - t:.0f} s\n")  # fmt: skip
        rows = run_all(cube, args, work) if args.only == "all" else []
        rows += run_gz(pbgz, args, work)
        print_rows(rows)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def run_all(cube: str, args, work: str) -> list[tuple[str, float, float, float | None]]:
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
    # the whole application
    window_first_channel(cube, False, work)  # compiles the bytecode cache
    cold = [window_first_channel(cube, True, work) for _ in range(5)]
    warm = [window_first_channel(cube, False, work) for _ in range(5)]
    rows.append((f"qa2explorer FILE: start → first channel painted, cold ({max(r for _, r in cold):.0f} MB RSS)",
                 min(s for s, _ in cold), statistics.median(s for s, _ in cold), None))  # fmt: skip
    rows.append(("qa2explorer FILE: start → first channel painted, warm", min(s for s, _ in warm),
                 statistics.median(s for s, _ in warm), None))  # fmt: skip
    for cold_read in (True, False):
        times = [select_first_channel(cube, cold_read, work) for _ in range(3)]
        rows.append((f"running app: select the cube → first channel painted, {'cold' if cold_read else 'warm'}",
                     min(times), statistics.median(times), None))  # fmt: skip
    return rows


INFLATE_CHILD = r"""
import json, resource, sys, time
def peak_mb():  # this process's own high-water mark (ru_maxrss keeps the parent's from before the exec)
    try:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
from qa2explorer.imaging.gzcache import GzCache
base = peak_mb()
t = time.perf_counter()
entry = GzCache(sys.argv[2]).inflate(sys.argv[1])
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "base_mb": base, "peak_mb": peak_mb(), "entry": entry}))
"""


def bare_inflate(path: str, lib) -> None:
    """The inflater alone: read, inflate, drop the output."""
    inflater = lib.decompressobj(wbits=31)
    with open(path, "rb", buffering=0) as f:
        while chunk := f.read(1 << 20):
            while chunk:
                inflater.decompress(chunk, 4 << 20)
                if inflater.eof:
                    chunk = inflater.unused_data
                    inflater = lib.decompressobj(wbits=31)
                else:
                    chunk = inflater.unconsumed_tail


def ours_to(path: str, out: str, to_disk: bool) -> None:
    src = os.open(path, os.O_RDONLY)
    dst = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        inflate_fd(src, dst, os.path.getsize(path), to_disk=to_disk)
    finally:
        os.close(src)
        os.close(dst)
    if out != os.devnull:
        os.remove(out)


def run_gz(pbgz: str, args, work: str) -> list[tuple[str, float, float, float | None]]:
    rows = []
    gz = ImageFile(pbgz)
    rows.append(("gz pb: first channel streamed, cold", *timed(lambda: gz.plane(0), 3, pbgz), None))
    cache_dir = os.path.join(work, "cache")
    env = dict(os.environ, PYTHONPATH=os.path.join(os.path.dirname(__file__), "..", ".."))
    child: list[dict] = []

    def into_cache() -> None:
        shutil.rmtree(cache_dir, ignore_errors=True)
        out = subprocess.run([sys.executable, "-c", INFLATE_CHILD, pbgz, cache_dir], env=env, check=True,
                             capture_output=True, text=True)  # fmt: skip
        child.append(json.loads(out.stdout))

    try:
        from isal import isal_zlib
    except ImportError:
        isal_zlib = None
    gzip_dc, null = "gzip -dc FILE > /dev/null", "our inflation → /dev/null (no write)"
    cache = "our inflation into the cache (fresh process)"
    steps = {
        gzip_dc: lambda: subprocess.run(f"gzip -dc '{pbgz}' > /dev/null", shell=True, check=True),
        "bare zlib inflate loop, output dropped": lambda: bare_inflate(pbgz, zlib),
        "bare ISA-L (isal) inflate loop, output dropped": lambda: bare_inflate(pbgz, isal_zlib),
        null: lambda: ours_to(pbgz, os.devnull, False),
        "our inflation → a file, no flush or page-cache drop": lambda: ours_to(pbgz, os.path.join(work, "x"), False),
        cache: into_cache,
    }
    if isal_zlib is None:
        del steps["bare ISA-L (isal) inflate loop, output dropped"]
    times: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(args.repeat):  # in turn, so that a noisy neighbour spreads over all of them
        for name, step in steps.items():
            evict(pbgz)
            t = time.perf_counter()
            step()
            times[name].append(child[-1]["seconds"] if name == cache else time.perf_counter() - t)
            os.sync()  # no step inherits another's dirty pages
    bound = min(times[gzip_dc])
    for name, seconds in times.items():
        label = name
        if name == cache:
            peak, base = max(c["peak_mb"] for c in child), max(c["base_mb"] for c in child)
            label = f"{name}, peak RSS {peak:.0f} MB ({peak - base:+.0f} MB over its imports)"
        rows.append((f"gz pb: {label}", min(seconds), statistics.median(seconds), None if name == gzip_dc else bound))
    ours = min(times[cache])
    inflated = os.path.getsize(child[-1]["entry"])
    verdict = "met" if bound / ours >= 1.5 else "NOT met"
    print(f"gz pb inflation into the cache: {inflated / ours / 1e6:.0f} MB/s, {bound / ours:.2f}× the throughput of "
          f"gzip -dc ({inflated / bound / 1e6:.0f} MB/s; target ≥ 1.5×: {verdict}); writing costs "
          f"{ours - min(times[null]):+.1f} s over inflating to /dev/null (best of {args.repeat} each)\n")  # fmt: skip
    gz.inflated = child[-1]["entry"]
    later = timed(lambda: gz.plane(args.pb_chan - 1), 3, gz.inflated)
    rows.append(("gz pb: a later channel after inflation, cold", *later, None))
    return rows


if __name__ == "__main__":
    main()
