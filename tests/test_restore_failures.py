"""The ways a restore fails, run for real with modular CASA on copies of the demo's restorable 7-m member: CASA
killed mid-run, --pipeline asked of a CASA without the pipeline, one ASDM missing, not enough disk, no CASA at
all, a read-only member restored into another folder, and a second restore after setting the first aside. Each
says what happened and what to do, and what it left on disk; none leaves a process behind."""

import importlib.util
import json
import os
import shutil
import subprocess
import sys

import pytest

from qa2explorer import jobs
from qa2explorer.demo import layout, texts
from qa2explorer.restore.calibrated import left_on_disk
from qa2explorer.restore.casa import read_casa
from qa2explorer.restore.preflight import BLOCK, WARN, preflight
from qa2explorer.restore.run import Options, command, launcher_path, restore
from tests.helpers import listing, running, running_as_root

if importlib.util.find_spec("casatools") is None or importlib.util.find_spec("casashell") is None:
    pytest.skip("CASA's Python packages have no wheels on this platform: no real restore here",
                allow_module_level=True)  # fmt: skip

EB1, EB2 = sorted(layout.EBS_7M)  # scriptForPI restores them in this order
QA2 = [sys.executable, "-m", "qa2explorer", "restore"]


def copy_member(restorable, dest):
    return shutil.copytree(restorable, dest / os.path.basename(restorable), symlinks=True)


def run_restore(member, casa, **keywords):
    """restore() as a job, as the window runs it: its final event and every event before it."""
    events = []
    final = jobs.run(lambda _token, report: restore(str(member), read_casa(casa, "chosen"), Options(), report,
                                                    **keywords), events.append)  # fmt: skip
    return final, events


def test_casa_killed_mid_run_names_the_signal_and_what_it_left(restorable, casa_config, tmp_path):
    """An out-of-memory kill as the kernel makes it: the `casa` launcher runs the real casashell, sends it SIGKILL
    once the first `Processing ASDM` has appeared, as the import of that EB starts, and reports it as a shell
    launcher does (128 + 9)."""
    member = copy_member(restorable, tmp_path)
    launcher = tmp_path / "bin" / "casa"
    launcher.parent.mkdir()
    launcher.write_text(f"""#!{sys.executable}
import signal, subprocess, sys
casa = subprocess.Popen([sys.executable, "-m", "casashell", "--nologger", "--nogui", "--agg", *sys.argv[1:]],
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
for line in casa.stdout:
    sys.stdout.buffer.write(line)
    sys.stdout.flush()
    if line.startswith(b"Step  0 Import of the ASDM"):
        casa.send_signal(signal.SIGKILL)
casa.wait()
sys.exit(128 - casa.returncode if casa.returncode < 0 else casa.returncode)
""")
    launcher.chmod(0o755)
    final, events = run_restore(member, str(launcher))
    outcome = final.data
    assert final.kind == jobs.RESULT and not outcome.ok and outcome.exit_code == 137, final.message
    assert outcome.summary == "The restore did not complete: CASA was ended by SIGKILL (exit status 137)"
    assert outcome.hint.startswith("CASA was killed (SIGKILL), most often by the system's out-of-memory killer")
    names = [name for name, _ in outcome.left]
    assert f"{EB1}.calibration/" in names and f"{EB2}.calibration/" not in names  # stopped in the first EB
    assert "qa2explorer-restore.log" in names and outcome.left == left_on_disk(str(member))
    assert any(e.kind == jobs.MESSAGE and e.message == f">>> Processing ASDM {EB1}" for e in events)
    assert not running(launcher_path(str(member)))  # CASA, the launcher, and whatever they started: all gone


