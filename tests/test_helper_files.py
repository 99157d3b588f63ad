"""The parsers of a member's helper files on real examples (tests/data/corpus/helperfiles: the pipeline User's
Guide, ALMA-IMF, a Cycle-5 casa_commands.log), on the demo's files, and on malformed input."""

from __future__ import annotations

import json
import os
import tarfile
from pathlib import Path

import numpy as np
import pytest
from astropy.io import fits

from qa2explorer.delivery.archives import listing_text, read_listing
from qa2explorer.imaging.spw_extent import frequency_extent, member_spw_extents
from qa2explorer.qa.calapply import calapply_table
from qa2explorer.qa.commands_log import logged_stages
from qa2explorer.qa.cont_ranges import NO_RANGES, cont_rows, cont_table
from qa2explorer.qa.csv_tables import antennapos_table, flux_table
from qa2explorer.qa.flag_commands import flag_table
from qa2explorer.qa.helper_table import NotRecognised
from tests.corpus import CORPUS
from tests.helper_member import AUX, PREFIX, demo_member, helper_member

HELPERS = CORPUS / "helperfiles"


def corpus(name: str) -> str:
    return (HELPERS / name).read_text(encoding="utf-8")


def column(table, title: str) -> list:
    i = [c.title for c in table.columns].index(title)
    return [row[i] for row in table.rows]


# --- cont.dat ---


def test_cont_dat_of_alma_imf_per_spw_with_total_widths():
    rows = cont_rows(corpus("ALMA-IMF_W43-MM1.B6.12m.cont.dat"))
    assert [r.spw for r in rows] == [25, 27, 29, 31, 33, 35, 37, 39] and {r.field for r in rows} == {"W43-MM1"}
    assert sum(len(r.ranges) for r in rows) == 35 and {r.frame for r in rows} == {"LSRK"}
    spw25 = rows[0]
    assert spw25.ranges[0] == (216.016e9, 216.032e9)
    assert spw25.total_hz == pytest.approx((16 + 18 + 40 + 90) * 1e6)
    assert spw25.fraction is None and spw25.span == (216.016e9, 216.245e9)  # no cube: only the ranges
    table = cont_table(rows)
    assert column(table, "Total width") [0] == 164.0 and column(table, "Fraction of spw")[0] is None  # fmt: skip
    assert table.summary.startswith("1 field, 8 spws, 35 continuum ranges.") and "not known" in table.summary


def test_cont_dat_pl2024_names_flags_and_spws_without_ranges():
    rows = cont_rows(corpus("userguide.cont.dat"))
    by_spw = {r.spw: r for r in rows}
    assert by_spw[19].ranges == () and by_spw[19].state == NO_RANGES
    assert by_spw[19].name == "X1913589666#ALMA_RB_06#BB_2#SW-01#FULL_RES"
    assert by_spw[25].flags == ("ALLCONT",) and by_spw[25].state.startswith("ALLCONT")
    assert len(by_spw[29].ranges) == 4 and by_spw[29].state == ""


def test_all_and_none_lines_are_said():
    rows = cont_rows("Field: T\n\nSpectralWindow: 1\nNONE\n\nSpectralWindow: 2\nALL\n\nSpectralWindow: 3\n")
    assert [r.state for r in rows] == ["NONE: no continuum found", "ALL: the whole spw is continuum", NO_RANGES]


def _cube(path, crval: float, cdelt: float, nchan: int) -> None:
    hdu = fits.PrimaryHDU(np.zeros((nchan, 4, 4), np.float32))
    hdu.header["CTYPE3"], hdu.header["CRVAL3"], hdu.header["CDELT3"], hdu.header["CRPIX3"] = "FREQ", crval, cdelt, 1
    hdu.writeto(path)


