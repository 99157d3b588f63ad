"""What the pipeline says about its run, read from its weblog without unpacking it: the versions of the pipeline
and of CASA, the recipe, when it ran and for how long, and the score of every stage.

The weblog archive (``…weblog.tgz``, hundreds of MB) is read as a stream, entry after entry, and only three
small pages are kept: ``pipeline_aquareport.xml`` (machine-readable scores, in modern weblogs), ``t1-4.html``
(the "By Task" page: the scores of older weblogs, and the short messages) and ``t1-1.html`` (the Home page:
versions, start, duration). The stream stops as soon as it holds all three; without an AQUA report it reads to the
end (where the pipeline's writer may have put it), and a damage found on the way is noted. Entries are never
written to disk, so a hostile archive cannot do harm here; its pages are only parsed as text.
"""

from __future__ import annotations

import html
import json
import os
import re
import tarfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import platformdirs

from ..delivery.tar_safety import READ_ERRORS, open_tar, read_error_text
from ..jobs import CancelToken, JobError, Reporter, os_error_text
from . import weblog
from .scores import Stage, from_aqua, from_task_page

PAGE_LIMIT = 20 * 1024**2  # bytes read of one page (a By Task page of a big run is < 1 MB)
_AQUA = re.compile(r"(^|/)(\w+\.)?pipeline_aquareport\.xml$")
_HOME = re.compile(r"(^|/)t1-1\.html$")
_TASKS = re.compile(r"(^|/)t1-4\.html$")


@dataclass
class PipelineRun:
    weblog: str  # the archive (or unpacked folder) read
    stages: list[Stage]
    source: str  # where the scores come from: "pipeline_aquareport.xml" or "t1-4.html"
    html_root: str = ""  # the weblog's html folder inside the archive ("pipeline-20240111T042109/html")
    casa_version: str | None = None
    pipeline_version: str | None = None
    version_source: str | None = None  # the page the versions were read from
    recipe: str | None = None
    started: str | None = None
    duration: str | None = None  # as the pipeline writes it: "6:41:12", "6 days, 10:26:12"
    notes: list[str] = field(default_factory=list)

    def stage_page(self, number: int) -> str:
        """The weblog page of stage ``number``, relative to the unpacked archive's top folder."""
        return f"{self.html_root + '/' if self.html_root else ''}t2-4m.html?sidebar=sidebar_stage{number}"

    def lowest(self, count: int = 5) -> list[Stage]:
        """The stages with the lowest scores (unscored ones left out), lowest first, ties in stage order."""
        scored = [s for s in self.stages if s.score is not None]
        return sorted(scored, key=lambda s: (s.score, s.number))[:count]

    def to_dict(self) -> dict:
        return {
            "weblog": self.weblog, "source": self.source, "html_root": self.html_root,
            "casa_version": self.casa_version, "pipeline_version": self.pipeline_version,
            "version_source": self.version_source, "recipe": self.recipe, "started": self.started,
            "duration": self.duration, "stages": [s.to_dict() for s in self.stages], "notes": self.notes,
        }  # fmt: skip

    @classmethod
    def from_dict(cls, d: dict) -> PipelineRun:
        stages = [Stage(s["number"], s["task"], s["score"], s.get("message", "")) for s in d["stages"]]
        return cls(d["weblog"], stages, d["source"], d.get("html_root", ""), d.get("casa_version"),
                   d.get("pipeline_version"), d.get("version_source"), d.get("recipe"), d.get("started"),
                   d.get("duration"), list(d.get("notes", [])))  # fmt: skip


def read_weblog_archive(path: str, token: CancelToken | None = None, report: Reporter | None = None) -> PipelineRun:
    """The run recorded in the weblog archive at ``path``. Raises :class:`JobError` with one line when it cannot be
    read or holds no stage scores (a manual weblog, or not a weblog)."""
    token = token or CancelToken()
    pages: dict[str, tuple[str, str]] = {}  # "aqua" / "home" / "tasks" -> (entry name, text)
    name = os.path.basename(path)
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as raw, open_tar(raw) as tar:
            while not _enough(pages):
                token.check()
                member = tar.next()
                if member is None:
                    break
                if report is not None and size:
                    report.progress(raw.tell() / size, f"reading {name}")
                key = _page_key(member)
                if key and key not in pages:
                    pages[key] = (member.name, _read(tar, member))
    except (*READ_ERRORS, OSError, UnicodeDecodeError) as exc:
        reason = read_error_text(exc)
        if not _usable(pages):
            raise JobError(f"cannot read the weblog {name}: {reason}") from None
        run = _run_from_pages(path, pages)
        run.notes.append(f"the archive is damaged ({reason}) after the pages read: it will not unpack whole")
        return run
    return _run_from_pages(path, pages)


