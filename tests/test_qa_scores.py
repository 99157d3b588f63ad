"""QA scores from a real weblog's "By Task" page (its real row, repeated with the real page's 32 stages) and from
an AQUA report in the pipeline's schema; the pipeline's colour bands."""

import csv
import os

import pytest

from qa2explorer.qa.scores import BLUE, GREEN, RED, YELLOW, band, from_aqua, from_task_page

DATA = os.path.join(os.path.dirname(__file__), "data", "weblog")


def real_rows():
    with open(os.path.join(DATA, "t1-4.stage_scores.tsv"), encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def task_page(rows) -> str:
    """t1-4.html as the pipeline writes it: the real row's markup (stage 8), once a stage, with each stage's values."""
    with open(os.path.join(DATA, "t1-4.row_fragment.html"), encoding="utf-8") as f:
        row = f.read().split("-->", 1)[1]
    out = []
    for r in rows:
        out.append(row.replace("sidebar_stage8\">8. <strong>hifa_antpos</strong>: Correct for antenna position offsets",
                               f"sidebar_stage{r['stage']}\">{r['stage']}. <strong>{r['task']}</strong>: "
                               f"{r['description']}")
                   .replace("Nonzero antenna position offsets", r["shortmsg"])
                   .replace('aria-valuenow="0.9"', "" if r["score_full"] == "?" else  # the last row's score unread
                            f'aria-valuenow="{r["score_full"]}"'))  # fmt: skip
    return "<table><tr><th>Task</th><th>QA Score</th></tr>" + "".join(out) + "</table>"


def test_the_stages_of_a_real_task_page():
    rows = real_rows()
    assert "Nonzero antenna position offsets" in task_page(rows[7:8])  # the fragment's own row, unchanged
    stages = from_task_page(task_page(rows))
    assert [s.number for s in stages] == [int(r["stage"]) for r in rows]
    assert [s.task for s in stages] == [r["task"] for r in rows]
    assert [s.score for s in stages] == [None if r["score_full"] == "?" else float(r["score_full"]) for r in rows]
    eight = next(s for s in stages if s.number == 8)
    assert (eight.task, eight.score, eight.message, eight.band) == ("hifa_antpos", 0.9, "Nonzero antenna position "
                                                                    "offsets", BLUE)  # fmt: skip
    assert stages[0].description == "Register measurement sets with the pipeline"
    assert from_task_page("<html><body>Not Found</body></html>") == []


def test_an_aqua_report_in_the_pipelines_schema():
    text = """<?xml version="1.0" ?><PipelineAquaReport>
      <QaSummary><CasaVersion>6.5.4.9</CasaVersion><PipelineVersion>2023.1.0.124</PipelineVersion></QaSummary>
      <QaPerStage>
        <Stage Number="1" Name="hifa_importdata"><RepresentativeScore Score="1.0" Reason="All data imported"/></Stage>
        <Stage Number="16" Name="hifa_bandpassflag"><RepresentativeScore Score="0.45" Reason="High flagging"/>
          <SubScore Score="0.9" Reason="x"/></Stage>
        <Stage Number="20" Name="hif_makeimlist"><RepresentativeScore Score="Undefined" Reason=""/></Stage>
      </QaPerStage></PipelineAquaReport>"""
    stages = from_aqua(text)
    assert [(s.number, s.task, s.score, s.band) for s in stages] == [
        (1, "hifa_importdata", 1.0, GREEN), (16, "hifa_bandpassflag", 0.45, YELLOW), (20, "hif_makeimlist", None, None)
    ]  # fmt: skip
    assert stages[1].message == "High flagging"
    with pytest.raises(ValueError, match="not an AQUA report"):
        from_aqua("<html><body>503</body>")


def test_the_pipelines_colour_bands():
    assert [band(s) for s in (-0.1, 0.33, 0.34, 0.66, 0.67, 0.90, 0.91, 1.0, None)] == [
        RED, RED, YELLOW, YELLOW, BLUE, BLUE, GREEN, GREEN, None
    ]  # fmt: skip
