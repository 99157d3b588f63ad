"""A real restore with real CASA (casatools, casatasks and casashell from PyPI, offline): the demo's 7-m member
made restorable (simulated ASDMs, real calibration tables and scripts), then its scriptForPI.py run in script/
through a `casa` launcher over `python -m casashell`, the way a PI runs it. The checks before it, the
calibrated measurement sets after it, and data better calibrated than raw."""

import importlib.util
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from qa2explorer.demo import layout
from qa2explorer.demo.restorable import CALIBRATOR
from qa2explorer.restore.casa import read_casa
from qa2explorer.restore.preflight import preflight
from tests.helpers import listing

if importlib.util.find_spec("casatools") is None or importlib.util.find_spec("casashell") is None:
    pytest.skip("CASA's Python packages have no wheels on this platform: no real restore here",
                allow_module_level=True)  # fmt: skip


def phase_scatter(ms: str) -> float:
    """The calibrator's visibility phase scatter (degrees): about 0 for calibrated data of a point source."""
    import casatools

    tb = casatools.table()
    tb.open(ms)
    data, field = tb.getcol("DATA"), tb.getcol("FIELD_ID")
    tb.close()
    fields = casatools.table()
    fields.open(os.path.join(ms, "FIELD"))
    names = list(fields.getcol("NAME"))
    fields.close()
    return float(np.degrees(np.std(np.angle(data[:, :, field == names.index(CALIBRATOR)]))))


def test_the_member_restores_for_real_and_calibrates(restorable, casa, casa_config, tmp_path):
    member = shutil.copytree(restorable, tmp_path / os.path.basename(restorable))
    readme = (member / f"member.{layout.M7}.README.txt").read_text()
    assert "it can be restored with scriptForPI" in readme and "cannot be restored" not in readme
    ready = preflight(str(member), read_casa(casa, "chosen"))
    assert ready.ready and not ready.missing_ebs and len(ready.expected_ebs) == 2, ready.checks
    env = dict(os.environ, CASASITECONFIG=casa_config)
    run = tmp_path / "run.py"
    script = f"member.{layout.M7}.scriptForPI.py"
    run.write_text(f"SPACESAVING = 2\nexec(open({script!r}).read())\n")
    r = subprocess.run([casa, "-c", str(run)], cwd=member / "script", capture_output=True, text=True, timeout=600,
                       env=env)  # fmt: skip
    out = r.stdout
    assert "*** ALMA scriptForPI ***" in out and "SPACESAVING = 2" in out, out[-3000:] + r.stderr[-3000:]
    assert f"Found the following ASDMs: {sorted(layout.EBS_7M)}" in out and "Done. Please find results" in out
    for eb in layout.EBS_7M:
        calibrated = member / "calibrated" / f"{eb}.ms.split.cal"
        assert calibrated.is_dir() and f"{eb}.ms.split.cal was produced successfully" in out
        assert not (member / "calibrated" / f"{eb}.calibration" / f"{eb}.ms").exists()  # SPACESAVING 2 deleted it
        raw_ms = tmp_path / f"{eb}.raw.ms"  # the same data uncalibrated, for comparison
        import casatasks

        casatasks.importasdm(asdm=str(member / "raw" / f"{eb}.asdm.sdm"), vis=str(raw_ms))
        before, after = phase_scatter(str(raw_ms)), phase_scatter(str(calibrated))
        assert after < before / 3, (before, after)
    again = subprocess.run([casa, "-c", str(run)], cwd=member / "script", capture_output=True, text=True,
                           timeout=600, env=env)  # fmt: skip
    assert "already exists" in again.stdout + again.stderr  # a second restore never overwrites
    assert not preflight(str(member), read_casa(casa, "chosen")).ready  # and the checks say so first


