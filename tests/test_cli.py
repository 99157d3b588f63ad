"""The headless contract, through the real command line."""

import json
import os
import subprocess
import sys

from tests import seed_trees
from tests.trees import build

NAME = "member.uid___A001_X133d_X325._G31.41p0.31__sci.spw25_27_29_31.cont.I.tt0.pbcor.fits"
KEYS = {
    "raw",
    "mous",
    "target",
    "intent",
    "spws",
    "specmode",
    "calibration",
    "stokes",
    "comment",
    "taylor",
    "layer",
    "compressed",
    "extension",
    "kind",
    "eb",
    "unparsed",
}
SUMMARY_KEYS = {
    "project",
    "cycle",
    "science_goal",
    "group",
    "mous",
    "array",
    "calibration_mode",
    "imaging_mode",
    "ebs",
    "raw_present",
    "targets",
    "spws",
    "products",
    "image_sets",
}


def run(*args, cwd=None):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "qa2explorer", *args], capture_output=True, cwd=cwd, env=env, timeout=120
    )


def test_decode_json_one_object_per_name():
    names = [NAME, "uid___A002_Xd28a9e_X7b4d.qa0_report.pdf", "", "???"]
    r = run("decode", "--json", *names)
    assert r.returncode == 0, r.stderr
    objects = [json.loads(line) for line in r.stdout.decode().splitlines()]
    assert [o["raw"] for o in objects] == names
    assert all(set(o) >= KEYS for o in objects)
    assert objects[0]["target"] == "G31.41p0.31" and objects[0]["taylor"] == "tt0"
    assert objects[1]["kind"] == "qa0_report" and objects[1]["eb"] == "uid://A002/Xd28a9e/X7b4d"
    assert objects[2]["kind"] == "other"


def test_decode_human_readable():
    r = run("decode", NAME)
    out = r.stdout.decode()
    assert r.returncode == 0
    assert (
        "pb-corrected continuum image of G31.41+0.31 (science target), spws 25, 27, 29, 31, Stokes I, "
        "Taylor term 0" in out
    )


def test_decode_survives_bytes_that_are_not_utf8():
    raw = b"member.uid___A001_X1_X2.T\xff_sci.spw1.cube.I.pbcor.fits"
    r = subprocess.run(
        [sys.executable, "-m", "qa2explorer", "decode", "--json", os.fsdecode(raw)], capture_output=True, timeout=60
    )
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    assert obj["raw"].encode("utf-8", "surrogateescape") == raw
    assert obj["spws"] == [1]


def test_summary_json(tmp_path):
    build(tmp_path, seed_trees.cycle7_pipeline() + seed_trees.cycle7_polarisation())
    r = run("summary", "--json", str(tmp_path))
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert len(data["members"]) == 2
    for m in data["members"]:
        assert set(m) >= SUMMARY_KEYS
    pipeline, manual = data["members"]
    assert pipeline["calibration_mode"] == "pipeline" and manual["calibration_mode"] == "manual"
    assert pipeline["cycle"] == 7 and pipeline["raw_present"] is True
    assert pipeline["products"]["by_specmode"]["cube"] == 10
    assert pipeline["image_sets"][0]["files"]


def test_summary_human_readable(tmp_path):
    build(tmp_path, seed_trees.cycle7_polarisation())
    r = run("summary", str(tmp_path / "2019.1.01482.T"))
    out = r.stdout.decode()
    assert r.returncode == 0
    assert "Member uid://A001/X1465/Xb4b" in out
    assert "2019.1.01482.T  (Cycle 7)" in out
    assert any(line.split() == ["Full", "polarisation", "yes"] for line in out.splitlines())


def test_summary_of_a_non_delivery_exits_2_with_one_line(tmp_path):
    r = run("summary", str(tmp_path))
    assert r.returncode == 2
    assert r.stdout == b""
    assert r.stderr.decode().count("\n") == 1 and "is empty" in r.stderr.decode()
    r = run("summary", str(tmp_path / "missing"))
    assert r.returncode == 2 and "does not exist" in r.stderr.decode()


def test_demo_command_writes_and_refuses_to_overwrite(tmp_path):
    r = run("demo", str(tmp_path / "d"))
    assert r.returncode == 0, r.stderr
    project = r.stdout.decode().strip()
    assert project == str(tmp_path / "d" / "2023.1.99999.S") and os.path.isdir(project)
    r = run("summary", "--json", project)
    assert [m["array"] for m in json.loads(r.stdout)["members"]] == ["12-m", "7-m"]
    again = run("demo", str(tmp_path / "d"))
    assert again.returncode == 2 and "already exists" in again.stderr.decode()


def test_help_lists_the_commands():
    r = run("--help")
    assert r.returncode == 0
    assert b"decode" in r.stdout and b"summary" in r.stdout and b"--demo" in r.stdout


def test_a_broken_link_is_named_as_such(tmp_path):
    link = tmp_path / "delivery"
    link.symlink_to(tmp_path / "moved-away")
    r = run("summary", str(link))
    assert r.returncode == 2 and r.stderr.decode().count("\n") == 1
    assert "is a broken link: it points to " + str(tmp_path / "moved-away") in r.stderr.decode()


def test_the_entry_point_knows_every_headless_command_without_importing_them():
    from qa2explorer.cli import build_parser
    from qa2explorer.main import COMMANDS

    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert set(COMMANDS) == set(sub.choices)


def test_output_into_a_pipe_closed_early_is_no_error():
    """``qa2explorer decode … | head -1``: the command stops quietly when its reader has had enough."""
    names = [f"member.uid___A001_X1_X2.T{i}_sci.spw25.cube.I.pbcor.fits" for i in range(3000)]
    proc = subprocess.Popen([sys.executable, "-m", "qa2explorer", "decode", *names], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)  # fmt: skip
    proc.stdout.readline()
    proc.stdout.close()
    assert proc.wait(timeout=120) == 0
    assert proc.stderr.read() == b""
