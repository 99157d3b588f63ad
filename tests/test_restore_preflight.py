"""Before a restore: which CASA (found on PATH or in the usual places, its version and pipeline from its
installation's name), the CASA version the delivery asks for (real README and weblog texts), and the checks
scriptForPI makes, on a copy of the demo member, through the real command line too."""

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from qa2explorer.delivery.casa_wanted import wanted_casa
from qa2explorer.delivery.locate import member_containing
from qa2explorer.demo import layout
from qa2explorer.jobs import Cancelled, CancelToken, JobError
from qa2explorer.restore.calibrated import set_aside
from qa2explorer.restore.casa import find_casas, probe, read_casa, same_release
from qa2explorer.restore.preflight import BLOCK, PASS, WARN, preflight
from qa2explorer.restore.working_copy import working_copy

DATA = os.path.join(os.path.dirname(__file__), "data", "restore")
EBS = ("uid___A002_X10f72bf_X3a41", "uid___A002_X1108b3c_X1d07")  # the demo 12-m member's PPR


def install(root, name):
    """A CASA installation's layout: <root>/<name>/bin/casa, executable."""
    path = root / name / "bin" / "casa"
    path.parent.mkdir(parents=True)
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(0o755)
    return path


def test_casas_on_path_first_then_the_usual_places_newest_first(tmp_path):
    home = tmp_path / "home"
    old = install(home, "casa-release-5.6.1-8.el7")
    new = install(home, "casa-6.5.4-9-pipeline-2023.1.0.124")
    modular = install(tmp_path / "opt", "casa-6.7.0-31")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "casa").symlink_to(modular)
    casas = find_casas(path_env=str(bin_dir), home=str(home))
    assert [(c.version, c.pipeline, c.found) for c in casas] == [
        ("6.7.0-31", None, "on PATH"),
        ("6.5.4-9", "2023.1.0.124", f"in {home / 'casa-6.5.4-9-pipeline-2023.1.0.124'}"),
        ("5.6.1-8", None, f"in {home / 'casa-release-5.6.1-8.el7'}"),
    ]
    assert casas[1].has_pipeline and casas[0].has_pipeline is None and casas[2].major == 5
    assert str(old) in casas[2].command and str(new) in casas[1].command
    assert find_casas(path_env="", home=str(tmp_path / "nobody")) == []


def test_versions_read_from_installation_names():
    app = read_casa("/Applications/CASA-6.6.0-20.app/Contents/MacOS/casa", "chosen")
    assert app.version == "6.6.0-20" and app.pipeline is None
    assert read_casa("/somewhere/bin/casa", "chosen").version is None
    assert same_release("6.5.4", read_casa("/opt/casa-6.5.4-9-pipeline-2023.1.0.124/bin/casa", "x")) is True
    assert same_release("4.4.0", read_casa("/opt/casa-6.5.4-9/bin/casa", "x")) is False
    assert same_release("6.5", read_casa("/somewhere/bin/casa", "x")) is None


def test_the_version_a_delivery_asks_for_from_real_texts(tmp_path):
    member = tmp_path / "member"
    (member / "script").mkdir(parents=True)
    assert wanted_casa(str(member)) is None
    shutil.copy(os.path.join(DATA, "W51_script_12m.README"), member / "README")  # a real Cycle 2 README
    got = wanted_casa(str(member))
    assert (got.version, got.source) == ("4.4.0", "the README")
    weblog = tmp_path / "pipeline" / "qa" / "pipeline-2017" / "html"
    weblog.mkdir(parents=True)
    shutil.copy(os.path.join(DATA, "t1-1.fragment.html"), weblog / "t1-1.html")  # a real weblog's summary
    got = wanted_casa(str(tmp_path / "pipeline"))
    assert (got.version, got.source) == ("5.1.1-5", "the weblog")
    manual = tmp_path / "manual"
    (manual / "script").mkdir(parents=True)
    (manual / "script" / f"{EBS[0]}.ms.scriptForCalibration.py").write_text(
        "if re.search('^4.2.2', casadef.casa_version) == None:\n"
        " sys.exit('ERROR: PLEASE USE THE SAME VERSION OF CASA THAT YOU USED FOR GENERATING THE SCRIPT: 4.2.2')\n"
    )
    assert wanted_casa(str(manual)).version == "4.2.2"


@pytest.fixture
def member(demo_project, tmp_path):
    """A copy of the demo's 12-m member (pipeline calibrated, its PPR naming two EBs), no raw/ yet."""
    source = os.path.join(demo_project, f"science_goal.{layout.SOUS}", f"group.{layout.GOUS}", f"member.{layout.M12}")
    return shutil.copytree(source, tmp_path / f"member.{layout.M12}")


