"""Unpacking downloaded tarballs into one delivery tree: real tar files of a member merged into the shared
project / science goal / group folders, a second import that writes nothing, a cancelled import resumed, an
existing different file refused and an identical one skipped, hostile entries refused before writing, and the
space an import needs (the files not there yet) against what its target has free."""

import os
import tarfile

import pytest

from qa2explorer.download.contents import inspect
from qa2explorer.download.unpack import PARTIAL_SUFFIX, room, unpack
from qa2explorer.jobs import Cancelled, CancelToken, JobError, Reporter
from tests.archives import MEMBER, PROJECT, download_set, make_tar


def files_under(folder):
    return sorted(os.path.relpath(os.path.join(d, f), folder) for d, _, fs in os.walk(folder) for f in fs)


def archive_files(paths):
    names = []
    for p in paths:
        with tarfile.open(p) as tar:
            names += [m.name for m in tar.getmembers() if m.isfile()]
    return sorted(names)


def test_a_members_tarballs_merge_into_one_tree_whose_root_is_returned(tmp_path):
    paths = download_set(tmp_path / "dl")
    done = unpack(inspect([str(tmp_path / "dl")]), str(tmp_path / "out"))
    assert done.root == str(tmp_path / "out" / PROJECT)
    assert files_under(tmp_path / "out") == archive_files(paths.values())
    assert done.written == 9 and done.skipped == 0
    fits = tmp_path / "out" / MEMBER / "product" / os.listdir(tmp_path / "out" / MEMBER / "product")[0]
    assert fits.read_bytes() == bytes(range(256)) * 11 + bytes(range(256))[: 3000 - 2816]
    assert os.stat(fits).st_mtime == 1_600_000_000


def test_a_second_import_of_the_same_files_writes_nothing_and_duplicates_nothing(tmp_path):
    download_set(tmp_path)
    first = unpack(inspect([str(tmp_path)]), str(tmp_path))
    before = files_under(tmp_path)
    again = unpack(inspect([str(tmp_path)]), str(tmp_path))
    assert (again.written, again.skipped, again.skipped_bytes) == (0, first.written, first.written_bytes)
    assert files_under(tmp_path) == before


def test_a_cancelled_import_leaves_no_half_file_and_a_second_run_finishes_it(tmp_path):
    paths = download_set(tmp_path / "dl", product_bytes=6 << 20)  # a 6 MB product: several copies
    plan = inspect([str(tmp_path / "dl")])
    token = CancelToken()

    def sink(event):
        if event.progress and event.progress > 0.3:
            token.cancel()

    with pytest.raises(Cancelled):
        unpack(plan, str(tmp_path / "out"), token, Reporter(sink, token))
    half = files_under(tmp_path / "out")
    assert len(half) == 3  # the PPR, script and report before the product
    assert not any(f.endswith(PARTIAL_SUFFIX) for f in half)
    assert not any(f.endswith(".fits") for f in half)  # cancelled in its middle: removed, not left half written
    done = unpack(inspect([str(tmp_path / "dl")]), str(tmp_path / "out"))
    assert files_under(tmp_path / "out") == archive_files(paths.values())
    assert (done.skipped, done.written) == (3, 6)


def test_a_different_existing_file_is_refused_naming_it_and_nothing_is_overwritten(tmp_path):
    download_set(tmp_path)
    readme = tmp_path / MEMBER / "README"
    readme.parent.mkdir(parents=True)
    readme.write_text("my own notes")
    with pytest.raises(JobError, match=f"refused: {readme} exists and differs from the one in member_"):
        unpack(inspect([str(tmp_path)]), str(tmp_path))
    assert readme.read_text() == "my own notes"


def test_a_same_sized_different_file_is_refused_after_comparing_its_bytes(tmp_path):
    paths = download_set(tmp_path)
    with tarfile.open(paths["readme_tar"]) as tar:
        size = tar.getmembers()[0].size
    readme = tmp_path / MEMBER / "README"
    readme.parent.mkdir(parents=True)
    readme.write_bytes(b"y" * size)
    with pytest.raises(JobError, match="README exists and differs"):
        unpack(inspect([paths["readme_tar"]]), str(tmp_path))
    assert readme.read_bytes() == b"y" * size


def test_an_identical_file_already_there_is_skipped_even_with_another_time(tmp_path):
    paths = download_set(tmp_path)
    with tarfile.open(paths["readme_tar"]) as tar:
        data = tar.extractfile(tar.getmembers()[0]).read()
    readme = tmp_path / MEMBER / "README"
    readme.parent.mkdir(parents=True)
    readme.write_bytes(data)  # written now, not at the archive's time: its bytes are compared
    done = unpack(inspect([paths["readme_tar"]]), str(tmp_path))
    assert (done.written, done.skipped) == (0, 1)


