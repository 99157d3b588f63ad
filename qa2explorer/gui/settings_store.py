"""The app's remembered settings: recent deliveries, window layout, view preferences (QSettings, so the user
config folder of each platform)."""

from __future__ import annotations

import os

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 10
INFLATED_LIMIT_ENV = "QA2EXPLORER_INFLATED_LIMIT_GB"  # what imaging.gzcache reads (not imported here: numpy)


class SettingsStore:
    def __init__(self, settings: QSettings | None = None):
        self.qsettings = settings or QSettings()

    # -- recent deliveries -------------------------------------------------------------------------------
    def recent_paths(self) -> list[str]:
        value = self.qsettings.value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def add_recent(self, path: str) -> list[str]:
        paths = [path] + [p for p in self.recent_paths() if p != path]
        self.qsettings.setValue("recent", paths[:MAX_RECENT])
        return self.recent_paths()

    def clear_recent(self) -> None:
        self.qsettings.setValue("recent", [])

    # -- layout and preferences --------------------------------------------------------------------------
    def layout(self, key: str) -> QByteArray | None:
        """A saved geometry or splitter/header state, or None."""
        value = self.qsettings.value(f"window/{key}")
        return value if isinstance(value, QByteArray | bytes) else None

    def set_layout(self, key: str, state: QByteArray) -> None:
        self.qsettings.setValue(f"window/{key}", state)

    def preference(self, key: str, default, kind=str):
        return self.qsettings.value(f"view/{key}", default, type=kind)

    def set_preference(self, key: str, value) -> None:
        self.qsettings.setValue(f"view/{key}", value)

    def remembered(self, key: str, default, kind=str):
        """A restore choice (the CASA chosen, SPACESAVING)."""
        return self.qsettings.value(f"restore/{key}", default, type=kind)

    def remember(self, key: str, value) -> None:
        self.qsettings.setValue(f"restore/{key}", value)

    # -- the cache ---------------------------------------------------------------------------------------
    def cache_limit_gb(self) -> int | None:
        """The limit of the inflated FITS copies the user set (Preferences), or None for the default."""
        return int(self.qsettings.value("cache/limit_gb", 0, type=int)) or None

    def set_cache_limit_gb(self, gb: int) -> None:
        self.qsettings.setValue("cache/limit_gb", int(gb))
        self.apply_cache_limit()

    def apply_cache_limit(self) -> None:
        gb = self.cache_limit_gb()
        if gb:
            os.environ[INFLATED_LIMIT_ENV] = str(gb)

    def sync(self) -> None:
        self.qsettings.sync()
