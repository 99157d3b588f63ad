"""The pipeline run read from a weblog archive without unpacking it: real Home-page and By-Task markup (vendored
from a real weblog) inside tar.gz archives built here, an AQUA report in the pipeline's schema, archives with the
pages at the start or behind megabytes of plots, truncated ones, a manual weblog; the cache; a member's QA; the
``qa`` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from qa2explorer.jobs import CancelToken, Event, JobError, Reporter
from qa2explorer.qa.documents import documents_of
from qa2explorer.qa.member_qa import member_qa
from qa2explorer.qa.pipeline_run import cached_weblog_run, read_aqua_file, read_weblog_archive, read_weblog_folder
from tests.archives import make_tgz
from tests.test_qa_scores import DATA, real_rows, task_page

ROOT = "pipeline-20180309T230545/html"
MOUS = "member.uid___A001_X87d_X497"


def home_page() -> str:
    with open(os.path.join(DATA, "..", "restore", "t1-1.fragment.html"), encoding="utf-8") as f:  # real
        return "<html><body><table><tbody>" + f.read().split("-->", 1)[1] + "</body></html>"


def aqua(scores: dict[int, float]) -> str:
    stages = "".join(
        f'<Stage Number="{n}" Name="task{n}"><RepresentativeScore Score="{s}" Reason="long reason {n}">'
        f'<Metric Name="m" Value="1" Units=""/></RepresentativeScore><SubScore Score="0.1" Reason="sub"/></Stage>'
        for n, s in scores.items()
    )
    return (
        "<?xml version='1.0'?><PipelineAquaReport><ProjectStructure><ProposalCode>2016.1.00023.S</ProposalCode>"
        "<ProcessingProcedure>hifa_calimage</ProcessingProcedure></ProjectStructure><QaSummary>"
        "<ReportDate>2018-03-16 09:31:57</ReportDate><ProcessingTime>6 days, 10:26:12</ProcessingTime>"
        "<CasaVersion>5.1.1-5</CasaVersion><PipelineVersion>40896 (Pipeline-CASA51-P2-B)</PipelineVersion>"
        f"<FinalScore>Undefined</FinalScore></QaSummary><QaPerStage>{stages}</QaPerStage></PipelineAquaReport>"
    )


def write_tgz(path, entries: list[tuple[str, bytes | str]]) -> str:
    return make_tgz(path, dict(entries))


def plots(megabytes: int) -> list[tuple[str, bytes]]:
    """Stage folders of incompressible 'plots', as the bulk of a real weblog is."""
    rng = np.random.default_rng(0)
    return [(f"{ROOT}/stage{i}/thumbs/plot{i}.png", rng.integers(0, 255, 1024**2, dtype=np.uint8).tobytes())
            for i in range(megabytes)]  # fmt: skip


def truncate_half(path: str) -> None:
    os.truncate(path, os.path.getsize(path) // 2)


def test_scores_and_versions_from_real_pages(tmp_path):
    rows = real_rows()
    path = write_tgz(tmp_path / f"{MOUS}.weblog.tgz",
                     [(f"{ROOT}/index.html", "<html/>"), (f"{ROOT}/t1-1.html", home_page()),
                      (f"{ROOT}/t1-4.html", task_page(rows))])  # fmt: skip
    run = read_weblog_archive(path)
    assert run.source == "t1-4.html"
    assert [s.number for s in run.stages] == [int(r["stage"]) for r in rows]
    assert run.casa_version == "5.1.1-5"  # "5.1.1-5   r40000" on the real page
    assert run.pipeline_version == "40896 (Pipeline-CASA51-P2-B)"  # the "(documentation)" link dropped
    assert run.version_source == "t1-1.html"
    assert run.started == "2018-03-09 23:05:45 UTC" and run.duration == "6 days, 10:26:12"
    assert run.html_root == ROOT
    assert run.stage_page(8) == f"{ROOT}/t2-4m.html?sidebar=sidebar_stage8"
    low = run.lowest(3)
    assert [s.score for s in low] == sorted(s.score for s in run.stages if s.score is not None)[:3]


def test_the_aqua_report_wins_and_keeps_the_short_messages(tmp_path):
    rows = real_rows()
    scores = {int(r["stage"]): 0.2 if r["stage"] == "8" else 1.0 for r in rows}
    path = write_tgz(tmp_path / "w.weblog.tgz",
                     [(f"{ROOT}/pipeline_aquareport.xml", aqua(scores)), (f"{ROOT}/t1-4.html", task_page(rows)),
                      (f"{ROOT}/t1-1.html", home_page())])  # fmt: skip
    run = read_weblog_archive(path)
    assert run.source == "pipeline_aquareport.xml"
    assert run.lowest(1)[0].number == 8 and run.lowest(1)[0].score == 0.2  # the AQUA score, not the page's 0.9
    assert run.lowest(1)[0].message == "Nonzero antenna position offsets"  # the By Task page's short message
    assert run.recipe == "hifa_calimage" and run.version_source == "pipeline_aquareport.xml"


def test_pages_behind_megabytes_of_plots_with_progress(tmp_path):
    path = write_tgz(tmp_path / "w.weblog.tgz",
                     [(f"{ROOT}/index.html", "<html/>"), *plots(6), (f"{ROOT}/t1-1.html", home_page()),
                      (f"{ROOT}/t1-4.html", task_page(real_rows()))])  # fmt: skip
    events: list[Event] = []
    run = read_weblog_archive(path, CancelToken(), Reporter(events.append, CancelToken()))
    assert len(run.stages) == 33
    fractions = [e.progress for e in events if e.progress is not None]
    assert len(fractions) > 3 and fractions == sorted(fractions) and fractions[-1] > 0.9


def test_the_stream_stops_once_it_has_what_it_needs(tmp_path):
    """All three pages first, then megabytes of plots: the stream stops before the plots (progress never passes a
    tenth), and a damaged tail is not noticed."""
    scores = {int(r["stage"]): 1.0 for r in real_rows()}
    path = write_tgz(tmp_path / "w.weblog.tgz",
                     [(f"{ROOT}/t1-1.html", home_page()), (f"{ROOT}/t1-4.html", task_page(real_rows())),
                      (f"{ROOT}/pipeline_aquareport.xml", aqua(scores)), *plots(8)])  # fmt: skip
    events: list[Event] = []
    run = read_weblog_archive(path, CancelToken(), Reporter(events.append, CancelToken()))
    assert run.source == "pipeline_aquareport.xml" and run.notes == []
    assert max(e.progress for e in events if e.progress is not None) < 0.1
    truncate_half(path)
    assert read_weblog_archive(path).notes == []


def test_without_an_aqua_report_the_stream_reads_to_the_end(tmp_path):
    """The AQUA report may come last (the pipeline adds it to the archive at the end): without one among the
    first pages the whole stream is read — and a truncated tail is noted, the scores kept."""
    path = write_tgz(tmp_path / "w.weblog.tgz",
                     [(f"{ROOT}/t1-1.html", home_page()), (f"{ROOT}/t1-4.html", task_page(real_rows())),
                      *plots(4), (f"{ROOT}/pipeline_aquareport.xml", aqua({8: 0.2}))])  # fmt: skip
    run = read_weblog_archive(path)
    assert run.source == "pipeline_aquareport.xml" and run.stages[0].score == 0.2
    truncate_half(path)
    run = read_weblog_archive(path)
    assert run.source == "t1-4.html" and len(run.stages) == 33
    assert run.notes == ["the archive is damaged (truncated) after the pages read: it will not unpack whole"]


def test_truncated_before_the_pages(tmp_path):
    path = write_tgz(tmp_path / "w.weblog.tgz", [*plots(3), (f"{ROOT}/t1-4.html", task_page(real_rows()))])
    truncate_half(path)
    with pytest.raises(JobError, match=r"cannot read the weblog w\.weblog\.tgz: truncated"):
        read_weblog_archive(path)


@pytest.mark.parametrize(
    "entries, message",
    [
        ([("manual-20240110/html/index.html", "<html/>")], "neither pipeline_aquareport.xml nor t1-4.html"),
        ([(f"{ROOT}/t1-4.html", "<table></table>")], "its t1-4.html lists no stages"),
    ],
    ids=["manual weblog", "empty task page"],
)
def test_weblogs_without_scores(tmp_path, entries, message):
    with pytest.raises(JobError, match=message):
        read_weblog_archive(write_tgz(tmp_path / "w.weblog.tgz", entries))


def test_not_an_archive(tmp_path):
    path = tmp_path / "w.weblog.tgz"
    path.write_bytes(b"<html>an error page saved as a tgz</html>")
    with pytest.raises(JobError, match="cannot read the weblog w.weblog.tgz"):
        read_weblog_archive(str(path))


def test_the_cache_is_used_until_the_archive_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    rows = real_rows()
    entries = [(f"{ROOT}/t1-1.html", home_page()), (f"{ROOT}/t1-4.html", task_page(rows))]
    path = write_tgz(tmp_path / "w.weblog.tgz", entries)
    first = cached_weblog_run(path)
    st = os.stat(path)
    # Same size and time stamp, other content: the cache answers, so the archive is not read again.
    with open(path, "wb") as f:
        f.write(b"x" * st.st_size)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert cached_weblog_run(path).to_dict() == first.to_dict()
    # A new time stamp: read again (and the x-es are no archive).
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    with pytest.raises(JobError, match="cannot read the weblog"):
        cached_weblog_run(path)
    with pytest.raises(JobError, match="cannot read the weblog"):  # the failure is remembered too
        cached_weblog_run(path)
    assert len(os.listdir(tmp_path / "cache" / "qa2explorer" / "weblog-runs")) == 2


def test_an_unpacked_weblog_and_a_lone_aqua_report(tmp_path):
    html = tmp_path / "unpacked" / ROOT
    (html / "stage3").mkdir(parents=True)
    (html / "t1-1.html").write_text(home_page())
    (html / "t1-4.html").write_text(task_page(real_rows()))
    run = read_weblog_folder(str(tmp_path / "unpacked"))
    assert len(run.stages) == 33 and run.casa_version == "5.1.1-5" and run.html_root == ROOT
    lone = tmp_path / "uid___A001_X87d_X497.pipeline_aquareport.xml"
    lone.write_text(aqua({1: 1.0, 2: 0.5}))
    run = read_aqua_file(str(lone))
    assert [s.score for s in run.stages] == [1.0, 0.5] and run.duration == "6 days, 10:26:12"
    lone.write_text("<PipelineAquaReport><QaPerStage>")
    with pytest.raises(JobError, match="no pipeline stage scores"):
        read_aqua_file(str(lone))


def member_folder(tmp_path, *, weblog: bool = True) -> str:
    member = tmp_path / "science_goal.uid___A001_X87d_X495" / "group.uid___A001_X87d_X496" / MOUS
    qa = member / "qa"
    qa.mkdir(parents=True)
    (member / "product").mkdir()
    (member / "script").mkdir()
    (qa / f"{MOUS}.qa2_report.pdf").write_bytes(b"%PDF-1.4\n")
    (qa / "uid___A002_Xc27dd7_X2fc3.qa0_report.pdf").write_bytes(b"%PDF-1.4\n")
    (qa / f"{MOUS}.manual.weblog.tgz").write_bytes(b"")
    if weblog:
        write_tgz(qa / f"{MOUS}.hifa_calimage.weblog.tgz",
                  [(f"{ROOT}/t1-1.html", home_page()), (f"{ROOT}/t1-4.html", task_page(real_rows()))])  # fmt: skip
    return str(member)


def test_a_members_qa(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    member = member_folder(tmp_path)
    docs = documents_of(member)
    assert list(docs) == ["qa2_report", "qa0_report", "weblog", "manual_weblog"]
    qa = member_qa(member)
    assert qa.casa_version == "5.1.1-5" and len(qa.stages) == 33
    assert qa.version_source == f"t1-1.html in {MOUS}.hifa_calimage.weblog.tgz"
    os.remove(qa.run.weblog)
    with open(os.path.join(member, f"{MOUS}.README.txt"), "w") as f:
        f.write("CASA version used for reduction: 4.7.2\n")
    qa = member_qa(member)
    assert qa.run is None and qa.stages == [] and qa.casa_version == "4.7.2" and qa.version_source == "the README"


def test_the_qa_command(tmp_path):
    member = member_folder(tmp_path)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    run = subprocess.run([sys.executable, "-m", "qa2explorer", "qa", os.path.join(member, "product"), "--json"],
                         capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert {"casa_version", "pipeline_version", "version_source", "stages", "reports", "manual_qa"} <= set(data)
    assert data["stages"][7] == {"number": 8, "task": "hifa_antpos", "score": 0.9,
                                 "message": "Nonzero antenna position offsets", "band": "blue"}  # fmt: skip
    text = subprocess.run([sys.executable, "-m", "qa2explorer", "qa", member], capture_output=True, text=True,
                          env=env, timeout=120)  # fmt: skip
    assert text.returncode == 0 and "Pipeline stage scores (33 stages, from t1-4.html)" in text.stdout
    assert "0.90 sub-optimal  Nonzero antenna position offsets" in text.stdout
    outside = subprocess.run([sys.executable, "-m", "qa2explorer", "qa", str(tmp_path)], capture_output=True,
                             text=True, env=env, timeout=120)  # fmt: skip
    assert outside.returncode == 2 and outside.stderr.count("\n") == 1 and "not in a member folder" in outside.stderr
    assert f"it holds science_goal.uid___A001_X87d_X495/group.uid___A001_X87d_X496/{MOUS}: give one" in outside.stderr
