"""The corpus excerpts kept with the tests (tests/data/corpus, see its PROVENANCE.md)."""

from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
LEGUS_TREE = CORPUS / "legus-alma_script.md"


def corpus_names(filename: str) -> list[str]:
    """Names of one corpus list, without comments and blank lines."""
    out = []
    for line in (CORPUS / filename).read_text(encoding="utf-8").splitlines():
        name = line.split("\t")[0].strip()
        if name and not name.startswith("#"):
            out.append(name)
    return out
