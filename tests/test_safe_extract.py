"""Unpacking archives that cannot be trusted: real tar files built here, hostile ones included (traversal,
absolute paths, symbolic and hard links out, a device, a decompression bomb, a truncated download); each refused
with one line and nothing written, a good one unpacked whole."""

import gzip
import os
import tarfile
from pathlib import Path

import pytest

from qa2explorer.jobs import Cancelled, CancelToken, JobError
from qa2explorer.qa.safe_extract import extract
from tests.archives import make_tar


def build(path, entries, mode="w:gz"):
    """A tar file of ``entries``: (name, bytes) for files, or ready TarInfo objects."""
    return make_tar(path, entries, mode)


def link(name, target, kind=tarfile.SYMTYPE):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info


def test_a_weblog_like_archive_is_unpacked_whole(tmp_path):
    archive = build(tmp_path / "w.tgz", [("pipeline-1/html/index.html", b"<html>"), ("pipeline-1/html/t1-4.html", b"x"),
                                         link("pipeline-1/html/latest", "t1-4.html")])  # fmt: skip
    out = extract(archive, str(tmp_path / "out"))
    assert Path(out, "pipeline-1/html/index.html").read_bytes() == b"<html>"
    assert os.readlink(os.path.join(out, "pipeline-1/html/latest")) == "t1-4.html"
    assert sorted(os.listdir(tmp_path)) == ["out", "w.tgz"]  # no partial folder left


@pytest.mark.parametrize(
    ("entries", "says"),
    [
        ([("../evil.txt", b"x")], "leads outside"),
        ([("a/../../evil.txt", b"x")], "leads outside"),
        ([("/tmp/evil.txt", b"x")], "absolute path"),
        ([link("html/passwd", "/etc/passwd")], "points outside"),
        ([link("html/up", "../../outside")], "points outside"),
        ([link("html/hard", "../../etc/passwd", tarfile.LNKTYPE)], "hard link"),
        ([tarfile.TarInfo("dev"), link("dev/null", "", tarfile.CHRTYPE)], "device or FIFO"),
        ([link("fifo", "", tarfile.FIFOTYPE)], "device or FIFO"),
    ],
)
def test_hostile_entries_are_refused_and_nothing_is_written(tmp_path, entries, says):
    archive = build(tmp_path / "bad.tgz", [("ok.txt", b"fine"), *entries])
    with pytest.raises(JobError, match=says):
        extract(archive, str(tmp_path / "out"))
    assert sorted(os.listdir(tmp_path)) == ["bad.tgz"]  # not even the harmless entry before it


def test_a_decompression_bomb_is_refused_before_it_is_inflated_to_disk(tmp_path):
    archive = build(tmp_path / "bomb.tgz", [("zeros.bin", bytes(32 * 1024 * 1024))])
    assert os.path.getsize(archive) < 100_000  # 32 MB of zeros in under 0.1 MB
    with pytest.raises(JobError, match="decompression bomb"):
        extract(archive, str(tmp_path / "out"), max_bytes=8 * 1024 * 1024)
    assert sorted(os.listdir(tmp_path)) == ["bomb.tgz"]
    with pytest.raises(JobError, match="more than the 2 allowed"):
        extract(build(tmp_path / "many.tgz", [(f"f{i}", b"") for i in range(3)]), str(tmp_path / "o"), max_entries=2)


def test_truncated_and_not_archives_say_so(tmp_path):
    whole = build(tmp_path / "w.tgz", [(f"p/f{i}.html", os.urandom(50_000)) for i in range(10)])
    cut = tmp_path / "cut.tgz"
    cut.write_bytes(Path(whole).read_bytes()[:200_000])
    with pytest.raises(JobError, match="cannot unpack cut.tgz: truncated"):
        extract(str(cut), str(tmp_path / "out"))
    html = tmp_path / "error.tgz"  # what a failed download saves under the archive's name
    html.write_bytes(b"<html><body>503 Service Unavailable</body></html>")
    with pytest.raises(JobError, match="cannot unpack error.tgz"):
        extract(str(html), str(tmp_path / "out"))
    assert sorted(os.listdir(tmp_path)) == ["cut.tgz", "error.tgz", "w.tgz"]
    gz = tmp_path / "plain.gz"
    gz.write_bytes(gzip.compress(b"not a tar"))
    with pytest.raises(JobError, match="cannot unpack plain.gz"):
        extract(str(gz), str(tmp_path / "out"))


def test_a_cancel_leaves_nothing(tmp_path):
    archive = build(tmp_path / "w.tgz", [("a.txt", b"a"), ("b.txt", b"b")])
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        extract(archive, str(tmp_path / "out"), token)
    assert sorted(os.listdir(tmp_path)) == ["w.tgz"]


@pytest.mark.parametrize("mode", ["w:gz", "w:", "w:bz2", "w:xz"])
def test_gzip_plain_bzip2_and_xz_archives_are_unpacked(tmp_path, mode):
    entries = [("pipeline-1/html/index.html", b"<html>"), ("pipeline-1/html/a.log", b"x"),
               link("pipeline-1/html/home.html", "pipeline-1/html/index.html", tarfile.LNKTYPE)]  # fmt: skip
    out = extract(build(tmp_path / "w.tar", entries, mode), str(tmp_path / "out"))
    assert Path(out, "pipeline-1/html/index.html").read_bytes() == b"<html>"
    assert Path(out, "pipeline-1/html/home.html").read_bytes() == b"<html>"  # a hard link inside the archive


def test_what_is_not_an_archive_is_said_in_one_line(tmp_path):
    for name, data in [("page.tgz", b"<html>503</html>"), ("empty.tgz", b""), ("gz.tgz", gzip.compress(b"x" * 5000))]:
        (tmp_path / name).write_bytes(data)
        with pytest.raises(JobError) as exc:
            extract(str(tmp_path / name), str(tmp_path / "out"))
        assert str(exc.value).startswith(f"cannot unpack {name}: ") and "\n" not in str(exc.value), exc.value
