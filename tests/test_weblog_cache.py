"""The weblog cache: real weblog archives built here, unpacked once into the (test's own) user cache and reused,
unpacked again when the archive changed, hostile or truncated ones refused with nothing left behind, the page
to open found for pipeline and manual weblogs, and the cache kept to its bound."""

import os
import time
from pathlib import Path

import pytest

from qa2explorer.jobs import Cancelled, CancelToken, JobError
from qa2explorer.qa import weblog
from tests.archives import make_tgz

PIPELINE = "pipeline-20240110T091200/html"


def pipeline_weblog(path, extra: dict[str, bytes] | None = None) -> str:
    files = {f"{PIPELINE}/index.html": b"<html>home</html>", f"{PIPELINE}/t1-1.html": b"<html>t1-1</html>",
             f"{PIPELINE}/t1-4.html": b"<html>by task</html>", f"{PIPELINE}/stage1/casapy.log": b"INFO\n"}  # fmt: skip
    return make_tgz(path, {**files, **(extra or {})})


def cache_root(tmp_path) -> str:
    return str(tmp_path / "cache" / "weblogs")


def test_the_cache_lives_in_the_users_cache_folder(tmp_path):
    assert weblog.cache_root() == os.path.join(str(tmp_path / "cache"), "qa2explorer", "weblogs")  # XDG, per test


def test_unpacked_once_then_reused_without_unpacking(tmp_path):
    archive = pipeline_weblog(tmp_path / "m.hifa_calimage.weblog.tgz")
    folder = weblog.unpack(archive)
    assert folder.startswith(weblog.cache_root())
    assert Path(folder, PIPELINE, "index.html").read_bytes() == b"<html>home</html>"
    sentinel = Path(folder, "sentinel")  # a second unpacking would replace the folder, and so lose this file
    sentinel.write_text("kept")
    index_mtime = os.stat(Path(folder, PIPELINE, "index.html")).st_mtime_ns
    assert weblog.unpack(archive) == folder
    assert sentinel.read_text() == "kept"
    assert os.stat(Path(folder, PIPELINE, "index.html")).st_mtime_ns == index_mtime
    assert weblog.cached(archive) == folder