def read_weblog_folder(folder: str) -> PipelineRun:
    """The run recorded in an unpacked weblog (its top folder, or any folder holding ``pipeline-*/html``)."""
    pages: dict[str, tuple[str, str]] = {}
    for top, dirs, files in os.walk(folder):
        dirs[:] = [d for d in sorted(dirs) if not d.startswith("stage") and not d.startswith("session")]
        for file in files:
            rel = os.path.relpath(os.path.join(top, file), folder)
            key = _key_of(rel)
            if key and key not in pages:
                with open(os.path.join(top, file), "rb") as f:
                    pages[key] = (rel, f.read(PAGE_LIMIT).decode("utf-8", "replace"))
    return _run_from_pages(folder, pages)


def read_aqua_file(path: str) -> PipelineRun:
    """The run recorded in an AQUA report delivered on its own (``<mous>.pipeline_aquareport.xml``)."""
    try:
        with open(path, "rb") as f:
            text = f.read(PAGE_LIMIT).decode("utf-8", "replace")
    except OSError as exc:
        raise JobError(f"cannot read {os.path.basename(path)}: {os_error_text(exc)}") from None
    return _run_from_pages(path, {"aqua": (os.path.basename(path), text)})


def _enough(pages: dict) -> bool:
    """All three pages read: the stream can stop. (Without an AQUA report it goes to the end, where the pipeline's
    writer may have put the report.)"""
    return len(pages) == 3


def _usable(pages: dict) -> bool:
    return "aqua" in pages or "tasks" in pages


def _page_key(member: tarfile.TarInfo) -> str | None:
    return _key_of(member.name) if member.isfile() and member.size <= PAGE_LIMIT else None


def _key_of(name: str) -> str | None:
    if _AQUA.search(name):
        return "aqua"
    if _HOME.search(name):
        return "home"
    if _TASKS.search(name):
        return "tasks"
    return None


def _read(tar: tarfile.TarFile, member: tarfile.TarInfo) -> str:
    f = tar.extractfile(member)
    return f.read(PAGE_LIMIT).decode("utf-8", "replace") if f is not None else ""


def _run_from_pages(weblog: str, pages: dict[str, tuple[str, str]]) -> PipelineRun:
    label = os.path.basename(weblog.rstrip("/"))
    stages: list[Stage] = []
    source = ""
    notes = []
    if "aqua" in pages:
        try:
            stages, source = from_aqua(pages["aqua"][1]), "pipeline_aquareport.xml"
        except ValueError as exc:
            notes.append(f"the AQUA report cannot be read ({exc}); scores from t1-4.html")
    if "tasks" in pages:
        page_stages = from_task_page(pages["tasks"][1])
        if not stages:
            stages, source = page_stages, "t1-4.html"
        else:  # the AQUA report's reasons are long sentences; the By Task page has the short messages
            short = {s.number: s.message for s in page_stages if s.message}
            stages = [Stage(s.number, s.task, s.score, short.get(s.number, s.message)) for s in stages]
    if not stages:
        if "aqua" in pages or "tasks" in pages:
            found = " and ".join(os.path.basename(pages[k][0]) for k in ("aqua", "tasks") if k in pages)
            raise JobError(f"no pipeline stage scores in {label}: its {found} lists no stages")
        raise JobError(f"no pipeline stage scores in {label}: neither pipeline_aquareport.xml nor t1-4.html is in "
                       "it (a manual weblog has none)")  # fmt: skip
    entry = pages.get("home", pages.get("tasks", pages.get("aqua")))[0]
    run = PipelineRun(weblog, stages, source, html_root=os.path.dirname(entry), notes=notes)
    if "aqua" in pages:
        _aqua_facts(run, pages["aqua"][1])
    if "home" in pages:
        _home_facts(run, pages["home"][1])
    return run


