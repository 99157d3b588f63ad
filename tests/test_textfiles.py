"""Facts read from real delivery text files: the PPR and reducer READMEs."""

import shutil

from qa2explorer.delivery.opening import load
from qa2explorer.delivery.textfiles import array_from_configuration, parse_ppr, readme_facts
from tests.corpus import CORPUS

PPR = CORPUS / "PPR_uid___A001_X121_X4bb.xml"


def test_real_ppr():
    ppr = parse_ppr(str(PPR))
    assert ppr.project == "2013.1.00269.S"
    assert ppr.mous == "uid://A001/X121/X4ba"
    assert ppr.gous == "uid://A001/X121/X4b7" and ppr.science_goal == "uid://A001/X121/X4b6"
    assert ppr.sessions == {
        "session_1": ["uid://A002/X95e355/X1f13"],
        "session_2": ["uid://A002/X95e355/X220a"],
        "session_3": ["uid://A002/X9cffbd/Xefe"],
        "session_4": ["uid://A002/X9d13e3/Xd4f"],
    }
    assert ppr.ebs == ["uid://A002/X95e355/X1f13", "uid://A002/X95e355/X220a", "uid://A002/X9cffbd/Xefe",
                       "uid://A002/X9d13e3/Xd4f"]  # fmt: skip
    assert "hifa_importdata" in ppr.commands and not ppr.imaging_foreseen


def test_broken_or_huge_ppr_is_ignored(tmp_path):
    bad = tmp_path / "PPR_uid___A001_X1_X2.xml"
    bad.write_text("<SciPipeRequest><ProjectSummary>")
    assert parse_ppr(str(bad)) is None
    assert parse_ppr(str(tmp_path / "missing.xml")) is None


def test_readme_configuration_gives_the_array():
    w51 = readme_facts((CORPUS / "W51_2013.1.00308.S_script_12m_README").read_text())
    feo = readme_facts((CORPUS / "FeO_2015.1.00262.S_script_band4_README").read_text())
    assert w51["project"] == "2013.1.00308.S" and array_from_configuration(w51["configuration"]) == "12-m"
    assert feo["project"] == "2015.1.00262.S" and array_from_configuration(feo["configuration"]) == "12-m"
    assert array_from_configuration("7m (ACA)") == "7-m" and array_from_configuration("") is None


def test_renamed_member_takes_its_identity_from_the_ppr_and_readme(tmp_path):
    member = tmp_path / "band3" / "12m"
    for section in ("product", "calibration", "script", "raw"):
        (member / section).mkdir(parents=True)
    shutil.copy(PPR, member / "script" / PPR.name)
    shutil.copy(CORPUS / "W51_2013.1.00308.S_script_12m_README", member / "README")
    for eb in ("uid___A002_X95e355_X1f13", "uid___A002_X95e355_X220a"):
        (member / "raw" / f"{eb}.asdm.sdm").mkdir()
    loaded = load(str(tmp_path))
    (m,) = loaded.summary.members
    assert m.project == "2013.1.00269.S" and m.cycle == 2  # the PPR wins over the README of another project
    assert m.mous == "uid://A001/X121/X4ba" and m.group == "uid://A001/X121/X4b7"
    assert m.calibration_mode == "pipeline" and m.imaging_mode is None
    assert len(m.ebs) == 4 and m.raw_missing == ["uid://A002/X9cffbd/Xefe", "uid://A002/X9d13e3/Xd4f"]
    assert m.array == "12-m" and m.array_evidence.startswith("folder name")
    assert list(m.sessions) == ["session_1", "session_2", "session_3", "session_4"]


def test_readme_tells_the_array_when_folders_do_not(tmp_path):
    member = tmp_path / "member.uid___A001_X121_X4ba"
    for section in ("product", "script"):
        (member / section).mkdir(parents=True)
    shutil.copy(CORPUS / "W51_2013.1.00308.S_script_12m_README", member / "README")
    (m,) = load(str(member)).summary.members
    assert m.array == "12-m" and m.array_evidence.startswith("README: “Configuration: 12m array")
    assert m.project == "2013.1.00308.S"


def test_total_power_member_from_real_names(tmp_path):
    """TP deliveries: sd.im products without intent or specmode (corpus names), hsd_ pipeline scripts."""
    member = tmp_path / "member.uid___A001_X133e_X3c"
    (member / "product").mkdir(parents=True)
    (member / "script").mkdir()
    for spw in (17, 21):
        (member / "product" / f"member.uid___A001_X133e_X3c.G5.spw{spw}.I.sd.im.fits").write_bytes(b"")
    (member / "script" / "member.uid___A001_X133e_X3c.hsd_calimage.casa_piperestorescript.py").write_text("")
    (m,) = load(str(member)).summary.members
    assert m.array == "TP" and m.total_power and m.array_evidence == "single-dish (sd) image products"
    assert m.imaging_mode == "pipeline" and m.calibration_mode == "pipeline"
    assert [t.name for t in m.targets] == ["G5"] and m.spws == [17, 21]
    assert m.products["by_layer"] == {"sd": 2} and m.products["by_specmode"] == {"none": 2}
    assert [s.label for s in m.image_sets] == ["single dish · Stokes I", "single dish · Stokes I"]


def test_cont_dat_of_the_pipeline_user_guide_format():
    from qa2explorer.delivery.contdat import parse_cont_dat, ranges_for

    text = (
        "Field: hh666\n\nSpectralWindow: 19 X1913589666#ALMA_RB_06#BB_2#SW-01#FULL_RES\n\n"
        "SpectralWindow: 25 X1913589666#ALMA_RB_06#BB_1#SW-01#FULL_RES\nFlags: ALLCONT\n"
        "219.3452433728~219.8069245935GHz LSRK\n\nSpectralWindow: 29 X19#ALMA_RB_06#BB_4#SW-01#FULL_RES\n"
        "230.0866113521~230.0958888260GHz LSRK\n230.1017482832~230.1100491809GHz LSRK\n"
    )
    fields = parse_cont_dat(text)
    assert list(fields) == ["hh666"] and fields["hh666"][25].flags == ["ALLCONT"]
    assert fields["hh666"][19].ranges == []
    assert ranges_for(fields, "HH 666", [29]) == [(230.0866113521e9, 230.095888826e9, "LSRK"),
                                                  (230.1017482832e9, 230.1100491809e9, "LSRK")]  # fmt: skip
    assert ranges_for(fields, "other", [29]) == [] and ranges_for(fields, None, [29]) == []