def test_pipeline_data_with_a_casa_without_the_pipeline(restorable, casa, tmp_path):
    """The ALMA pipeline cannot be installed here (it comes only inside CASA's monolithic releases), so pipeline
    restores are tested up to the command, the preflight and this failure: the member is made pipeline-calibrated
    (a PPR naming its EBs and a casa_piperestorescript.py in place of the per-EB scripts), the command asks CASA for
    --pipeline, casashell cannot import it, and scriptForPI stops as the real one does."""
    member = copy_member(restorable, tmp_path)
    script = member / "script"
    for calibration_script in script.glob("*.ms.scriptForCalibration.py"):
        calibration_script.unlink()
    prefix = f"member.{layout.M7}.hifa_calimage"
    (script / f"{prefix}.casa_piperestorescript.py").write_text(texts.restore_script([EB1, EB2], ["session_1"] * 2))
    ppr = texts.ppr(layout.PROJECT, layout.SOUS, layout.GOUS, layout.M7, {"session_1": [EB1, EB2]}, "2024-01-10")
    (script / f"{prefix}.pprequest.xml").write_text(ppr)
    modular = read_casa(casa, "chosen")
    checks = preflight(str(member), modular)
    assert checks.pipeline and checks.ready and checks.expected_ebs == [EB1, EB2]
    assert {c.key: c.verdict for c in checks.checks}["pipeline"] == WARN  # its name does not say pipeline
    assert "--pipeline" in command(modular, "run.py", checks.pipeline)
    final, events = run_restore(member, casa, checks=checks)
    outcome = final.data
    assert final.kind == jobs.RESULT and not outcome.ok, final.message
    messages = [e.message for e in events if e.kind == jobs.MESSAGE]
    assert "WARN: could not import pipeline" in messages  # what casashell --pipeline says without it
    assert outcome.errors[0] == ("ERROR: Pipeline not available. Make sure you start CASA with option --pipeline to "
                                 "activate the pipeline.")  # fmt: skip
    assert outcome.summary == f"The restore did not complete: {outcome.errors[0]}"
    assert outcome.hint.startswith("This CASA has no ALMA pipeline (it said: could not import pipeline)")
    assert [name for name, _ in outcome.left] == ["qa2explorer-restore.casa.log", "qa2explorer-restore.log"]


def test_one_asdm_missing_restores_the_other_and_says_so(restorable, casa, tmp_path):
    """The member unpacked under its project's folder, as a delivery is, so the archive names are known."""
    group = tmp_path / layout.PROJECT / f"science_goal.{layout.SOUS}" / f"group.{layout.GOUS}"
    member = copy_member(restorable, group)
    shutil.rmtree(member / "raw" / f"{EB2}.asdm.sdm")
    checks = preflight(str(member), read_casa(casa, "chosen"))
    raw = next(c for c in checks.checks if c.key == "raw")
    assert raw.verdict == WARN and EB2 in raw.text and f"{layout.PROJECT}_{EB2}.asdm.sdm.tar" in raw.hint
    assert checks.ready and checks.missing_ebs == [EB2]
    r = subprocess.run([*QA2, str(member), "--casa", casa, "--yes", "--json"], capture_output=True, text=True,
                       timeout=600)  # fmt: skip
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    events = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
    absent = [e for e in events if e["kind"] == "message" and 'absent from directory "raw"' in e["message"]]
    assert [e["level"] for e in absent] == ["warning"]  # scriptForPI's ERROR line, expected: a warning here
    outcome = next(e for e in events if e["kind"] == "result")["outcome"]
    assert outcome["ok"] and outcome["skipped_ebs"] == [EB2] and outcome["errors"] == []
    assert outcome["summary"] == ("Restored: 1 calibrated measurement set in calibrated/. Skipped, no ASDM in raw/: "
                                  f"{EB2}.")  # fmt: skip
    assert [name for name, _ in outcome["produced"]] == [f"{EB1}.ms.split.cal"]


def test_not_enough_disk_is_refused_before_casa_starts(restorable, casa, tmp_path):
    member = copy_member(restorable, tmp_path)
    before = listing(member)
    checks = preflight(str(member), read_casa(casa, "chosen"), free_bytes=1024 * 1024)  # 1 MB free
    assert {c.key: c.verdict for c in checks.checks}["disk"] == BLOCK
    final, events = run_restore(member, casa, checks=checks)
    assert final.kind == jobs.ERROR
    assert final.message.startswith("Not ready to restore: 1 MB free, up to ") and "Free some space" in final.message
    assert listing(member) == before  # nothing written: no calibrated/, and no launcher or log in the cache
    assert not os.path.exists(os.path.dirname(launcher_path(str(member))))
    assert not any(e.kind == jobs.MESSAGE for e in events)