def test_a_changed_archive_is_unpacked_again(tmp_path):
    archive = pipeline_weblog(tmp_path / "w.weblog.tgz")
    first = weblog.unpack(archive)
    pipeline_weblog(archive, {f"{PIPELINE}/t1-1.html": b"<html>new run</html>"})
    os.utime(archive, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert weblog.cached(archive) is None
    second = weblog.unpack(archive)
    assert second != first
    assert Path(second, PIPELINE, "t1-1.html").read_bytes() == b"<html>new run</html>"


@pytest.mark.parametrize("hostile", ["traversal", "truncated", "not-a-tar"])
def test_refused_and_damaged_archives_leave_nothing_in_the_cache(tmp_path, hostile):
    path = tmp_path / "bad.weblog.tgz"
    if hostile == "traversal":
        pipeline_weblog(path, {"../../escape.html": b"x"})
        says = "refused: the entry '../../escape.html' leads outside"
    elif hostile == "truncated":
        whole = pipeline_weblog(tmp_path / "whole.tgz", {f"{PIPELINE}/p{i}.png": os.urandom(40_000) for i in range(8)})
        path.write_bytes(Path(whole).read_bytes()[:150_000])
        says = "cannot unpack bad.weblog.tgz: truncated"
    else:
        path.write_bytes(b"<html>503 Service Unavailable</html>")
        says = "cannot unpack bad.weblog.tgz: not a tar archive"
    with pytest.raises(JobError, match=says) as exc:
        weblog.unpack(str(path))
    assert "\n" not in str(exc.value)
    root = weblog.cache_root()
    assert not os.path.exists(root) or os.listdir(root) == []
    assert not (tmp_path / "escape.html").exists()


def test_a_cancelled_unpacking_leaves_nothing(tmp_path):
    archive = pipeline_weblog(tmp_path / "w.weblog.tgz")
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        weblog.unpack(archive, token)
    assert os.listdir(weblog.cache_root()) == []


def test_entry_pages_of_pipeline_manual_and_other_weblogs(tmp_path):
    def page(files):
        folder = tmp_path / f"w{len(os.listdir(tmp_path))}"
        for name, data in files.items():
            Path(folder, name).parent.mkdir(parents=True, exist_ok=True)
            Path(folder, name).write_bytes(data)
        return weblog.entry_page(str(folder), "x.weblog.tgz")

    assert page({f"{PIPELINE}/index.html": b"", f"{PIPELINE}/t1-1.html": b""}) == f"{PIPELINE}/index.html"
    assert page({f"{PIPELINE}/t1-1.html": b"", f"{PIPELINE}/t1-4.html": b""}) == f"{PIPELINE}/t1-1.html"
    assert (page({"pipeline-20230101T000000/html/index.html": b"", f"{PIPELINE}/index.html": b""})
            == f"{PIPELINE}/index.html")  # the latest run  # fmt: skip
    assert page({"manual-20240108T140455/html/index.html": b"", "manual-20240108T140455/html/a.py": b""}) == (
        "manual-20240108T140455/html/index.html"
    )
    assert page({"notes/readme.txt": b"", "report.html": b"", "z/deeper/page.html": b""}) == "report.html"
    with pytest.raises(JobError, match=r"^no index.html in x.weblog.tgz"):
        page({"pipeline-1/html/stage1/casapy.log": b"", "pipeline-1/html/plot.png": b""})


def test_a_weblog_without_a_page_says_so_after_unpacking(tmp_path):
    archive = make_tgz(tmp_path / "empty.weblog.tgz", {"pipeline-1/html/casapy.log": b"INFO"})
    folder = weblog.unpack(archive)
    with pytest.raises(JobError, match="no index.html in empty.weblog.tgz"):
        weblog.entry_page(folder, "empty.weblog.tgz")


def test_the_cache_keeps_the_most_recent_weblogs_within_its_bound(tmp_path):
    root = cache_root(tmp_path)
    folders = []
    for i in range(4):
        archive = pipeline_weblog(tmp_path / f"m{i}.weblog.tgz", {f"{PIPELINE}/big.png": os.urandom(100_000)})
        folders.append(weblog.unpack(archive, root=root))
        os.utime(folders[-1] + ".info.json", (1000 + i, 1000 + i))  # used in this order, oldest first
    listed = weblog.entries(root)
    assert [e.folder for e in listed] == folders[::-1]
    assert all(e.size >= 100_000 for e in listed) and listed[0].archive.endswith("m3.weblog.tgz")
    removed = weblog.trim(root, keep=2)
    assert [e.folder for e in removed] == [folders[1], folders[0]]
    assert [e.folder for e in weblog.entries(root)] == [folders[3], folders[2]]
    assert not os.path.exists(folders[0]) and not os.path.exists(folders[0] + ".info.json")
    weblog.trim(root, max_bytes=150_000)  # one weblog's worth: the most recent stays
    assert [e.folder for e in weblog.entries(root)] == [folders[3]]


def test_unpacking_trims_the_cache_but_never_what_it_just_unpacked(tmp_path, monkeypatch):
    monkeypatch.setattr(weblog, "KEEP_ENTRIES", 1)
    a = weblog.unpack(pipeline_weblog(tmp_path / "a.weblog.tgz"))
    future = time.time() + 3600
    os.utime(a + ".info.json", (future, future))  # a looks more recent than b will, but b is the one just unpacked
    b = weblog.unpack(pipeline_weblog(tmp_path / "b.weblog.tgz"))
    assert [e.folder for e in weblog.entries()] == [b]
    assert not os.path.exists(a)
