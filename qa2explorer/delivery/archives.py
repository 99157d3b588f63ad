"""List what a tar/tgz archive of the delivery holds, without extracting anything."""

from __future__ import annotations

import tarfile

from ..words import human_size

ARCHIVE_LIST_LIMIT = 5000


def list_archive(path: str, limit: int = ARCHIVE_LIST_LIMIT) -> str:
    """Members of a tar/tgz archive, one per line with its size; a damaged archive is said so at the end."""
    lines = []
    total = 0
    try:
        with tarfile.open(path, "r:*") as tar:
            for i, member in enumerate(tar):
                if i >= limit:
                    lines.append(f"… listing stopped after {limit:,} entries")
                    break
                kind = "/" if member.isdir() else (" -> " + member.linkname if member.issym() else "")
                lines.append(f"{human_size(member.size) if member.isfile() else '':>10}  {member.name}{kind}")
                total += member.size if member.isfile() else 0
    except (tarfile.TarError, OSError, EOFError) as exc:
        lines.append(f"The archive is damaged or truncated: {exc}")
    return f"{len(lines):,} entries, {human_size(total)} uncompressed\n\n" + "\n".join(lines)
