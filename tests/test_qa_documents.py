"""A member's QA documents and its weblogs, found one way: the weblogs the ``weblog`` command opens are the weblog
archives among the documents the QA card links and reads its run from, in qa/, in its subfolders, and, when qa/
has none, one level below the member (here with real pipeline weblogs: the demo's)."""

from __future__ import annotations

import os
import shutil

from qa2explorer.demo import layout
from qa2explorer.qa.documents import WEBLOG_KINDS, documents_of, find_weblogs, label
from qa2explorer.qa.member_qa import member_qa

M = "member.uid___A001_X1_X2"


def demo_member(demo_project, mous=layout.M12) -> str:
    return os.path.join(demo_project, f"science_goal.{layout.SOUS}", f"group.{layout.GOUS}", f"member.{mous}")


def weblogs_among_documents(member: str) -> list[str]:
    documents = documents_of(member)
    return [p for kind in WEBLOG_KINDS.values() for p in documents.get(kind, [])]


def test_a_members_weblogs_pipeline_first(tmp_path):
    member = tmp_path / M
    qa = member / "qa"
    (qa / "unpacked").mkdir(parents=True)
    for name in (f"{M}.manual_calimage.weblog.tgz", f"{M}.weblog.pdf", f"{M}.hifa_calimage.weblog.tgz",
                 "uid___A001_X1_X2.imaging_weblog.tgz", f"{M}.qa2_report.pdf", "unpacked/old.weblog.tar"):  # fmt: skip
        (qa / name).write_bytes(b"")
    found = [os.path.relpath(p, qa) for p in find_weblogs(str(member))]
    assert found == [f"{M}.hifa_calimage.weblog.tgz", "unpacked/old.weblog.tar", "uid___A001_X1_X2.imaging_weblog.tgz",
                     f"{M}.manual_calimage.weblog.tgz"]  # fmt: skip
    assert [label(n) for n in found] == ["pipeline weblog", "pipeline weblog", "imaging weblog", "manual weblog"]
    documents = documents_of(str(member))
    assert weblogs_among_documents(str(member)) == find_weblogs(str(member))
    assert documents["weblog_pdf"] == [str(qa / f"{M}.weblog.pdf")]  # linked on the card, but no archive to open


def test_a_weblog_one_level_below_the_member_is_found_by_every_view(tmp_path, demo_project):
    member = str(tmp_path / f"member.{layout.M12}")
    shutil.copytree(demo_member(demo_project), member, ignore=shutil.ignore_patterns("product"))
    (archive,) = find_weblogs(member)  # the demo's pipeline weblog, moved out of qa/
    below = os.path.join(member, "calibration", os.path.basename(archive))
    os.rename(archive, below)
    os.makedirs(os.path.join(member, "calibration", "deeper"))  # two levels below: not the member's
    shutil.copy(below, os.path.join(member, "calibration", "deeper", "other.weblog.tgz"))

    assert find_weblogs(member) == [below]
    assert weblogs_among_documents(member) == find_weblogs(member)
    documents = documents_of(member)
    assert documents["weblog"] == [below] and "qa2_report" in documents  # the rest still from qa/
    qa = member_qa(member)  # the QA card reads its run from the weblog found there
    assert qa.run is not None and qa.run.weblog == below and len(qa.stages) > 10
    assert qa.to_dict()["reports"]["weblog"] == [below]

    os.makedirs(os.path.join(member, "qa", "sub"))  # once qa/ (or a folder in it) holds one, it is the one
    inside = os.path.join(member, "qa", "sub", os.path.basename(below))
    shutil.copy(below, inside)
    assert find_weblogs(member) == weblogs_among_documents(member) == [inside]


def test_the_demo_members_weblogs_agree(demo_project):
    members = [demo_member(demo_project, mous) for mous in (layout.M12, layout.M7)]
    for member in members:
        assert find_weblogs(member) == weblogs_among_documents(member)
    pipeline, manual = (find_weblogs(m) for m in members)
    assert [label(p) for p in pipeline] == ["pipeline weblog"] and [label(p) for p in manual] == ["manual weblog"]
    assert member_qa(members[0]).run.weblog == pipeline[0]
