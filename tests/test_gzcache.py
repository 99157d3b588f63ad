"""The gzip cache's inflation: both inflaters (ISA-L's when installed, zlib's), member and chunk boundaries,
bounded memory whatever the compression ratio, cancelling mid-file, and errors from either thread."""

import gzip
import os
import struct
import threading
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest

from qa2explorer.imaging import gzcache
from qa2explorer.imaging.gzcache import GzCache, inflate_fd
from qa2explorer.jobs import Cancelled, JobError

DATA = os.path.join(os.path.dirname(__file__), "data", "fits")
PERPLANE = os.path.join(DATA, "small_perplanebeam.fits")


def _isal():
    try:
        from isal import isal_zlib
    except ImportError:
        pytest.skip("isal is not installed")
    return isal_zlib


@pytest.fixture(params=["zlib", "isal"])
def lib(request, monkeypatch):
    """Each test runs with each inflater as the cache's own."""
    module = zlib if request.param == "zlib" else _isal()
    monkeypatch.setattr(gzcache, "_LIB", module)
    return module


def writers_left() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "gzcache-writer"]


def single_member_gz(path, zero_blocks: int, block: int = 16 << 20) -> int:
    """One gzip member of ``zero_blocks`` × ``block`` zero bytes, made as pigz does (independently compressed
    blocks joined by full flushes) so that it costs one compression of one block; returns the inflated size."""
    zeros = bytes(block)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(zero_blocks):
        crc = zlib.crc32(zeros, crc)
    size = zero_blocks * block
    with open(path, "wb") as f:
        f.write(b"\x1f\x8b\x08\x00\0\0\0\0\x00\x03")
        for _ in range(zero_blocks):
            f.write(deflated)
        f.write(zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH))  # the final (empty) block
        f.write(struct.pack("<II", crc, size & 0xFFFFFFFF))
    return size


def test_multi_member_files_inflate_exactly_at_any_chunk_and_piece_size(tmp_path, lib, monkeypatch):
    raw = Path(PERPLANE).read_bytes()
    last = len(raw) - 5 * 2880  # the last member inflates to whole pieces of 2880 or 5760 bytes
    assert last > 10_000
    parts = [raw[:1000], raw[1000:1001], raw[1001:10_000], b"", raw[10_000:last], raw[last:]]
    gz = tmp_path / "cube.fits.gz"
    gz.write_bytes(b"".join(gzip.compress(p, compresslevel=1 + i) for i, p in enumerate(parts)))
    for read_chunk, piece in [(7, 5), (1 << 10, 3), (13, 1 << 20), (1 << 20, 4096), (1 << 20, 2880), (50, 5760)]:
        monkeypatch.setattr(gzcache, "READ_CHUNK", read_chunk)
        monkeypatch.setattr(gzcache, "PIECE", piece)
        monkeypatch.setattr(gzcache, "FLUSH_EVERY", 10_000)  # flushes and page-cache drops along the way too
        cache = GzCache(str(tmp_path / f"cache{read_chunk}-{piece}"))
        seen: list[tuple[int, int]] = []
        entry = cache.inflate(str(gz), on_progress=lambda done, total, seen=seen: seen.append((done, total)))
        assert Path(entry).read_bytes() == raw, (read_chunk, piece)
        assert seen[-1] == (gz.stat().st_size,) * 2 and seen == sorted(seen)
    assert writers_left() == []