def verdicts(result):
    return {c.key: c.verdict for c in result.checks}


def add_raw(member, ebs, size=2 * 1024 * 1024):
    for eb in ebs:
        sdm = member / "raw" / f"{eb}.asdm.sdm"
        sdm.mkdir(parents=True, exist_ok=True)
        (sdm / "ASDM.xml").write_bytes(os.urandom(size))


def test_preflight_follows_what_the_member_holds(member, tmp_path):
    pipeline_casa = read_casa(str(install(tmp_path / "h", "casa-6.5.4-9-pipeline-2023.1.0.124")), "chosen")
    result = preflight(str(member), pipeline_casa)
    assert verdicts(result)["raw"] == BLOCK and not result.ready and result.pipeline
    assert result.expected_ebs == list(EBS) and result.missing_ebs == list(EBS)
    raw_check = next(c for c in result.checks if c.key == "raw")
    assert f"2023.1.99999.S_{EBS[0]}.asdm.sdm.tar" in raw_check.hint
    add_raw(member, EBS[:1])
    result = preflight(str(member), pipeline_casa)
    assert verdicts(result)["raw"] == WARN and result.missing_ebs == [EBS[1]] and result.ready
    add_raw(member, EBS[1:])
    result = preflight(str(member), pipeline_casa, spacesaving=1)
    assert verdicts(result)["raw"] == PASS and result.ready
    assert result.need_mb == 4 * 7  # 4 MB of raw data × (7 + 0) at SPACESAVING 1, as scriptForPI estimates
    assert preflight(str(member), pipeline_casa, spacesaving=0).need_mb == 4 * 11
    assert preflight(str(member), pipeline_casa, spacesaving=-1).need_mb == 0
    full = preflight(str(member), pipeline_casa, free_bytes=10 * 1024 * 1024)  # 10 MB free: a full disk
    assert verdicts(full)["disk"] == BLOCK and not full.ready
    (member / "calibrated").mkdir()
    assert verdicts(preflight(str(member), pipeline_casa))["calibrated"] == BLOCK
    (member / "calibrated").rmdir()
    result = preflight(str(member), None)
    assert verdicts(result)["casa"] == BLOCK and not result.ready
    modular = read_casa(str(install(tmp_path / "m", "casa-6.7.0-31")), "chosen")
    assert verdicts(preflight(str(member), modular))["pipeline"] == WARN  # its name does not say pipeline
    assert member_containing(str(member / "script")) == str(member) and member_containing(str(tmp_path)) is None


def test_a_python2_scriptforpi_with_casa6_is_stopped(member, tmp_path):
    script = next((member / "script").glob("*scriptForPI.py"))
    script.write_text("SPACESAVING = 1\nprint 'SPACESAVING =', SPACESAVING\nif mydict.has_key('x'):\n    pass\n")
    casa6 = read_casa(str(install(tmp_path / "h", "casa-6.5.4-9-pipeline-2023.1.0.124")), "chosen")
    casa5 = read_casa(str(install(tmp_path / "g", "casa-release-5.6.1-8-pipeline-2019.1.0.1")), "chosen")
    assert verdicts(preflight(str(member), casa6))["python"] == BLOCK
    assert "python" not in verdicts(preflight(str(member), casa5))
    script.write_text("SPACESAVING = 1\nprint('SPACESAVING =', SPACESAVING)\n")
    assert verdicts(preflight(str(member), casa5))["python"] == BLOCK