def test_no_casa_found(restorable, tmp_path):
    member = copy_member(restorable, tmp_path)
    env = dict(os.environ, PATH="", HOME=str(tmp_path / "home"))
    check = subprocess.run([*QA2, str(member), "--check"], capture_output=True, text=True, timeout=120, env=env)
    assert check.returncode == 3 and "STOP  no CASA found (not on PATH, nor in ~/casa-*" in check.stdout, check.stdout
    assert "→ Install CASA" in check.stdout
    run = subprocess.run([*QA2, str(member), "--yes"], capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode == 2 and run.stdout == "" and "Traceback" not in run.stderr
    assert run.stderr.startswith(f"qa2explorer: not ready to restore {member}: no CASA found")
    assert run.stderr.count("\n") == 1 and not (member / "calibrated").exists()


def test_a_read_only_member_restores_into_another_folder(restorable, casa, tmp_path):
    """Root ignores permissions: as root the commands run in a user namespace of their own (``unshare -U``), where
    the permissions of root's files apply to them as to their owner's."""
    as_user = []
    if running_as_root():
        as_user = ["unshare", "-U"]
        if subprocess.run([*as_user, "true"], capture_output=True).returncode != 0:
            pytest.skip("running as root, and no user namespace to drop root's power over permissions")
    member = copy_member(restorable, tmp_path / "delivery")
    subprocess.run(["chmod", "-R", "a-w", str(member)], check=True)
    try:
        before = listing(member)
        base = [*as_user, *QA2, str(member), "--casa", casa]
        check = subprocess.run([*base, "--check"], capture_output=True, text=True, timeout=120)
        assert check.returncode == 3 and "STOP  the member folder is not writable" in check.stdout, check.stdout
        assert "→ Restore into another folder" in check.stdout and "[--into DIR]" in check.stdout
        into = tmp_path / "restored"
        check = subprocess.run([*base, "--check", "--into", str(into)], capture_output=True, text=True, timeout=120)
        assert check.returncode == 0 and "Ready to restore." in check.stdout, check.stdout
        assert not into.exists()  # a check writes nothing
        r = subprocess.run([*base, "--into", str(into), "--yes"], capture_output=True, text=True, timeout=600)
        assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
        copy = into / member.name
        assert "Note: your raw directory is a link." in r.stdout  # scriptForPI ran in the copy
        assert "Restored: 2 calibrated measurement sets" in r.stdout
        for eb in (EB1, EB2):
            assert (copy / "calibrated" / f"{eb}.ms.split.cal").is_dir()
        assert os.readlink(copy / "raw") == str(member / "raw") and (copy / "script").is_dir()
        assert f"Log: {copy / 'calibrated' / 'qa2explorer-restore.log'}" in r.stdout
        assert listing(member) == before  # the member itself untouched
        copy_checks = preflight(str(copy), read_casa(casa, "chosen"))  # the working copy as a member of its own
        verdicts = {c.key: c.verdict for c in copy_checks.checks}
        assert verdicts["writable"] == "pass" and verdicts["raw"] == "pass" and copy_checks.expected_ebs == [EB1, EB2]
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(member)], check=True)


def test_set_aside_then_restore_again(restorable, casa, tmp_path):
    member = copy_member(restorable, tmp_path)
    base = [*QA2, str(member), "--casa", casa]
    first = subprocess.run([*base, "--yes"], capture_output=True, text=True, timeout=600)
    assert first.returncode == 0 and "Restored: 2 calibrated measurement sets" in first.stdout, first.stderr[-3000:]
    made = listing(member / "calibrated")
    assert subprocess.run([*base, "--check"], capture_output=True, text=True, timeout=120).returncode == 3
    check = subprocess.run([*base, "--check", "--set-aside"], capture_output=True, text=True, timeout=120)
    assert check.returncode == 0 and "--set-aside renames it to calibrated.<YYYYmmdd-HHMMSS>" in check.stdout
    assert listing(member / "calibrated") == made  # a check renames nothing
    again = subprocess.run([*base, "--set-aside", "--yes"], capture_output=True, text=True, timeout=600)
    assert again.returncode == 0 and "Restored: 2 calibrated measurement sets" in again.stdout, again.stderr[-3000:]
    (aside,) = member.glob("calibrated.*")
    assert f"Set aside: {member / 'calibrated'} is now {aside.name}" in again.stdout
    assert len(aside.name) == len("calibrated.20260101-120000") and listing(aside) == made  # renamed, untouched
    for eb in (EB1, EB2):
        assert (member / "calibrated" / f"{eb}.ms.split.cal").is_dir()
