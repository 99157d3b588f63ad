"""Weblog archives of the demo delivery: the pipeline weblog (``pipeline-YYYYMMDDTHHMMSS/html/`` with Home,
By Task score table, stage folders with casapy.log and plots, the AQUA report) and the manual weblog."""

from __future__ import annotations

import io
import tarfile
import time
from html import escape

from . import texts
from .documents import small_plot_png

# Stage scores shaped like a real Cycle-10 run (badge classes per the pipeline's QA score bands).
# Stage scores and short messages shaped like a real Cycle-10 run, by task (each scored task runs once; badge classes
# per the pipeline's QA score bands).
_SCORES = {"hifa_flagdata": 0.94, "hifa_tsysflag": 0.88, "hifa_antpos": 0.90, "hifa_wvrgcalflag": 0.78,
           "hifa_bandpassflag": 0.96, "hifa_timegaincal": 0.93, "hif_applycal": 0.86, "hifa_imageprecheck": 0.50,
           "hif_checkproductsize": 0.50, "hif_findcont": 0.95, "hif_selfcal": 0.91}  # fmt: skip
_MESSAGES = {
    "hifa_tsysflag": "Tsys outliers flagged for 2 antennas",
    "hifa_antpos": "Nonzero antenna position offsets",
    "hifa_wvrgcalflag": "1.35x improvement",
    "hif_applycal": "6.8% data flagged",
    "hifa_imageprecheck": "Representative target: NGC_3627",
    "hif_checkproductsize": "Size was mitigated",
    "hif_selfcal": "Self-calibration applied",
}


# The stage page loads its details by script (XHR), as the pipeline's does: a browser refuses that for a file://
# page, which is why the app serves the weblog over http on 127.0.0.1.
_STAGE_LOADER = """<div id='stage'>Loading…</div>
<script>
var m = /sidebar_stage(\\d+)/.exec(location.search);
if (m) fetch('stage' + m[1] + '/t2-4m_details.html').then(function (r) { return r.text(); })
  .then(function (t) { document.getElementById('stage').innerHTML = t; });
</script>"""


def _badge(score: float) -> str:
    if score <= 0.33:
        return "danger"
    if score <= 0.66:
        return "warning"
    if score <= 0.90:
        return "info"
    return "success"


def _add(tar: tarfile.TarFile, name: str, data: bytes | str, mtime: float) -> None:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    info = tarfile.TarInfo(name)
    info.size = len(raw)
    info.mtime = mtime
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(raw))


def _png(title: str, seed: int) -> bytes:
    buf = io.BytesIO()
    small_plot_png(buf, title, seed)
    return buf.getvalue()


def _page(title: str, body: str) -> str:
    return (
        f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>{escape(title)}</title>"
        f"<link rel='stylesheet' href='resources/css/pipeline.css'></head>\n<body>\n{body}\n</body></html>\n"
    )


