"""The preview registry: from a tree item (a file by its kind or extension, a folder by its role) to the
widget that shows it.

A preview is a ``QWidget`` subclass with a class method ``accepts(node)`` and ``show_node(node)``; it
registers itself with ``@register`` in its own module (or, when its libraries are heavy, is registered by
name with :func:`register_lazy`). The preview area creates each preview once, when first needed, and asks the
registry which one fits the selected item: the accepting preview with the highest ``priority`` wins (the
image viewer, above the fallback that only offers the desktop's application).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtWidgets import QWidget

from ...delivery.scan import Node
from ...qa.server_pool import ServerPool
from ...viewstate import ViewState
from ..file_actions import FileActions
from ..job_runner import JobRunner


@dataclass
class PreviewContext:
    """What previews may use: the job runner (all file reads go through it), the view state, file actions,
    a way to select another item of the delivery, the status bar's readout (cursor position, value), and a way
    to open the Restore panel for a member."""

    runner: JobRunner
    state: ViewState
    actions: FileActions
    select_path: Callable[[str], None]
    status: Callable[[str], None] = lambda _text: None
    restore: Callable[[str], None] = lambda _member: None  # open the Restore panel for a member folder
    weblog_servers: ServerPool = field(default_factory=ServerPool)


class Preview(QWidget):
    """Base of every preview. ``for_files`` previews appear under the file page's header; the others (folder
    pages) take the whole area."""

    for_files = True
    priority = 0
    fields_collapsed = False  # file previews: start with the decoded name's fields folded away

    def __init__(self, context: PreviewContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context

    @classmethod
    def accepts(cls, node: Node) -> bool:
        raise NotImplementedError

    def show_node(self, node: Node) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        """Forget the shown item (and drop its pending reads)."""

    @property
    def slot(self) -> str:
        """The job-runner slot of this preview's reads: a new item supersedes the previous read."""
        return f"preview:{type(self).__name__}"

    def read(self, fn: Callable[[], object], on_result: Callable, on_failed: Callable[[str], None]) -> None:
        """Run ``fn`` (a file read) as a job off the UI thread; only the latest read of this preview reports."""
        handle = self.context.runner.start(lambda _token, _report: fn(), slot=self.slot)
        handle.result.connect(on_result)
        handle.failed.connect(on_failed)

    def drop_reads(self) -> None:
        self.context.runner.cancel(self.slot)


@dataclass(frozen=True)
class LazyPreview:
    """A registry entry whose preview class (and its heavy imports: pyqtgraph, astropy…) loads only when an
    item it accepts is first shown, so the window starts without them."""

    target: str  # "package.module:Class"
    accepts: Callable[[Node], bool]
    priority: int = 0

    def load(self) -> type[Preview]:
        module, name = self.target.split(":")
        return getattr(importlib.import_module(module), name)


_REGISTRY: list[type[Preview] | LazyPreview] = []
# the image viewer's plots (pyqtgraph), loaded after its first picture
PLOT_MODULES = ("qa2explorer.gui.spectrum_plot", "qa2explorer.gui.levels_histogram", "qa2explorer.gui.beam_plot")


def register(cls: type[Preview]) -> type[Preview]:
    _REGISTRY.append(cls)
    _REGISTRY.sort(key=lambda c: -c.priority)
    return cls


def register_lazy(target: str, accepts: Callable[[Node], bool], priority: int = 0) -> None:
    _REGISTRY.append(LazyPreview(target, accepts, priority))
    _REGISTRY.sort(key=lambda c: -c.priority)


def preview_for(node: Node) -> type[Preview] | None:
    for entry in _REGISTRY:
        if entry.accepts(node):
            return entry.load() if isinstance(entry, LazyPreview) else entry
    return None


def lazy_modules() -> list[str]:
    """The modules of the previews registered by name, for the window's warm-up (:mod:`..warm_up`)."""
    return [entry.target.split(":")[0] for entry in _REGISTRY if isinstance(entry, LazyPreview)]
