"""After a restore, without CASA: CASA's log lines and their levels (real lines), the log followed as CASA writes
it, a line CASA both logs and prints shown once, the hints for scriptForPI's messages and for a CASA ended by a
signal, the outcome's summary, and what a failed run left in calibrated/."""

import time

from qa2explorer.jobs import DEBUG, INFO, SEVERE, WARNING
from qa2explorer.restore import casa_log, hints
from qa2explorer.restore.calibrated import left_on_disk, left_text
from qa2explorer.restore.run import Outcome, Progress

REAL = [  # corpus NOTES.md and this machine's CASA 6.7 (levels as the app's jobs name them)
    ("2018-08-03 16:12:15\tINFO\tcasa::scriptForPI::\t*** ALMA scriptForPI ***", INFO),
    ("2018-03-09 23:05:46\tINFO\thifa_importdata::pipeline.infrastructure.basetask::\tStarting execution for stage 1",
     INFO),
    ("2026-11-21 17:09:36\tWARN\timportasdm::::casa\tThere is no Flag.xml in ASDM", WARNING),
    ("2026-11-21 17:09:35\tSEVERE\tMeasTable::dUTC(Double) (file /source/casa6/casatools/casacore/measures/Measures/"
     "MeasTable.cc, line 4290)\tLeap second table TAI_UTC seems out-of-date.", SEVERE),
    ("2026-11-21 17:09:35\tSEVERE\tMeasTable::dUTC(Double) (file …, line 4290)+\tUntil the table is updated", SEVERE),
    ("2026-11-21 17:06:16\tINFO\t::casa\t", INFO),
    ("2019-02-01 10:00:00\tDEBUG1\tms::open\tOpening", DEBUG),
    ("2019-02-01 10:00:00\tINFO3\tcalibrater::\tdetail", INFO),
]  # fmt: skip


def test_casa_log_lines_and_their_levels():
    for line, level in REAL:
        parsed = casa_log.parse(line)
        assert parsed is not None and parsed.level == level, line
    continued = casa_log.parse(REAL[4][0])
    assert continued.origin.endswith("+") and continued.message == "Until the table is updated"
    for other in (
        "*** ALMA scriptForPI ***",
        "ERROR: uid___A002_X1_X2.ms.split.cal was not created.",
        "WARN: could not import pipeline",
        "2018-08-03 16:12:15 INFO: Starting execution for stage 1",
    ):
        assert casa_log.parse(other) is None  # fmt: skip


def test_a_line_logged_and_printed_is_shown_once():
    echoes = casa_log.Echoes(limit=3)
    warn = REAL[2][0]
    assert echoes.first(warn, echoes.OUTPUT) and not echoes.first(warn, echoes.FILE)  # printed first
    assert echoes.first(warn, echoes.FILE) and not echoes.first(warn, echoes.OUTPUT)  # logged first
    assert echoes.first(warn, echoes.OUTPUT) and echoes.first(warn, echoes.OUTPUT)  # the same warning twice…
    assert not echoes.first(warn, echoes.FILE) and not echoes.first(warn, echoes.FILE)  # …has two twins
    assert echoes.first(warn, echoes.FILE)  # and a third is new
    for n in range(10):  # lines that never get a twin are forgotten beyond the limit
        echoes.first(f"{warn} {n}", echoes.OUTPUT)
    assert echoes.first(f"{warn} 0", echoes.FILE) and not echoes.first(f"{warn} 9", echoes.FILE)


def test_the_log_is_followed_while_it_is_written(tmp_path):
    path = tmp_path / "casa.log"
    lines = []
    tail = casa_log.Tail(str(path), lines.append, interval=0.01)
    tail.start()
    time.sleep(0.05)  # the file does not exist yet
    with open(path, "w") as f:
        f.write(REAL[0][0] + "\n" + REAL[2][0][:20])
        f.flush()
        deadline = time.monotonic() + 5
        while not lines and time.monotonic() < deadline:
            time.sleep(0.01)
        assert lines == [REAL[0][0]]  # a complete line arrives while CASA runs; half a line waits
        f.write(REAL[2][0][20:] + "\n" + "last line, no newline")
    tail.finish()
    assert lines == [REAL[0][0], REAL[2][0], "last line, no newline"] and not tail.is_alive()