def test_the_spw_extent_from_the_members_cube_gives_the_fraction(tmp_path):
    member = tmp_path / "member.uid___A001_X1_X2"
    (member / "product").mkdir(parents=True)
    # spw 5: 1.875 GHz from 100 GHz (128 channels of 14.6484375 MHz, centres from 100 GHz + half a channel)
    width = 1.875e9 / 128
    _cube(member / "product" / "member.uid___A001_X1_X2.Orion_KL_sci.spw5.cube.I.pbcor.fits", 100e9 + width / 2,
          width, 128)  # fmt: skip
    _cube(member / "product" / "member.uid___A001_X1_X2.Orion_KL_sci.spw7.cube.I.pbcor.fits", 90e9, 1e6, 10)
    assert frequency_extent(str(member / "product" / "member.uid___A001_X1_X2.Orion_KL_sci.spw5.cube.I.pbcor.fits")) \
        == pytest.approx((100e9, 101.875e9))  # fmt: skip
    text = "Field: Orion KL\n\nSpectralWindow: 5\n100.0~100.5GHz TOPO\n101.0~101.375GHz TOPO\n\nSpectralWindow: 7\n" \
           "95.0~95.1GHz TOPO\n"  # fmt: skip
    extents = member_spw_extents(str(member), ["Orion KL"])
    assert set(extents) == {("Orion KL", 5), ("Orion KL", 7)}
    rows = cont_rows(text, extents)
    assert rows[0].frame == "TOPO" and rows[0].fraction == pytest.approx(0.875 / 1.875)
    assert rows[1].extent is None and rows[1].fraction is None  # a 10-channel cube at 90 GHz is not that spw
    assert "known for 1 of 2" in cont_table(rows).summary


def test_the_demo_cont_dat_from_its_auxproducts(demo_project, tmp_path):
    member = helper_member(demo_project, str(tmp_path))
    text = Path(os.path.join(member, "calibration", f"{PREFIX}.cont.dat")).read_text()
    rows = cont_rows(text, member_spw_extents(member, ["NGC_3627"]))
    assert [(r.spw, len(r.ranges)) for r in rows] == [(17, 2), (19, 1), (21, 1), (23, 1)]
    # the demo's cubes are a few hundred MHz wide, narrower than the ranges: no fraction is claimed
    assert all(r.fraction is None for r in rows)


# --- flux.csv, antennapos ---


def test_flux_csv_of_the_users_guide():
    table = flux_table(corpus("userguide.flux.csv"))
    assert [c.heading for c in table.columns][:8] == ["ms", "field", "spw", "I (Jy)", "Q (Jy)", "U (Jy)", "V (Jy)",
                                                      "spix"]  # fmt: skip
    assert len(table.rows) == 16 and column(table, "spw")[:3] == [23, 25, 27]
    assert column(table, "I")[0] == pytest.approx(1.7632620185868495) and column(table, "spix")[-1] == -0.468
    assert column(table, "comment")[0].startswith("# field=J1517-2422")  # its quote left open by the page: kept
    assert table.summary == "16 flux densities: 2 fields × 8 spws."


def test_flux_and_antennapos_of_the_demo(demo_project):
    with tarfile.open(os.path.join(demo_member(demo_project), "calibration", AUX)) as tar:
        flux = tar.extractfile("flux.csv").read().decode()
        antpos = tar.extractfile("antennapos.csv").read().decode()
    table = flux_table(flux)
    assert len(table.rows) == 8 and set(column(table, "I")) == {3.12}
    pos = antennapos_table(antpos)
    assert len(pos.rows) == 3 and column(pos, "comment")[0] == "# position correction from the ALMA antenna database"


def test_antennapos_of_the_users_guide_with_lengths_in_mm():
    table = antennapos_table(corpus("userguide.antennapos.csv"))
    assert [c.heading for c in table.columns] == ["name", "antenna", "xoff (m)", "yoff (m)", "zoff (m)",
                                                  "length (mm)", "comment"]  # fmt: skip
    assert column(table, "antenna")[:2] == ["DA41", "DA42"] and len(table.rows) == 10
    assert column(table, "length")[0] == pytest.approx(1e3 * np.sqrt(5.29597e-06**2 + 1.16080e-05**2 + 1.60051e-04**2),
                                                       abs=1e-3)  # fmt: skip


def test_antennapos_json():
    doc = {"data": {"DA41": [0.0001, 0.0, 0.0], "DV02": [0.0, -0.0002, 0.0]},
           "metadata": {"asdm": "uid___A002_Xe1f219_X9dbf", "timestamp": "2025-01-02"}}  # fmt: skip
    table = antennapos_table(json.dumps(doc))
    assert column(table, "antenna") == ["DA41", "DV02"] and column(table, "length") == [0.1, 0.2]
    assert "uid___A002_Xe1f219_X9dbf" in table.summary
    with pytest.raises(NotRecognised, match="data"):
        antennapos_table('{"metadata": {}}')