def test_damaged_and_truncated_files_fail_clearly_with_either_inflater(tmp_path, lib, monkeypatch):
    monkeypatch.setattr(gzcache, "PIECE", 4096)  # the error comes after many pieces went to the writer
    data = gzip.compress(Path(PERPLANE).read_bytes())
    cache = GzCache(str(tmp_path / "cache"))
    for name, content, message in [
        ("truncated", data[: len(data) // 2], "truncated"),
        ("corrupt", data[: len(data) // 2] + bytes(200) + data[len(data) // 2 + 200 :], "damaged"),
        ("checksum", data[:-8] + bytes(4) + data[-4:], "damaged"),
        ("trailing", data + b"this is not a gzip member", "damaged"),
    ]:
        gz = tmp_path / f"{name}.fits.gz"
        gz.write_bytes(content)
        with pytest.raises(JobError, match=message):
            cache.inflate(str(gz))
    assert os.listdir(tmp_path / "cache") == [] and writers_left() == []


def test_memory_stays_bounded_for_a_highly_compressible_file(tmp_path, lib):
    """1 GB of zeros gzips to about 1 MB: inflating it must not hold it in memory (a gzip bomb is no threat)."""
    gz = tmp_path / "zeros.gz"
    size = single_member_gz(gz, 64)
    assert gz.stat().st_size < 2 << 20  # within one or two reads
    src = os.open(gz, os.O_RDONLY)
    dst = os.open(os.devnull, os.O_WRONLY)
    tracemalloc.start()
    try:
        written = inflate_fd(src, dst, gz.stat().st_size, to_disk=False)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        os.close(src)
        os.close(dst)
    assert written == size
    assert peak < 100e6, f"{peak / 1e6:.0f} MB held at once"


def test_cancel_stops_mid_file_at_once_and_leaves_nothing(tmp_path, lib, monkeypatch):
    gz = tmp_path / "zeros.fits.gz"
    single_member_gz(gz, 64)  # 1 GB inflated, nearly all of it from the first read
    writes = []

    def slow_disk(fd, data):  # the inflater gets ahead and fills the queue
        time.sleep(0.02)
        writes.append(time.perf_counter())

    monkeypatch.setattr(gzcache, "_write_all", slow_disk)
    asked = []

    def should_stop():
        asked.append(time.perf_counter())
        return len(asked) > 2 * gzcache.QUEUED_PIECES  # mid-file, with a full queue

    cache = GzCache(str(tmp_path / "cache"))
    with pytest.raises(Cancelled):
        cache.inflate(str(gz), should_stop=should_stop)
    stopped = time.perf_counter() - asked[-1]
    # Not the whole gigabyte: nothing is written that was inflated after the stop was asked for (a count, not a
    # time, so that a loaded machine cannot turn it red), and the queued pieces are dropped, not written.
    assert len(writes) <= len(asked) == 2 * gzcache.QUEUED_PIECES + 1
    assert len([t for t in writes if t > asked[-1]]) <= 1
    assert stopped < 5.0, f"{stopped:.2f} s from the request to the stop: it hangs"  # with 8 queued 20-ms writes
    assert os.listdir(tmp_path / "cache") == [] and writers_left() == []


class HoardingInflater:
    """An inflater as the zlib interface allows: it takes all its input at once and hands out the output in
    pieces, its unconsumed tail always empty."""

    error = zlib.error

    def decompressobj(self, wbits):
        return self

    def __init__(self):
        self.inner, self.pending, self.eof, self.unused_data, self.unconsumed_tail = None, b"", False, b"", b""

    def decompress(self, data, max_length=0):
        if self.inner is None or self.eof:
            self.inner, self.pending, self.eof = zlib.decompressobj(wbits=31), b"", False
        self.pending += self.inner.decompress(data)
        piece, self.pending = self.pending[:max_length], self.pending[max_length:]
        self.eof = self.inner.eof and not self.pending
        self.unused_data = self.inner.unused_data if self.eof else b""
        return piece


def test_output_an_inflater_holds_back_is_not_lost(tmp_path, monkeypatch):
    raw = Path(PERPLANE).read_bytes()
    gz = tmp_path / "cube.fits.gz"
    gz.write_bytes(gzip.compress(raw[:5000]) + gzip.compress(raw[5000:]))
    monkeypatch.setattr(gzcache, "PIECE", 1000)
    out = tmp_path / "out"
    src, dst = os.open(gz, os.O_RDONLY), os.open(out, os.O_WRONLY | os.O_CREAT)
    try:
        inflate_fd(src, dst, gz.stat().st_size, lib=HoardingInflater())
    finally:
        os.close(src)
        os.close(dst)
    assert out.read_bytes() == raw


def test_a_write_error_in_the_writer_thread_reaches_the_caller(tmp_path, lib, monkeypatch):
    monkeypatch.setattr(gzcache, "PIECE", 4096)
    gz = tmp_path / "cube.fits.gz"
    gz.write_bytes(gzip.compress(Path(PERPLANE).read_bytes()))
    calls = []

    def disk_full(fd, data):
        calls.append(len(data))
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        os.write(fd, data)

    monkeypatch.setattr(gzcache, "_write_all", disk_full)
    cache = GzCache(str(tmp_path / "cache"))
    with pytest.raises(JobError, match="Cannot write the inflated file into the cache: .*No space left"):
        cache.inflate(str(gz))
    assert len(calls) == 3  # nothing written after the error
    assert os.listdir(tmp_path / "cache") == [] and writers_left() == []
    monkeypatch.undo()
    assert Path(cache.inflate(str(gz))).read_bytes() == Path(PERPLANE).read_bytes()  # and it works again