def test_restore_check_on_the_command_line(member, tmp_path):
    casa = install(tmp_path / "h", "casa-6.5.4-9-pipeline-2023.1.0.124")
    run = [sys.executable, "-m", "qa2explorer", "restore", str(member / "script"), "--check", "--casa", str(casa)]
    r = subprocess.run([*run, "--json"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 3, r.stderr
    report = json.loads(r.stdout)
    assert report["ready"] is False and report["missing_ebs"] == list(EBS)
    add_raw(member, EBS)
    r = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "Ready to restore." in r.stdout and "STOP" not in r.stdout, r.stdout + r.stderr
    r = subprocess.run([*run[:4], str(tmp_path), "--check"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "not in a member folder" in r.stderr
    r = subprocess.run([*run[:-1], str(tmp_path / "nope")], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "no such program" in r.stderr
    folder = casa.parent.parent  # the installation folder, as a PI would name it: its bin/casa is taken
    r = subprocess.run([*run[:-1], os.path.relpath(folder)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and f"{casa} (chosen)" in r.stdout, r.stdout + r.stderr  # absolute: runs in script/
    casa.chmod(0o644)
    r = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "no execute permission" in r.stderr


def test_set_aside_renames_and_never_overwrites(member, monkeypatch):
    with pytest.raises(JobError, match="No calibrated/ to set aside"):
        set_aside(str(member))
    (member / "calibrated" / "uid___A002_X1_X2.ms.split.cal").mkdir(parents=True)
    monkeypatch.setattr(time, "strftime", lambda fmt, *when: "20260101-120000")
    aside = member / "calibrated.20260101-120000"
    assert set_aside(str(member)) == str(aside) and not (member / "calibrated").exists()
    assert (aside / "uid___A002_X1_X2.ms.split.cal").is_dir()
    (member / "calibrated").mkdir()  # a second one within the same second: refused, both kept
    with pytest.raises(JobError, match="calibrated.20260101-120000 already exists"):
        set_aside(str(member))
    assert (member / "calibrated").is_dir() and (aside / "uid___A002_X1_X2.ms.split.cal").is_dir()


def test_restoring_into_another_folder_works_on_a_copy_with_raw_linked(member, tmp_path):
    add_raw(member, EBS, size=1024)
    (member / "log").mkdir()  # the pipeline's logs (its CASA log names the version the delivery asks for)
    into = tmp_path / "elsewhere"
    planned = preflight(str(member), None, into=str(into))
    verdicts = {c.key: c.verdict for c in planned.checks}
    assert planned.target == str(into / member.name) and not into.exists()  # the checks make nothing
    assert verdicts["writable"] == verdicts["calibrated"] == verdicts["raw"] == PASS
    copy = working_copy(str(member), str(into))
    assert copy == planned.target and sorted(os.listdir(into)) == [member.name]  # no temporary folder left
    for name in ("raw", "product", "qa", "log"):
        assert os.readlink(os.path.join(copy, name)) == str(member / name)
    for name in ("script", "calibration"):
        assert not os.path.islink(os.path.join(copy, name))
        assert sorted(os.listdir(os.path.join(copy, name))) == sorted(os.listdir(member / name))
    assert os.path.isfile(os.path.join(copy, f"member.{layout.M12}.README.txt"))
    of_copy = preflight(copy, None)  # the working copy as a member of its own: EBs found through the link
    assert of_copy.expected_ebs == list(EBS) and of_copy.missing_ebs == []
    assert {c.key: c.verdict for c in of_copy.checks}["writable"] == PASS
    assert working_copy(str(member), str(into)) == copy  # reused
    os.mkdir(os.path.join(copy, "calibrated"))
    with pytest.raises(JobError, match="already has calibrated/"):
        working_copy(str(member), str(into))
    assert {c.key: c.verdict for c in preflight(str(member), None, into=str(into)).checks}["calibrated"] == BLOCK
    other = tmp_path / "other"
    (other / member.name).mkdir(parents=True)  # a folder of the same name that is not a working copy
    with pytest.raises(JobError, match="is not a working copy"):
        working_copy(str(member), str(other))
    assert {c.key: c.verdict for c in preflight(str(member), None, into=str(other)).checks}["into"] == BLOCK
    with pytest.raises(JobError, match="inside the member"):
        working_copy(str(member), str(member / "script"))
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        working_copy(str(member), str(tmp_path / "cancelled"), token)
    assert os.listdir(tmp_path / "cancelled") == []  # a cancelled copy leaves nothing behind


def test_a_casa_whose_name_does_not_tell_is_asked_its_version(tmp_path):
    says = tmp_path / "says" / "casa"
    says.parent.mkdir()
    says.write_text("#!/bin/sh\necho 'CASA 6.7.0.31 '\n")  # what modular CASA's `casa --version` prints
    says.chmod(0o755)
    assert probe(read_casa(str(says), "chosen")).version == "6.7.0.31"
    broken = tmp_path / "broken" / "casa"
    broken.parent.mkdir()
    broken.write_text("#!/bin/sh\necho 'Segmentation fault' >&2\nexit 139\n")
    broken.chmod(0o755)
    assert probe(read_casa(str(broken), "chosen")).version is None  # unchanged: "version not in its name"
    named = read_casa(str(install(tmp_path / "h", "casa-6.5.4-9")), "chosen")
    assert probe(named) is named  # the name tells: CASA is not started


def test_the_version_from_the_pipelines_own_casa_log(tmp_path):
    member = tmp_path / "member"
    (member / "log").mkdir(parents=True)
    (member / "log" / "casa-20261121-181743.log").write_text(
        "2026-11-21 18:17:48\tINFO\t::casa\tPython version 3.11.7\n"
        "2026-11-21 18:17:48\tINFO\t::casa\tCASA Version MODULAR 6.7.0.31\n"  # as CASA 6 logs it at start
    )
    got = wanted_casa(str(member))
    assert (got.version, got.source) == ("6.7.0.31", "the pipeline's CASA log")
