"""Open a delivery headless: locate, list, measure and summarise (what the CLI does; the window does the same
steps in a worker so it can show each as it completes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .locate import Location, locate
from .overview import DeliverySummary, summarise
from .scan import Node, ScanStats, measure, scan


@dataclass
class Loaded:
    location: Location
    root: Node
    stats: ScanStats
    summary: DeliverySummary


def load(path: str, *, should_stop: Callable[[], bool] | None = None) -> Loaded:
    """Raises :class:`~qa2explorer.delivery.locate.NotADelivery` for paths that hold no delivery."""
    location = locate(path)
    root, stats = scan(location.root, member_paths=location.members, should_stop=should_stop)
    measure(root, should_stop=should_stop)
    return Loaded(location, root, stats, summarise(root, stats))
