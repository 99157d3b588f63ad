"""Filtering the listed tree, and the products-by-target tree."""

from qa2explorer.delivery.opening import load
from qa2explorer.delivery.product_tree import product_tree
from qa2explorer.delivery.treefilter import count_matches, filter_tree
from qa2explorer.present.html import page_html
from qa2explorer.present.member import delivery_page, member_page
from tests import seed_trees
from tests.trees import build


def _c7(tmp_path):
    build(tmp_path, seed_trees.cycle7_pipeline())
    return load(str(tmp_path / "2019.1.01056.S"))


def test_filter_terms_all_apply_to_the_path(tmp_path):
    loaded = _c7(tmp_path)
    kept = filter_tree(loaded.root, "spw18 CUBE")
    names = sorted(c.name for kids in kept.values() for c in kids if not c.is_dir)
    assert names == [
        "member.uid___A001_X1465_X1b48._G24.73p0.69__sci.spw18.cube.I.pb.fits.gz",
        "member.uid___A001_X1465_X1b48._G24.73p0.69__sci.spw18.cube.I.pbcor.fits",
    ]
    assert count_matches(kept) == 2
    assert kept[loaded.root] == [loaded.root.children[0]]  # the path down to the matches is kept


def test_filter_on_a_folder_name_keeps_its_content(tmp_path):
    loaded = _c7(tmp_path)
    kept = filter_tree(loaded.root, "raw")
    raw = next(n for n in loaded.root.iter_dirs() if n.name == "raw")
    assert kept[raw] == raw.children  # the two ASDM folders
    assert count_matches(kept) == 2  # their ASDM.xml files
    assert filter_tree(loaded.root, "   ") is None
    assert count_matches(filter_tree(loaded.root, "no-such-thing")) == 0


def test_product_tree_groups_by_target_spw_and_set(tmp_path):
    loaded = _c7(tmp_path)
    top = product_tree(loaded.root, {m.path: m for m in loaded.summary.members})
    (member,) = top.children
    assert member.label.startswith("uid://A001/X1465/X1b48")
    targets = [t.label for t in member.children]
    assert targets[0] == "G24.73+0.69 (science target)"
    assert "J1924-2914 (bandpass calibrator)" in targets
    science = member.children[0]
    assert [g.label for g in science.children] == ["spws 16, 18, 20, 22", "spw 16", "spw 18", "spw 20", "spw 22"]
    spw16 = science.children[1]
    assert [s.label for s in spw16.children] == ["mfs · Stokes I", "cube · Stokes I"]
    leaves = spw16.children[1].children
    assert {leaf.label for leaf in leaves} == {"pbcor", "pb", "mask"}
    assert all(leaf.ref.path and leaf.ref.size is not None for leaf in leaves)


def test_overview_html_links_and_words(tmp_path):
    loaded = _c7(tmp_path)
    m = loaded.summary.members[0]
    html = page_html(member_page(m))
    assert "Member uid://A001/X1465/X1b48" in html
    assert "✓ raw present" in html and "Raw data are present for every EB." in html
    assert f"select:{m.path}/raw/uid___A002_Xe1baa0_X5b8c.asdm.sdm" in html
    assert "G24.73+0.69" in html
    page = page_html(delivery_page(loaded.summary, "Project 2019.1.01056.S"))
    assert "1 member," in page and "Cycle 7" in page