# --- calapply ---


def test_calapply_of_the_demo_lists_each_table_with_its_interp_and_calwt(demo_project):
    cal = os.path.join(demo_member(demo_project), "calibration")
    name = next(n for n in sorted(os.listdir(cal)) if n.endswith(".ms.calapply.txt"))
    table = calapply_table(Path(os.path.join(cal, name)).read_text())
    assert len(table.rows) == 1 and table.summary == "1 applycal call, 6 calibration tables applied."
    tables = column(table, "gaintable")[0].split("\n")
    assert tables[0] == "h_tsyscal.s6_1.tsyscal.tbl" and tables[3].startswith("hifa_bandpass.s13_4.")
    assert column(table, "interp")[0].split("\n")[3] == "linear,linearflag"
    assert column(table, "calwt")[0].split("\n")[:2] == ["True", "False"]
    assert column(table, "vis")[0] == name[: -len(".calapply.txt")]


def test_calapply_of_several_calls_and_an_unfinished_one():
    text = ("applycal(vis='a.ms', field='1', intent='CALIBRATE_BANDPASS#ON_SOURCE', gaintable=['a.ms.t1'])\n"
            "applycal(vis='a.ms', field='2,3', gaintable='a.ms.t2',\n")  # fmt: skip
    table = calapply_table(text)
    assert column(table, "field") == ["1", "2,3"] and column(table, "gaintable") == ["t1", "t2"]
    with pytest.raises(NotRecognised, match="no applycal"):
        calapply_table("gaincal(vis='a.ms')\n")


# --- flag commands ---


def test_flag_template_of_the_users_guide_skips_its_examples():
    table = flag_table(corpus("userguide.flagtemplate.txt"))
    assert table.summary == "1 active flag command; 15 comment lines skipped."
    (row,) = table.rows
    assert row[0] == 16 and column(table, "field") == ["J0542-0913"]
    assert column(table, "spw") == ["25:230.513~230.525GHz,33:220.380~220.386GHz"]


def test_flag_templates_of_alma_imf_and_the_demo(demo_project):
    table = flag_table(corpus("ALMA-IMF_uid___A002_Xc6ff69_X41e4.flagtemplate.txt"))
    assert column(table, "antenna") == ["CM06"] and column(table, "reason") == ["Tsys problems"]
    cal = os.path.join(demo_member(demo_project), "calibration")
    name = next(n for n in sorted(os.listdir(cal)) if n.endswith(".flagtemplate.txt"))
    demo = flag_table(Path(os.path.join(cal, name)).read_text())
    assert column(demo, "mode") == ["manual"] and column(demo, "reason") == ["QA2:high_Tsys"]
    assert column(demo, "comment") == [name.split(".")[0]]  # the trailing comment names the EB


def test_flag_commands_with_other_keys_and_only_comments():
    table = flag_table("mode='manual' scan='3,4' autocorr=False timerange='10:00:00~10:01:00'\n\n")
    assert column(table, "scan") == ["3,4"] and column(table, "other") == ["autocorr=False"]
    assert flag_table("# mode='manual' antenna='DV01'\n").summary.startswith("No active flag command")
    with pytest.raises(NotRecognised, match="line 2"):
        flag_table("mode='manual'\nthis is prose\n")


# --- casa_commands.log ---


def test_casa_commands_log_of_a_cycle5_pipeline_run():
    stages = logged_stages(corpus("astropenguin_2016.1.00023.S.casa_commands.log"))
    assert [s.task for s in stages] == ["hifa_importdata", "hifa_flagdata", "hifa_fluxcalflag", "hif_rawflagchans",
                                        "h_tsyscal"]  # fmt: skip
    assert [[t.task for t in s.tasks] for s in stages] == [["importasdm"], ["flagdata"], [], ["flagdata"], ["gencal"]]
    importasdm = stages[0].tasks[0]
    assert importasdm.line == 17 and importasdm.summary.startswith("vis='uid___A002_Xc27dd7_X2fc3.ms'")
    assert stages[1].tasks[0].summary == ("vis='uid___A002_Xc27dd7_X2fc3.ms', mode='list', "
                                          "inpfile='uid___A002_Xc27dd7_X2fc3.flagcmds.txt'")  # fmt: skip
    assert stages[2].summary == "pipelinemode='automatic'"


