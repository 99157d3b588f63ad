"""The level of a line of a restore's output, on real lines: CASA's logger, the pipeline's console, scriptForPI."""

from pathlib import Path

import pytest

from qa2explorer.jobs import DEBUG, INFO, SEVERE, WARNING
from qa2explorer.restore.loglevel import level_of, levels_of

CORPUS = Path(__file__).parent / "data" / "corpus"
CASA = (CORPUS / "casapy_log_lines.txt").read_text().splitlines()
PIPELINE = (CORPUS / "pipeline_console_lines.txt").read_text().splitlines()
PRINTS = (CORPUS / "scriptforpi_prints.txt").read_text().splitlines()

# the same line at another priority: CASA's priorities are a field of their own
INFO_LINE = CASA[1]  # 2018-03-09 23:05:46 INFO hifa_importdata::pipeline.infrastructure.basetask:: Starting execution…


def casa_priority(line: str) -> str:
    """The priority field of a CASA logger line, read by splitting on tabs."""
    return line.split("\t")[1]


def test_casa_logger_lines_get_their_priority():
    expected = {"INFO": INFO, "WARN": WARNING}
    assert {casa_priority(line) for line in CASA} == set(expected)  # the excerpt has both
    assert [level_of(line) for line in CASA] == [expected[casa_priority(line)] for line in CASA]
    warn = next(line for line in CASA if casa_priority(line) == "WARN")
    assert "Unable to identify representative target" in warn and level_of(warn) == WARNING


@pytest.mark.parametrize(
    "priority, level",
    [("SEVERE", SEVERE), ("WARN", WARNING), ("INFO", INFO), ("INFO1", INFO), ("INFO5", INFO), ("DEBUG", DEBUG),
     ("DEBUG1", DEBUG), ("DEBUG2", DEBUG)],
)  # fmt: skip
def test_every_casa_priority(priority, level):
    assert level_of(INFO_LINE.replace("\tINFO\t", f"\t{priority}\t")) == level


def test_casa_priority_wins_over_the_message():
    # scriptForPI posts "ERROR: no calibration script found for ASDM …" to the log as WARN
    message = "ERROR: no calibration script found for ASDM uid___A002_Xc27dd7_X2fc3"
    line = INFO_LINE.split("\t")[0] + "\tWARN\tscriptForPI::::\t" + message
    assert level_of(line) == WARNING


def test_pipeline_console_lines():
    words = {"INFO": INFO, "WARNING": WARNING, "DEBUG": DEBUG, "TODO": DEBUG}
    word = [line.split(" ", 2)[2].split(":")[0] for line in PIPELINE]
    assert set(word) == set(words)
    assert [level_of(line) for line in PIPELINE] == [words[w] for w in word]


def test_scriptforpi_prints():
    levels = {line: level_of(line) for line in PRINTS}
    assert levels['ERROR: Please start this script in directory "script".'] == SEVERE
    assert levels["ERROR: uid___A002_Xc27dd7_X2fc3.ms.split.cal was not created."] == SEVERE
    assert levels["WARNING: Inconsistency between ASDMs and calibration scripts"] == WARNING
    assert levels["         Calibration info available for:  ['uid___A002_Xc27dd7_X2fc3']"] == INFO
    assert levels["Note: SPW IDs will not be reindexed to start at 0!"] == INFO
    assert sum(level == SEVERE for level in levels.values()) == sum(line.startswith("ERROR") for line in PRINTS) == 5
    assert sum(level == WARNING for level in levels.values()) == 1


def test_python_traceback_and_near_misses():
    assert level_of("Traceback (most recent call last):") == SEVERE
    assert level_of("   ERROR: indented") == SEVERE
    for line in ("ERRORS are listed below", "WARNINGS: none", "Found 0 ERROR lines", "INFORMATION", ""):
        assert level_of(line) == INFO, line


def test_a_level_given_by_the_job_is_kept():
    assert level_of("ERROR: Nothing to process.", WARNING) == WARNING
    assert level_of(INFO_LINE, SEVERE) == SEVERE
    assert level_of("*** ALMA scriptForPI ***", DEBUG) == DEBUG


def test_levels_of_is_level_of_for_every_line():
    tricky = [
        "ERROR: abcdefghijklmnINFO and more",
        "2018-03-09 23:05:46\tINFO1\tx::\ty",
        "2018-03-09 23:05:46 INFOX y",
        "1234567890123456789 WARN not a time",
        "2018-03-09 23:05:46.123 WARNING: a fraction",
        "",
        "2",
    ]
    texts = CASA + PIPELINE + PRINTS + tricky
    given = [(INFO, INFO, WARNING, DEBUG, SEVERE)[i % 5] for i in range(len(texts))]
    assert levels_of(texts, given) == [level_of(t, g) for t, g in zip(texts, given, strict=True)]