def _aqua_facts(run: PipelineRun, text: str) -> None:
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return
    run.casa_version = _text(root, "QaSummary/CasaVersion")
    run.pipeline_version = _text(root, "QaSummary/PipelineVersion")
    run.version_source = "pipeline_aquareport.xml" if run.casa_version or run.pipeline_version else None
    run.recipe = _text(root, "ProjectStructure/ProcessingProcedure")
    run.duration = _text(root, "QaSummary/ProcessingTime")


def _text(root: ET.Element, path: str) -> str | None:
    node = root.find(path)
    return node.text.strip() if node is not None and node.text and node.text.strip() else None


_ROW = re.compile(r"<th>\s*([^<]+?)\s*</th>\s*<td>(.*?)</td>", re.S | re.I)


def _home_facts(run: PipelineRun, text: str) -> None:
    """The Home page's Pipeline Summary: its rows fill what the AQUA report did not say."""
    rows = {label.lower(): _cell(value) for label, value in _ROW.findall(text)}
    casa = rows.get("casa version", "").split()
    pipeline = rows.get("pipeline version")
    if not run.casa_version and casa:
        run.casa_version = casa[0]
    if not run.pipeline_version and pipeline:
        run.pipeline_version = pipeline
    if run.version_source is None and (casa or pipeline):
        run.version_source = "t1-1.html"
    run.recipe = run.recipe or rows.get("pipeline recipe") or rows.get("recipe")
    run.started = rows.get("pipeline start") or run.started
    run.duration = rows.get("execution duration") or run.duration


def _cell(value: str) -> str:
    """A table cell as text: tags dropped, the documentation link's "(documentation)" too, spaces folded."""
    text = html.unescape(re.sub(r"<[^>]+>", "", value)).replace("\xa0", " ")
    text = re.sub(r"\(\s*documentation\s*\)", "", text)
    return " ".join(text.split())


CACHE_FORMAT = 2  # bumped when what is read changes (2: the AQUA report wherever it is stored)


def runs_cache_dir() -> str:
    """The weblog runs read so far (small JSON files, the user cache)."""
    return os.path.join(platformdirs.user_cache_dir("qa2explorer"), "weblog-runs")


def cached_weblog_run(path: str, token: CancelToken | None = None, report: Reporter | None = None) -> PipelineRun:
    """:func:`read_weblog_archive`, remembered in the user cache for as long as the archive keeps its size and
    time stamp: the first look streams the archive (about a second for 300 MB; or reads the pages of its unpacked
    copy when the browser's cache holds one), later ones read a small JSON file. What cannot be read is remembered
    too (a manual weblog is not streamed again to find it has no scores)."""
    try:
        ident = weblog.key(path)
    except OSError as exc:
        raise JobError(f"cannot read the weblog {os.path.basename(path)}: {os_error_text(exc)}") from None
    cache = os.path.join(runs_cache_dir(), ident + ".json")
    try:
        with open(cache, encoding="utf-8") as f:
            saved = json.load(f)
        if saved.get("format") == CACHE_FORMAT:
            if "error" in saved:
                raise JobError(saved["error"])
            return PipelineRun.from_dict(saved["run"])
    except (OSError, ValueError, KeyError, TypeError):
        pass  # not cached yet, or a cache file from another version: read the archive
    try:
        unpacked = weblog.cached(path)  # already unpacked for the browser: its pages are read directly
        run = read_weblog_archive(path, token, report) if unpacked is None else read_weblog_folder(unpacked)
        run.weblog = path
        saved = {"format": CACHE_FORMAT, "run": run.to_dict()}
    except JobError as exc:
        run, saved = exc, {"format": CACHE_FORMAT, "error": str(exc)}
    _save(cache, saved)
    if isinstance(run, JobError):
        raise run
    return run


def _save(path: str, data: dict) -> None:
    """Write the cache file whole or not at all (a cache that cannot be written only costs time)."""
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        partial = f"{path}.{os.getpid()}.partial"
        with open(partial, "w", encoding="utf-8") as f:
            json.dump(data, f)
        os.replace(partial, path)
    except OSError:
        pass