def test_casa_commands_log_of_the_demo(demo_project):
    script = os.path.join(demo_member(demo_project), "script")
    name = next(n for n in os.listdir(script) if n.endswith("casa_commands.log"))
    stages = logged_stages(Path(os.path.join(script, name)).read_text())
    assert [(s.task, [t.task for t in s.tasks]) for s in stages] == [("hifa_importdata", ["importasdm"]),
                                                                     ("hifa_flagdata", ["flagdata"])]  # fmt: skip


# --- malformed input ---

BAD = {
    "empty": "",
    "blank": "\n\n  \n",
    "binary": "\x00\x01PK\x03\x04" + "\ufffd" * 200,
    "prose": "Dear PI,\nthis file has nothing of what its name says.\n",
}


@pytest.mark.parametrize("parse", [cont_rows, flux_table, antennapos_table, calapply_table, flag_table,
                                   logged_stages], ids=lambda f: f.__name__)  # fmt: skip
@pytest.mark.parametrize("text", BAD.values(), ids=BAD.keys())
def test_malformed_input_is_not_recognised_never_a_crash(parse, text):
    with pytest.raises(NotRecognised):
        parse(text)


def test_csv_with_wrong_columns_or_values():
    with pytest.raises(NotRecognised, match="lacks I"):
        flux_table("ms,field,spw,flux\na.ms,0,1,2\n")
    with pytest.raises(NotRecognised, match="line 4 has 2 values"):
        flux_table("field,spw,I\n0,1,2.0\n\n0,1\n")
    with pytest.raises(NotRecognised, match="not a number"):
        flux_table("field,spw,I\n0,1,two\n")


# --- archives ---


def test_archive_listing_of_the_demo_and_of_a_truncated_copy(demo_project, tmp_path):
    aux = os.path.join(demo_member(demo_project), "calibration", AUX)
    listing = read_listing(aux)
    names = [e.name for e in listing.entries]
    assert names == [f"{PREFIX}.cont.dat", "flux.csv", "antennapos.csv", f"{PREFIX}.hifa_calimage.selfcal.json"]
    assert listing.problem == "" and listing.total == sum(e.size for e in listing.entries) > 0
    assert listing.summary().startswith("4 entries (4 files), ")
    data = Path(aux).read_bytes()
    cut = tmp_path / "cut.tgz"
    cut.write_bytes(data[: len(data) // 2])
    damaged = read_listing(str(cut))
    assert damaged.problem.startswith("The archive is damaged or truncated")
    assert len(damaged.entries) < 4 and "damaged or truncated" in listing_text(damaged)
    junk = tmp_path / "junk.tgz"
    junk.write_bytes(b"\x1f\x8b not really gzip")
    assert read_listing(str(junk)).problem and read_listing(str(junk)).entries == []
    garbage = tmp_path / "garbage.weblog.tgz"
    garbage.write_bytes(b"<html>an error page saved under the archive's name</html>" * 20)
    assert read_listing(str(garbage)).problem == "Not a tar archive, or damaged from its start"  # one line


def test_one_file_of_an_archive_is_read_into_memory_or_refused_in_words(demo_project, tmp_path):
    from qa2explorer.delivery.archives import read_entry
    from qa2explorer.jobs import JobError

    aux = os.path.join(demo_member(demo_project), "calibration", AUX)
    assert read_entry(aux, "flux.csv").startswith(b"ms,field,spw,I,Q,U,V")
    with pytest.raises(JobError, match="not in the archive"):
        read_entry(aux, "nothing.csv")
    with pytest.raises(JobError, match="more than the"):
        read_entry(aux, "flux.csv", limit=10)
    cut = tmp_path / "cut.tgz"
    cut.write_bytes(Path(aux).read_bytes()[:300])
    with pytest.raises(JobError, match="damaged or truncated"):
        read_entry(str(cut), "antennapos.csv")