def test_hints_for_signals_and_known_messages():
    assert [hints.ended_by_signal(c) for c in (-9, 137, 139, 1, 0, 128, None)] == [9, 9, 11, None, None, None, None]
    assert hints.hint(None, 137).startswith("CASA was killed (SIGKILL), most often by the system's out-of-memory")
    assert hints.hint(None, -11).startswith("CASA crashed (SIGSEGV, a segmentation fault)")
    assert hints.hint(None, -10) == "CASA was ended by SIGUSR1."
    pipeline = (
        "ERROR: Pipeline not available. Make sure you start CASA with option --pipeline to activate the pipeline."
    )
    assert hints.hint(pipeline, 1).startswith("Start CASA with --pipeline, from a CASA release that includes")
    assert hints.hint(pipeline, 1, no_pipeline=True).startswith("This CASA has no ALMA pipeline")
    assert hints.hint("ERROR: not enough free disk space. Need at least 7000 MB.", 1).startswith("Free some space")
    assert hints.hint('ERROR: No ASDM found in directory "raw".', 1).startswith("Download the missing ASDMs")
    not_created = hints.hint("ERROR: uid___A002_X1_X2.ms.split.cal was not created.", 0, last_severe="importasdm: X")
    assert not_created.startswith("The calibration of uid___A002_X1_X2 stopped before producing it")
    assert not_created.endswith("CASA's last SEVERE message before it: importasdm: X")
    denied = hints.hint("PermissionError: [Errno 13] Permission denied: 'calibrated'", 1)
    assert denied == "scriptForPI could not write in the member's folder: restore into another folder."
    assert hints.hint("ERROR: something new", 1) == "See the lines before this error in the log."


def test_the_outcome_says_what_happened():
    ok = Outcome(True, [("uid___A002_X1_X2.ms.split.cal", 10)], skipped_ebs=["uid___A002_X1_X3"])
    assert ok.summary == ("Restored: 1 calibrated measurement set in calibrated/. Skipped, no ASDM in raw/: "
                          "uid___A002_X1_X3.")  # fmt: skip
    killed = Outcome(False, exit_code=-9).summary
    assert killed == "The restore did not complete: CASA was ended by SIGKILL (exit status -9)"
    assert Outcome(False, errors=["ERROR: x"], exit_code=0).summary == "The restore did not complete: ERROR: x"
    assert Outcome(False, exit_code=1).summary.endswith("CASA ended with status 1 before scriptForPI finished")
    assert Outcome(False, exit_code=0).to_dict()["summary"].endswith("scriptForPI ended before calibrating every EB")


def test_what_a_failed_run_left(tmp_path):
    assert left_on_disk(str(tmp_path)) == []
    assert left_text([]) == "Nothing was left on disk: calibrated/ was not created."
    work = tmp_path / "calibrated" / "uid___A002_X1_X2.calibration"
    (work / "uid___A002_X1_X2.ms").mkdir(parents=True)
    (work / "uid___A002_X1_X2.ms" / "table.f0").write_bytes(b"x" * 1500)
    (tmp_path / "calibrated" / "qa2explorer-restore.log").write_text("log\n")
    left = left_on_disk(str(tmp_path))
    assert left == [("qa2explorer-restore.log", 4), ("uid___A002_X1_X2.calibration/", 1500)]
    assert left_text(left).startswith("calibrated/ holds 2 items (1.5 KB): qa2explorer-restore.log (4 B), "
                                      "uid___A002_X1_X2.calibration/ (1.5 KB). Set it aside")  # fmt: skip


def test_progress_follows_scriptforpi_and_the_calibration_steps():
    """The lines scriptForPI and ALMA's manual calibration scripts print (``print('Step ', mystep,
    step_title[mystep])`` after ``print('Executing all steps: ', thesteps)``), in a two-EB run."""
    progress = Progress()
    seen = []
    for line in [
        "*** ALMA scriptForPI ***",
        "Found the following ASDMs: ['uid___A002_X1_X1.asdm.sdm', 'uid___A002_X1_X2.asdm.sdm']",
        ">>> Processing ASDM uid___A002_X1_X1",
        "Executing all steps:  range(0, 3)",
        "Step  0 Import of the ASDM",
        "2026-11-21 18:17:37\tINFO\timportasdm::::casa\t##### Begin Task: importasdm #####",
        "Step  1 Application of the phase calibration",
        "Step  2 Split out the corrected data",
        'uid___A002_X1_X1.ms.split.cal was produced successfully, moving it to "calibrated" directory.',
        ">>> Processing ASDM uid___A002_X1_X2",
        "Executing all steps:  [0, 1, 2]",  # Python 2 scripts print the list
        "Step  0 Import of the ASDM",
        'Done. Please find results in directory "calibrated".',
    ]:
        phase = progress.feed(line)
        seen.append((round(progress.fraction, 3), phase))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert seen[4] == (round(0.1 + 0.85 * 0.25 / 2, 3), "step 0: Import of the ASDM")  # 1 of 3 steps begun
    assert seen[5][1] is None and seen[7][0] == round(0.1 + 0.85 * 0.75 / 2, 3)
    assert seen[8] == (round(0.1 + 0.85 / 2, 3), "uid___A002_X1_X1.ms.split.cal calibrated")
    assert seen[11][0] == round(0.1 + 0.85 * 1.25 / 2, 3)  # the list form counted too
    unannounced = Progress()
    for line in ["Found the following ASDMs: ['uid___A002_X1_X1.asdm.sdm']", "Step  0 Import", "Step  1 Flag"]:
        unannounced.feed(line)
    assert 0.1 + 0.85 * 0.3 < unannounced.fraction < 0.95  # steps still move it, ever more slowly
