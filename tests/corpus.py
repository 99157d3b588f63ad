"""Paths into the shared reference material (../shared relative to the repository)."""

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
NAMES = CORPUS / "names"
SEEDS = SHARED / "seeds"


def corpus_names(filename: str) -> list[str]:
    """Names of one corpus list (first column of .tsv files), without comments and blank lines."""
    out = []
    for line in (NAMES / filename).read_text(encoding="utf-8").splitlines():
        name = line.split("\t")[0].strip()
        if name and not name.startswith("#") and name != "name":
            out.append(name)
    return out
