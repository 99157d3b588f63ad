"""What downloaded archive files hold, read before anything is unpacked: real tar files of a member as the ALMA
archive hands them out, and the ways downloads go wrong (an HTML page saved as .tar, a truncated tarball, a
split set with a part missing, raw data, README or auxiliary tarballs not downloaded, a hostile entry); each
archive's status, kind and contents in a few words; progress while the archives are read."""

import os
import tarfile
from pathlib import Path

from qa2explorer.download.contents import Gap, inspect
from qa2explorer.jobs import CancelToken, Reporter
from tests.archives import EBS, MOUS, PROJECT, broken_set, download_set, make_tar


def test_a_members_tarballs_are_named_with_their_kind_member_and_top_folder(tmp_path):
    paths = download_set(tmp_path)
    plan = inspect([str(tmp_path)])
    kinds = {a.name: a.kind for a in plan.archives}
    assert kinds == {os.path.basename(p): k for k, p in paths.items()}
    assert all(a.members == [MOUS] and a.tops == [PROJECT] and not a.problem for a in plan.archives)
    assert plan.total == sum(a.unpacked for a in plan.archives) > 3000


def test_the_raw_data_the_ppr_and_readme_name_but_not_downloaded_is_a_gap_not_a_problem(tmp_path):
    download_set(tmp_path)
    plan = inspect([str(tmp_path)])
    assert plan.problems == []
    assert plan.raw_missing == {MOUS: ["uid://A002/Xe1d2cb/X5678"]}
    assert plan.gaps == [f"member {MOUS}: raw data not downloaded, 1 ASDM: {EBS[1]}"]


def test_the_raw_data_of_a_member_is_expected_from_its_readme_alone(tmp_path):
    paths = download_set(tmp_path)
    os.remove(paths["product_tar"])
    os.remove(paths["asdm_tar"])
    plan = inspect([str(tmp_path)])
    assert plan.raw_missing == {MOUS: ["uid://A002/Xe1d2cb/X1234", "uid://A002/Xe1d2cb/X5678"]}


def test_a_missing_readme_and_auxiliary_tarball_are_reported(tmp_path):
    paths = download_set(tmp_path)
    plan = inspect([paths["product_tar"], paths["asdm_tar"]])
    assert any("README tarball not downloaded" in g for g in plan.gaps)
    assert any("auxiliary tarball not downloaded" in g for g in plan.gaps)


def test_a_split_set_names_the_parts_not_downloaded(tmp_path):
    for i in (1, 3):
        make_tar(tmp_path / f"2011.0.00772.S_2012-12-01_00{i}_of_003.tar", [(f"2011.0.00772.S/part{i}.txt", b"x")])
    plan = inspect([str(tmp_path)])
    assert plan.gaps == ["1 part of 003 not downloaded: 2011.0.00772.S_2012-12-01_002_of_003.tar"]
    assert plan.problems == []


def test_an_html_error_page_saved_as_tar_is_a_problem_named_before_unpacking(tmp_path):
    page = tmp_path / f"{PROJECT}_{MOUS}_001_of_001.tar"
    page.write_text("\n<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head></html>")
    plan = inspect([str(page)])
    assert plan.problems == [f"{page.name}: an HTML page (an error page the browser saved?), not a tar archive: "
                             "download it again"]  # fmt: skip


def test_a_truncated_tarball_is_a_problem_whether_cut_in_data_or_at_a_header(tmp_path):
    paths = download_set(tmp_path, product_bytes=20_000)
    whole = Path(paths["product_tar"]).read_bytes()
    with tarfile.open(paths["product_tar"]) as tar:
        last = tar.getmembers()[-1].offset  # where the product's header starts
    cut_in_data = tmp_path / "a" / os.path.basename(paths["product_tar"])
    cut_at_header = tmp_path / "b" / os.path.basename(paths["product_tar"])
    for path, size in ((cut_in_data, len(whole) - 15_000), (cut_at_header, last)):
        path.parent.mkdir()
        path.write_bytes(whole[:size])
        assert inspect([str(path)]).problems == [f"{path.name}: truncated: download it again"]


def test_a_hostile_entry_is_a_problem(tmp_path):
    evil = make_tar(tmp_path / "evil.tar", [("../outside.txt", b"x")])
    assert inspect([evil]).problems == ["evil.tar: refused: the entry '../outside.txt' leads outside the folder it "
                                        "is unpacked into"]  # fmt: skip


def test_a_readme_tarball_without_a_member_tree_speaks_for_the_member_in_its_name(tmp_path):
    readme = make_tar(tmp_path / f"member_{MOUS}_README.txt.tar", [("README", f"EB {EBS[1]}\n".encode())])
    assert inspect([readme]).raw_missing == {MOUS: ["uid://A002/Xe1d2cb/X5678"]}


def test_each_archive_has_a_status_a_kind_and_what_it_holds_and_a_missing_part_its_member(tmp_path):
    broken_set(tmp_path)
    plan = inspect([str(tmp_path)])
    shown = {a.name: (a.kind_label, a.status, a.holds) for a in plan.archives}
    assert shown == {
        f"{PROJECT}_{MOUS}_001_of_003.tar": ("products, part 1 of 3", "ok", f"member {MOUS} (1 file)"),
        f"{PROJECT}_{MOUS}_003_of_003.tar": ("products, part 3 of 3", "truncated", f"member {MOUS} (1 file)"),
        f"{PROJECT}_{MOUS}_auxiliary.tar": ("auxiliary files", "html", ""),
        f"member_{MOUS}_README.txt.tar": ("README", "ok", f"member {MOUS} (1 file)"),
    }
    assert plan.missing == [Gap("part", f"{PROJECT}_{MOUS}_002_of_003.tar", MOUS),
                            Gap("raw", EBS[0], MOUS), Gap("raw", EBS[1], MOUS)]  # fmt: skip
    assert [g.what for g in plan.missing] == ["part 2 of 3 not downloaded"] + ["raw data (ASDM) not downloaded"] * 2


def test_a_hostile_or_corrupt_archive_has_its_status(tmp_path):
    evil = make_tar(tmp_path / "evil.tar", [("../outside.txt", b"x")])
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"\x01" * 4096)
    assert [(a.status, a.problem) for a in inspect([evil, str(junk)]).archives] == [
        ("hostile", "refused: the entry '../outside.txt' leads outside the folder it is unpacked into"),
        ("corrupt", "not a tar archive: download it again"),
    ]


def test_reading_reports_the_bytes_read_of_all_archives_and_the_one_being_read(tmp_path):
    paths = download_set(tmp_path)
    events = []
    token = CancelToken()
    inspect([str(tmp_path)], token, Reporter(events.append, token))
    assert list(dict.fromkeys(e.message for e in events)) == [f"Reading {os.path.basename(p)} ({i} of 4)"
                                           for i, p in enumerate(sorted(paths.values()), 1)]  # fmt: skip
    fractions = [e.progress for e in events]
    assert fractions[0] == 0 and fractions == sorted(fractions) and fractions[-1] < 1
