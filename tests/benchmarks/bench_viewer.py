"""Viewer benchmark on ALMA-sized files it writes itself: a 2048 × 2048 × 256 float32 pbcor cube (4.3 GB) and
a gzipped 2048 × 2048 × 128 pb (2.1 GB inflated), by default; sizes by option.

    python tests/benchmarks/bench_viewer.py [--nx 2048] [--nchan 256] [--pb-chan 128] [--dir DIR] [--keep]

Each figure is printed beside its bound (a bare os.pread of the same bytes, gzip -dc of the same file) as a
ratio; "cold" runs first evict the file from the page cache (posix_fadvise DONTNEED). Needs about 7 GB of disk
at the default sizes; the files are deleted afterwards unless --keep.
"""

from __future__ import annotations

import argparse
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
from qa2explorer.imaging.levels import scale_to_uint8  # noqa: E402
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nx", type=int, default=2048)
    parser.add_argument("--nchan", type=int, default=256)
    parser.add_argument("--pb-chan", type=int, default=128)
    parser.add_argument("--gzip-level", type=int, default=6)
    parser.add_argument("--dir", default=None, help="where to write the files (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="qa2bench-", dir=args.dir)
    cube = os.path.join(work, "member.uid___A001_X1_X2.T_sci.spw17.cube.I.pbcor.fits")
    pbgz = os.path.join(work, "member.uid___A001_X1_X2.T_sci.spw17.cube.I.pb.fits.gz")
    try:
        t = time.perf_counter()
        write_cube(cube, args.nx, args.nchan)
        write_pb_gz(pbgz, args.nx, args.pb_chan, args.gzip_level)
        print(f"wrote {os.path.getsize(cube) / 1e9:.2f} GB cube and {os.path.getsize(pbgz) / 1e6:.0f} MB gzipped pb "
              f"({args.nx}² × {args.nchan} / × {args.pb_chan}) in {time.perf_counter() - t:.0f} s\n")  # fmt: skip
        rows = run_all(cube, pbgz, args, work)
        print(f"| {'step':<58} | {'best':>9} | {'median':>9} | {'bound':>9} | {'ratio':>6} |")
        print(f"|{'-' * 60}|{'-' * 11}|{'-' * 11}|{'-' * 11}|{'-' * 8}|")
        for name, best, median, bound in rows:
            ratio = f"{best / bound:.2f}" if bound else ""
            print(f"| {name:<58} | {_fmt(best):>9} | {_fmt(median):>9} | {_fmt(bound) if bound else '':>9} | "
                  f"{ratio:>6} |")  # fmt: skip
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
    rows.append(("channel read + 99.5 % levels + 8-bit scale, warm", *timed(lambda: prepare_plane(image, settings), 5),
                 bound_warm))  # fmt: skip
    chans = iter(range(1, lay.nchan))
    rows.append(("channel change (next channel, read+levels+scale), warm",
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
    big = np.random.default_rng(2).standard_normal((4096, 4096)).astype(np.float32)
    levels = iter(np.linspace(0.5, 3.0, 40))
    rows.append(("4096² level change: rescale to 8 bit (frames/s = 1/time)",
                 *timed(lambda: scale_to_uint8(big, -1.0, next(levels)), 8), None))  # fmt: skip
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
