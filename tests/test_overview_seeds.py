"""The member overview on real trees built from the seed documents and the corpus."""

import os

from qa2explorer.delivery.opening import load
from tests import seed_trees
from tests.corpus import LEGUS_TREE
from tests.trees import build, parse_tree_listing


def _only_member(tmp_path, paths, open_at=""):
    build(tmp_path, paths)
    loaded = load(str(tmp_path / open_at) if open_at else str(tmp_path))
    assert len(loaded.summary.members) == 1
    return loaded, loaded.summary.members[0]


def test_cycle7_pipeline_member(tmp_path):
    loaded, m = _only_member(tmp_path, seed_trees.cycle7_pipeline(), "2019.1.01056.S")
    assert loaded.location.root == str(tmp_path / "2019.1.01056.S")
    assert (m.project, m.cycle) == ("2019.1.01056.S", 7)
    assert m.science_goal == "uid://A001/X1465/X1b46"
    assert m.group == "uid://A001/X1465/X1b47"
    assert m.mous == "uid://A001/X1465/X1b48"
    assert m.calibration_mode == "pipeline"
    assert m.imaging_mode == "pipeline"
    assert m.recipe == "hifa_calimage"
    assert not m.full_polarisation and not m.selfcal and not m.total_power
    assert m.ebs == ["uid://A002/Xe1baa0/X5b8c", "uid://A002/Xe1d2cb/X31f"]
    assert m.raw_present and m.raw_missing == []
    assert sorted(m.sessions) == ["session_1", "session_2"]
    names = [t.name for t in m.targets]
    assert names[0] == "G24.73p0.69"  # the science target first, then calibrators
    assert set(names) == {"G24.73p0.69", "J1832-1035", "J1912-0804", "J1924-2914"}
    assert m.spws == [16, 18, 20, 22]
    assert m.products["total"] == 25 + 31
    assert m.products["by_specmode"] == {"cont": 3, "cube": 10, "mfs": 43}
    assert m.products["by_layer"]["pbcor"] == 21
    cont = next(s for s in m.image_sets if s.specmode == "cont")
    assert set(cont.files) == {"pbcor", "pb", "mask"}
    assert m.qa == {"weblog": 1, "qa2_report": 2, "qa0_report": 2}


def test_cycle7_manual_polarisation_member(tmp_path):
    _, m = _only_member(tmp_path, seed_trees.cycle7_polarisation(), "2019.1.01482.T/science_goal.uid___A001_X1465_Xb46")
    assert (m.project, m.cycle) == ("2019.1.01482.T", 7)
    assert m.calibration_mode == "manual"
    assert "3 per-EB calibration script" in m.calibration_evidence
    assert m.imaging_mode == "manual"
    assert m.full_polarisation
    assert m.ebs == [f"uid://A002/Xe5aacf/{x}" for x in ("X29ee", "X2d6f", "X3155")]
    assert m.raw_present
    assert m.qa["manual_qa_plot"] == 9 and m.qa["manual_qa_text"] == 3 and m.qa["qa0_report"] == 3
    stokes = {s.stokes for s in m.image_sets}
    assert stokes == {"IQUV", "P", "A"}
    assert m.scripts["polcal_script"] == ["member.uid___A001_X1465_Xb4b.scriptForPolCalibration.py"]


def test_cycle12_manual_member(tmp_path):
    _, m = _only_member(tmp_path, seed_trees.cycle12_manual(), "2023.1.01573.S")
    assert (m.project, m.cycle) == ("2023.1.01573.S", 10)
    assert m.calibration_mode == "manual"
    assert m.imaging_mode == "pipeline"  # products without "manual" (pipeline tasks in the imaging script)
    assert len(m.ebs) == 6  # five calibrated EBs and one more QA0 report
    assert "uid://A002/X10f72bf/X1383" in m.ebs
    assert not m.raw_present and len(m.raw_missing) == 6
    assert any("No raw/ folder" in p for p in m.problems)
    assert [t.name for t in m.targets] == ["J2206-0031", "J2136p0041"]
    assert m.targets[1].intents == ["chk"]
    assert m.qa["weblog"] == 2


def test_cycle12_pipeline_selfcal_member(tmp_path):
    _, m = _only_member(
        tmp_path,
        seed_trees.cycle12_pipeline(),
        "2025.1.00324.L/science_goal.uid___A001_X3700_X10/"
        "group.uid___A001_X3700_X11/member.uid___A001_X3621_X541/product",
    )
    assert (m.project, m.cycle) == ("2025.1.00324.L", 12)
    assert m.calibration_mode == "pipeline" and m.imaging_mode == "pipeline"
    assert m.selfcal
    assert m.ebs == ["uid://A002/X12f828c/X23370"] and m.raw_present
    assert m.targets[0].name == "2MASS_J04393364+2359212"
    regular = [s for s in m.image_sets if s.specmode == "cont" and s.calibration is None]
    selfcal = [s for s in m.image_sets if s.specmode == "cont" and s.calibration == "selfcal"]
    assert set(regular[0].files) == {"alpha", "alpha.error", "mask", "pb.tt0", "pbcor.tt1"}
    assert set(selfcal[0].files) == {"alpha", "alpha.error", "mask", "pbcor.tt0"}


def test_legus_renamed_tree_with_three_members(tmp_path):
    text = LEGUS_TREE.read_text(encoding="utf-8")
    block = text[text.index("```bash") : text.index("## prep for imaging")]
    build(tmp_path, parse_tree_listing(block))
    loaded = load(str(tmp_path / "raw"))
    members = {os.path.relpath(m.path, tmp_path): m for m in loaded.summary.members}
    assert sorted(members) == ["raw/band4/12m", "raw/band7/12m", "raw/band7/7m"]
    b4 = members["raw/band4/12m"]
    assert b4.mous == "uid://A001/X87c/X69"
    assert (b4.project, b4.cycle) == ("2016.1.01435.S", 4)  # from the download tarballs kept in tar/
    assert b4.array == "12-m" and members["raw/band7/7m"].array == "7-m"
    assert b4.calibration_mode == "pipeline"
    assert b4.raw_present and len(b4.ebs) == 2
    assert len(members["raw/band7/7m"].ebs) == 9 and members["raw/band7/7m"].raw_present
    assert b4.qa.get("weblog_dir") == 1
    cont = [s for s in b4.image_sets if s.specmode == "cont"]
    assert set(cont[0].files) == {"alpha", "alpha.error", "pb.tt0", "pbcor.tt0", "pbcor.tt1"}
    # calibrated/products -> ../calibration is shown as a link and not entered twice
    link = loaded.root.child("band4").child("12m").child("calibrated").child("products")
    assert link.role == "link" and link.children == []


def test_demo_delivery_overview(demo_project):
    loaded = load(demo_project)
    twelve, seven = loaded.summary.members
    assert (twelve.array, twelve.calibration_mode, twelve.imaging_mode) == ("12-m", "pipeline", "pipeline")
    assert twelve.selfcal and twelve.recipe == "hifa_calimage"
    assert twelve.sessions == {"session_1": ["uid://A002/X10f72bf/X3a41"], "session_2": ["uid://A002/X1108b3c/X1d07"]}
    assert (seven.array, seven.calibration_mode, seven.imaging_mode) == ("7-m", "manual", "manual")
    assert seven.qa["manual_qa_plot"] == 6 and seven.qa["manual_qa_text"] == 2
    for m in (twelve, seven):
        assert (m.project, m.cycle) == ("2023.1.99999.S", 10)
        assert not m.raw_present