def pipeline_weblog(
    path: str,
    *,
    run: str,
    project: str,
    mous: str,
    pi: str,
    ebs: list[str],
    sessions: list[str],
    obs_start: str,
    obs_end: str,
) -> None:
    mtime = time.time()
    root = f"pipeline-{run}/html"
    tasks = texts.CALIMAGE_STAGE_TASKS
    scores = [_SCORES.get(task, 1.0) for task in tasks]
    with tarfile.open(path, "x:gz") as tar:
        _add(
            tar, f"{root}/index.html", "<!DOCTYPE html><meta http-equiv='refresh' content='0; url=t1-1.html'>\n", mtime
        )
        home = f"""<h1>{escape(project)}</h1>
<table class="table table-condensed"><tbody>
<tr><th>Project</th><td>{escape(project)}</td></tr>
<tr><th>Principal Investigator</th><td>{escape(pi)}</td></tr>
<tr><th>OUS Status Entity id</th><td>{escape(mous)}</td></tr>
<tr><th>Observation Start</th><td>{obs_start}&nbsp;UTC</td></tr>
<tr><th>Observation End</th><td>{obs_end}&nbsp;UTC</td></tr>
</tbody></table>
<h2>Pipeline Summary</h2>
<table class="table table-condensed"><tbody>
<tr><th>Pipeline Version</th><td>2023.1.0.124 (Pipeline-CASA65-P1-B)</td></tr>
<tr><th>CASA Version</th><td>6.5.4-9</td></tr>
<tr><th>Pipeline Recipe</th><td>hifa_calimage</td></tr>
</tbody></table>
<h2>Observation Summary</h2>
<table class="table" summary="Data Details"><tbody>
{"".join(f"<tr><td>{e}.ms</td><td>ALMA Band 6</td><td>{s}</td></tr>" for e, s in zip(ebs, sessions, strict=True))}
</tbody></table>"""
        _add(tar, f"{root}/t1-1.html", _page(f"{project} - Home", home), mtime)
        rows = []
        for i, (task, score) in enumerate(zip(tasks, scores, strict=True), start=1):
            badge = _badge(score)
            rows.append(f"""		<tr>
            <td><a href="t2-4m.html?sidebar=sidebar_stage{i}">{i}. <strong>{task}</strong></a><span
                    class="pull-right">{escape(_MESSAGES.get(task, ""))}</span></td>
            <td><div class="progress"><div class="progress-bar progress-bar-{badge}" role="progressbar"
                 aria-valuenow="{score}" aria-valuemin="0" aria-valuemax="1" style="width:{score * 100:.1f}%;">
                 <span class="sr-only">Score = {score}</span></div></div></td>
			<td><span class="badge alert-{badge}">{score:.2f}</span></td>
		</tr>""")
        _add(
            tar,
            f"{root}/t1-4.html",
            _page(
                f"{project} -\nTask Summaries",
                "<table class='table'><thead><tr><th>Task</th><th>QA Score</th>"
                "<th></th></tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>",
            ),
            mtime,
        )
        _add(tar, f"{root}/t2-4m.html", _page("Stage details", _STAGE_LOADER), mtime)
        for i, (task, score) in enumerate(zip(tasks, scores, strict=True), start=1):
            log = texts.casa_log_lines("2024-01-10", ebs[0], [task])
            _add(tar, f"{root}/stage{i}/casapy.log", log, mtime)
            details = (f"<h1>{i}. {escape(task)}</h1><p>QA score <span class='badge alert-{_badge(score)}'>"
                       f"{score:.2f}</span> {escape(_MESSAGES.get(task, 'All checks passed'))}</p>"
                       f"<p><a href='stage{i}/casapy.log'>CASA log of this stage</a></p>")  # fmt: skip
            _add(tar, f"{root}/stage{i}/t2-4m_details.html", details, mtime)
            if i in (6, 13, 17, 28):
                _add(tar, f"{root}/stage{i}/thumbs/{task}_summary.png", _png(f"{task} summary", i), mtime)
        _add(tar, f"{root}/casa_commands.log", texts.casa_commands_log(ebs), mtime)
        _add(tar, f"{root}/casa_pipescript.py", texts.pipescript(ebs, sessions), mtime)
        _add(tar, f"{root}/casa_piperestorescript.py", texts.restore_script(ebs, sessions), mtime)
        _add(tar, f"{root}/pipeline_aquareport.xml", aqua_report(project, mous, tasks, scores), mtime)
        _add(tar, f"{root}/resources/css/pipeline.css", "body { font-family: sans-serif; }\n", mtime)


def aqua_report(project: str, mous: str, tasks: list[str], scores: list[float]) -> str:
    stages = "\n".join(
        f'    <Stage Number="{i}" Name="{task}">\n'
        f'      <RepresentativeScore Score="{score}" Reason="{escape(_MESSAGES.get(task, "All checks passed"))}"/>\n'
        f"    </Stage>"
        for i, (task, score) in enumerate(zip(tasks, scores, strict=True), start=1)
    )
    return f"""<?xml version="1.0" ?>
<PipelineAquaReport>
  <ProjectStructure><ProposalCode>{project}</ProposalCode><OusStatusEntityId>{mous}</OusStatusEntityId>
  <ProcessingProcedure>hifa_calimage</ProcessingProcedure></ProjectStructure>
  <QaSummary><ReportDate>2024-01-11 04:21:09</ReportDate><ProcessingTime>6:41:12</ProcessingTime>
  <CasaVersion>6.5.4-9</CasaVersion><PipelineVersion>2023.1.0.124</PipelineVersion>
  <FinalScore>{min(scores)}</FinalScore></QaSummary>
  <QaPerStage>
{stages}
  </QaPerStage>
</PipelineAquaReport>
"""


def manual_weblog(path: str, *, run: str, mous: str, ebs: list[str], scripts: dict[str, str]) -> None:
    mtime = time.time()
    root = f"manual-{run}/html"
    with tarfile.open(path, "x:gz") as tar:
        links = "".join(f"<li><a href='{escape(n)}'>{escape(n)}</a></li>" for n in scripts)
        eb_list = "".join(f"<li>{e}</li>" for e in ebs)
        _add(
            tar,
            f"{root}/index.html",
            _page(
                f"Manual weblog {mous}",
                f"<h1>Manual weblog</h1><p>Member OUS {escape(mous)}</p>"
                f"<h2>Execution blocks</h2><ul>{eb_list}</ul>"
                f"<h2>Scripts</h2><ul>{links}</ul>",
            ),
            mtime,
        )
        for name, content in scripts.items():
            _add(tar, f"{root}/{name}", content, mtime)
