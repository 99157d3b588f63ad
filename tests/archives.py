"""Tar archives built in tests: a gzip-compressed tar of the given entries, in the order given."""

from __future__ import annotations

import io
import tarfile


def make_tgz(path, files: dict[str, bytes | str]) -> str:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in files.items():
            raw = data.encode() if isinstance(data, str) else data
            info = tarfile.TarInfo(name)
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
    return str(path)