def test_the_restore_command_runs_it_with_progress_and_refuses_a_second(restorable, casa, casa_config, tmp_path):
    member = shutil.copytree(restorable, tmp_path / os.path.basename(restorable))
    env = dict(os.environ, CASASITECONFIG=casa_config)
    base = [sys.executable, "-m", "qa2explorer", "restore", str(member), "--casa", casa, "--spacesaving", "2"]
    dry = subprocess.run(base, capture_output=True, text=True, timeout=120, env=env)
    assert dry.returncode == 0 and "Add --yes to start it" in dry.stdout and "SPACESAVING = 2" in dry.stdout
    assert not (member / "calibrated").exists()  # nothing runs without the user's explicit start
    before = listing(member)
    r = subprocess.run([*base, "--yes", "--json"], capture_output=True, text=True, timeout=600, env=env)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    events = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
    messages = [e["message"] for e in events if e["kind"] == "message"]
    assert "SPACESAVING = 2" in messages  # the option reached scriptForPI, which echoes it
    fractions = [e["progress"] for e in events if e["kind"] == "progress"]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    result = next(e for e in events if e["kind"] == "result")
    assert result["progress"] == 1.0
    for eb in layout.EBS_7M:
        assert (member / "calibrated" / f"{eb}.ms.split.cal").is_dir()
    log = (member / "calibrated" / "qa2explorer-restore.log").read_text()
    assert "*** ALMA scriptForPI ***" in log and "Done. Please find results" in log
    # CASA's own log went to the user cache, not script/ (this CASA writes casa-<time>.log where it runs unless
    # told), was read live into the messages (a line scriptForPI only posts to it; CASA's WARN lines, which it
    # also prints, shown once, as warnings), and is kept beside the log
    assert {k: v for k, v in listing(member).items() if not k.startswith("calibrated")} == before
    casa_log = (member / "calibrated" / "qa2explorer-restore.casa.log").read_text()
    assert "\tINFO\t" in casa_log and "ALMA scriptForPI completed." in casa_log
    assert any(m.endswith("\tALMA scriptForPI completed.") for m in messages)
    flags = [e for e in events if e["kind"] == "message" and e["message"].endswith("There is no Flag.xml in ASDM")]
    assert len(flags) == 2 and {e["level"] for e in flags} == {"warning"}  # one per EB, not two
    outcome = result["outcome"]
    assert outcome["ok"] and outcome["casa_log"] == str(member / "calibrated" / "qa2explorer-restore.casa.log")
    again = subprocess.run([*base, "--yes", "--json"], capture_output=True, text=True, timeout=120, env=env)
    assert again.returncode == 2 and "calibrated/ already exists" in again.stderr
    refused = json.loads(again.stdout)  # a script reading the events learns why too
    assert refused["kind"] == "error" and "calibrated/ already exists" in refused["message"]


def test_cancel_stops_casa_and_leaves_no_process(restorable, casa, casa_config, tmp_path):
    import threading

    from qa2explorer import jobs
    from qa2explorer.restore.run import Options, launcher_path, restore

    member = shutil.copytree(restorable, tmp_path / os.path.basename(restorable))
    token = jobs.CancelToken()
    seen = []

    def sink(event):
        seen.append(event)
        if event.kind == jobs.MESSAGE and "Processing ASDM" in event.message:
            threading.Thread(target=token.cancel).start()

    final = jobs.run(lambda t, report: restore(str(member), read_casa(casa, "chosen"), Options(), report), sink, token)
    assert final.kind == jobs.CANCELLED
    assert any(e.kind == jobs.MESSAGE and "Processing ASDM" in e.message for e in seen)
    out = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert launcher_path(str(member)) not in out  # CASA (started with this launcher) and its children are gone
    assert len(list((member / "calibrated").glob("*.ms.split.cal"))) < 2  # stopped before the end
    if (member / "calibrated").is_dir():  # what it printed until then is kept beside what it left
        assert "Processing ASDM" in (member / "calibrated" / "qa2explorer-restore.log").read_text()


def test_ctrl_c_on_the_command_line_stops_casa_too(restorable, casa, casa_config, tmp_path, monkeypatch):
    import signal
    import time

    from qa2explorer.restore.run import launcher_path

    member = shutil.copytree(restorable, tmp_path / os.path.basename(restorable))
    cache = tmp_path / "cache"
    env = dict(os.environ, CASASITECONFIG=casa_config, XDG_CACHE_HOME=str(cache))
    proc = subprocess.Popen([sys.executable, "-m", "qa2explorer", "restore", str(member), "--casa", casa, "--yes"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)  # fmt: skip
    for line in proc.stdout:
        if "Processing ASDM" in line:
            break
    proc.send_signal(signal.SIGINT)  # what Ctrl+C sends to the command (CASA runs in a session of its own)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1 and "Stopped" in err and "Log: " in err and "Traceback" not in err
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    launcher = launcher_path(str(member))  # where that command wrote its launcher
    assert os.path.exists(launcher)
    time.sleep(0.5)
    assert launcher not in subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