def test_a_plan_with_a_problem_writes_nothing(tmp_path):
    paths = download_set(tmp_path / "dl")
    with open(paths["product_tar"], "rb") as f:
        (tmp_path / "dl" / "evil.tar").write_bytes(f.read(5000))
    with pytest.raises(JobError, match="not imported, evil.tar: truncated"):
        unpack(inspect([str(tmp_path / "dl")]), str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def link(name, target, kind=tarfile.SYMTYPE):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info


def device(name):
    info = tarfile.TarInfo(name)
    info.type = tarfile.CHRTYPE
    return info


@pytest.mark.parametrize(
    "entries, reason",
    [
        ([("/etc/evil", b"x")], "has an absolute path"),
        ([("p/../../evil", b"x")], "leads outside the folder"),
        ([link("p/l", "../../etc")], "points outside the archive"),
        ([link("p/h", "../x", tarfile.LNKTYPE)], "hard link 'p/h' points outside"),
        ([device("p/dev")], "is a device or FIFO"),
    ],
)
def test_hostile_entries_are_refused_before_anything_is_written(tmp_path, entries, reason):
    archive = make_tar(tmp_path / "dl" / "evil.tar", [("p/first.txt", b"ok"), *entries])
    with pytest.raises(JobError, match=reason):
        unpack(inspect([archive]), str(tmp_path / "out"))
    assert files_under(tmp_path) == ["dl/evil.tar"]


def test_a_link_unpacked_earlier_cannot_lead_a_later_entry_out(tmp_path):
    (tmp_path / "dl").mkdir()
    (tmp_path / "out").mkdir()
    first = make_tar(tmp_path / "dl" / "a.tar", [link("p/up", "..")])  # inside the archive: allowed
    second = make_tar(tmp_path / "dl" / "b.tar", [("p/up/../escaped.txt", b"x")])  # through it: outside
    with pytest.raises(JobError, match="leads outside"):
        unpack(inspect([first, second]), str(tmp_path / "out" / "t"))
    assert not (tmp_path / "out" / "escaped.txt").exists()


def test_an_archive_that_cannot_be_written_is_one_line(tmp_path):
    archive = make_tar(tmp_path / "a.tar", [("p/x.txt", b"x")])
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "p").write_text("a file where the archive has a folder")
    with pytest.raises(JobError, match="p exists and is not a folder"):
        unpack(inspect([archive]), str(tmp_path / "out"))


def test_compressed_tarballs_unpack_through_the_stream_and_truncation_is_one_line(tmp_path):
    mous = [("p/member.uid___A001_X1_X2/product/a.fits", bytes(range(256)) * 4000), ("p/b.txt", b"b")]
    archive = make_tar(tmp_path / "dl" / "x.tgz", mous, mode="w:gz")
    done = unpack(inspect([archive]), str(tmp_path / "out"))
    assert (tmp_path / "out" / mous[0][0]).read_bytes() == mous[0][1] and done.written == 2
    with open(archive, "rb") as f:
        (tmp_path / "cut" / "x.tgz").parent.mkdir()
        (tmp_path / "cut" / "x.tgz").write_bytes(f.read(os.path.getsize(archive) // 2))
    plan = inspect([str(tmp_path / "cut")])
    assert plan.problems == ["x.tgz: truncated: download it again"]


def test_a_clash_in_the_last_archive_is_refused_before_the_first_is_written(tmp_path):
    paths = download_set(tmp_path / "dl")
    readme = tmp_path / "out" / MEMBER / "README"  # its tarball comes after the product and auxiliary ones
    readme.parent.mkdir(parents=True)
    readme.write_text("my own notes")
    with pytest.raises(JobError, match="README exists and differs"):
        unpack(inspect(list(paths.values())), str(tmp_path / "out"))
    assert files_under(tmp_path / "out") == [f"{MEMBER}/README"]


def test_the_room_needed_is_the_files_not_there_yet_in_whole_blocks_measured_on_the_nearest_folder(tmp_path):
    download_set(tmp_path / "dl")
    plan = inspect([str(tmp_path / "dl")])
    sizes = [size for a in plan.archives for _, size in a.files]
    before = room(plan, str(tmp_path / "out" / "new"))
    assert before.where == str(tmp_path)  # the target does not exist yet
    assert before.needed == sum(-(-s // 4096) * 4096 for s in sizes) and before.fits
    unpack(plan, str(tmp_path / "out" / "new"))
    after = room(plan, str(tmp_path / "out" / "new"))
    assert (after.needed, after.where) == (0, str(tmp_path / "out" / "new"))
