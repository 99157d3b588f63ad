"""Finding the delivery around any path, and listing trees that fight back."""

import os
import tempfile

import pytest

from qa2explorer.delivery.locate import NotADelivery, locate
from qa2explorer.delivery.opening import load
from qa2explorer.delivery.scan import Cancelled, measure, scan
from tests import seed_trees
from tests.helpers import unreadable, world_readable_copy
from tests.trees import build

PROJECT = "2019.1.01056.S"
SG = f"{PROJECT}/science_goal.uid___A001_X1465_X1b46"
GROUP = f"{SG}/group.uid___A001_X1465_X1b47"
MEMBER = f"{GROUP}/member.uid___A001_X1465_X1b48"


@pytest.fixture
def c7(tmp_path):
    build(tmp_path, seed_trees.cycle7_pipeline())
    return tmp_path


@pytest.mark.parametrize("level", [PROJECT, SG, GROUP, MEMBER, f"{MEMBER}/product", f"{MEMBER}/raw"])
def test_any_level_opens_the_whole_project(c7, level):
    loc = locate(str(c7 / level))
    assert loc.root == str(c7 / PROJECT)
    assert loc.focus == str(c7 / level)
    assert loc.members == [str(c7 / MEMBER)]


def test_a_file_inside_opens_its_delivery(c7):
    f = c7 / MEMBER / "script" / "member.uid___A001_X1465_X1b48.scriptForPI.py"
    loc = locate(str(f))
    assert loc.root == str(c7 / PROJECT) and loc.focus == str(f)


def test_folder_of_several_projects(tmp_path):
    build(tmp_path / "alma", seed_trees.cycle7_pipeline() + seed_trees.cycle7_polarisation())
    (tmp_path / "alma" / "notes.txt").write_text("my notes")
    (tmp_path / "alma" / "unrelated" / "deep").mkdir(parents=True)
    loaded = load(str(tmp_path / "alma"))
    assert loaded.location.root == str(tmp_path / "alma")
    assert [m.project for m in loaded.summary.members] == ["2019.1.01056.S", "2019.1.01482.T"]
    assert loaded.root.role == "root"
    unrelated = loaded.root.child("unrelated")
    assert unrelated.role == "outside" and unrelated.children is None  # shown, never entered


def test_empty_folder(tmp_path):
    with pytest.raises(NotADelivery, match="is empty"):
        locate(str(tmp_path))


def test_missing_path(tmp_path):
    with pytest.raises(NotADelivery, match="does not exist"):
        locate(str(tmp_path / "nope"))


def test_file_outside_any_delivery(tmp_path):
    f = tmp_path / "image.fits"
    f.write_bytes(b"SIMPLE")
    with pytest.raises(NotADelivery, match="is a file, not a delivery folder"):
        locate(str(f))


def test_tarball_and_folder_of_tarballs(tmp_path):
    t = tmp_path / "2017.1.01185.S_uid___A001_X12a3_Xe9_001_of_001.tar"
    t.write_bytes(b"")
    with pytest.raises(NotADelivery, match="download tarball"):
        locate(str(t))
    with pytest.raises(NotADelivery, match="not unpacked yet"):
        locate(str(tmp_path))


def test_folder_without_delivery(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "x.txt").write_text("x")
    with pytest.raises(NotADelivery, match="No ALMA delivery found"):
        locate(str(tmp_path))


def test_symlink_loops_and_links(c7, tmp_path_factory):
    member = c7 / MEMBER
    os.symlink("..", member / "product" / "loop")  # into the tree: shown, not entered
    os.symlink(str(c7), member / "qa" / "up")  # to a folder above the tree: a loop
    outside = tmp_path_factory.mktemp("elsewhere")
    (outside / "extra.txt").write_text("x")
    os.symlink(str(outside), member / "extra")  # outside: entered once
    os.symlink(str(outside), member / "extra2")  # same target again: not entered twice
    os.symlink("missing-target", member / "dangling")
    loaded = load(str(c7 / PROJECT))
    m = (
        loaded.root.child("science_goal.uid___A001_X1465_X1b46")
        .child("group.uid___A001_X1465_X1b47")
        .child("member.uid___A001_X1465_X1b48")
    )
    assert m.child("product").child("loop").role == "link"
    up = m.child("qa").child("up")
    assert up.role == "link" and "loop" in up.error.lower()
    assert [c.name for c in m.child("extra").children] == ["extra.txt"]
    assert m.child("extra2").children == []
    assert m.child("dangling").is_dir is False and m.child("dangling").error  # stat fails: no size, a message
    assert loaded.summary.members[0].mous == "uid://A001/X1465/X1b48"


def test_names_that_are_not_utf8(tmp_path):
    member = tmp_path / "member.uid___A001_X1_X2"
    (member / "product").mkdir(parents=True)
    (member / "script").mkdir()
    bad = os.path.join(os.fsencode(member / "product"), b"member.uid___A001_X1_X2.T\xff_sci.spw5.cube.I.pbcor.fits")
    open(bad, "wb").close()
    os.mkdir(os.path.join(os.fsencode(member), b"odd\xfe"))
    loaded = load(str(member))
    node = loaded.root.child("product").children[0]
    assert node.display_name == "member.uid___A001_X1_X2.T\ufffd_sci.spw5.cube.I.pbcor.fits"
    assert node.decoded.spws == [5] and node.size == 0
    assert loaded.summary.members[0].spws == [5]


def test_unreadable_folder_is_reported_not_fatal(c7):
    with tempfile.TemporaryDirectory() as tmp:
        tree = world_readable_copy(str(c7 / PROJECT), os.path.join(tmp, PROJECT))
        qa = os.path.join(tree, MEMBER.split("/", 1)[1], "qa")
        with unreadable(qa):
            loaded = load(tree)
        member = loaded.summary.members[0]
        assert any(p.startswith("qa:") and "ermission" in p for p in member.problems)
        assert [path for path, _ in loaded.stats.errors] == [qa]
        assert member.products["total"] == 56  # the rest is listed


def test_unreadable_root_gives_a_message(c7):
    with tempfile.TemporaryDirectory() as tmp:
        tree = world_readable_copy(str(c7 / PROJECT), os.path.join(tmp, PROJECT))
        with unreadable(tree), pytest.raises(NotADelivery, match="permission denied"):
            locate(tree)


def test_entry_limit_truncates_cleanly(c7):
    root, stats = scan(str(c7 / PROJECT), member_paths=[str(c7 / MEMBER)], entry_limit=20)
    assert stats.truncated
    measure(root)  # never-listed folders are empty, not broken
    assert any(n.error and "entry limit" in n.error for n in root.iter_dirs())


def test_cancel_stops_the_walk(c7):
    with pytest.raises(Cancelled):
        scan(str(c7 / PROJECT), member_paths=[str(c7 / MEMBER)], should_stop=lambda: True)


@pytest.mark.slow
def test_one_hundred_thousand_files(tmp_path):
    member = tmp_path / "member.uid___A001_X1_X2"
    product = member / "product"
    product.mkdir(parents=True)
    (member / "script").mkdir()
    for i in range(100_000):
        os.close(
            os.open(
                product / f"member.uid___A001_X1_X2.T{i % 97}_sci.spw{i}.cube.I.pbcor.fits", os.O_CREAT | os.O_WRONLY
            )
        )
    loaded = load(str(member))
    assert loaded.stats.files == 100_000
    m = loaded.summary.members[0]
    assert m.products["total"] == 100_000 and len(m.image_sets) == 100_000
