"""Which pipeline stage made an image: the real header's FILNAM cards (values verbatim from a real ALMA product,
../shared/corpus/fits/HEADERS.md), a working name that still carries the stage token, a manual product, a file
that is not FITS; the demo member's products by stage."""

import gzip
import os

import numpy as np
from astropy.io import fits

from qa2explorer.imaging.provenance import products_by_stage, provenance

REAL_FILNAM = ["uid___A001_X1288_Xba8", "s33_0   ", "NGC3504_sci", "spw25   ", "cube    ", "I       ", "iter1   ",
               "image   ", "pbcor   "]  # fmt: skip


def write(path, cards: dict) -> str:
    hdu = fits.PrimaryHDU(np.zeros((4, 4), np.float32))
    for key, value in cards.items():
        hdu.header[key] = value
    if str(path).endswith(".gz"):
        with gzip.open(path, "wb") as f:
            hdu.writeto(f)
    else:
        hdu.writeto(path)
    return str(path)


def filnam_cards(parts) -> dict:
    return {**{f"FILNAM{i:02d}": p for i, p in enumerate(parts, start=1)}, "NFILNAM": len(parts)}


def test_the_stage_from_a_real_header(tmp_path):
    path = write(
        tmp_path / "member.uid___A001_X1288_Xba8.NGC3504_sci.spw25.cube.I.pbcor.fits", filnam_cards(REAL_FILNAM)
    )
    made = provenance(path)
    assert made.stage == 33 and made.source == "FITS header (FILNAM)"
    assert made.working_name == "uid___A001_X1288_Xba8.s33_0.NGC3504_sci.spw25.cube.I.iter1.image.pbcor"
    gz = write(tmp_path / "member.uid___A001_X1288_Xba8.NGC3504_sci.spw25.cube.I.pb.fits.gz", filnam_cards(REAL_FILNAM))
    assert provenance(gz).stage == 33


def test_from_the_name_a_manual_product_and_not_fits(tmp_path):
    assert provenance("/nowhere/uid___A001_X87d_X497.s33_0.NGC1068_sci.spw22.cube.I.iter1.image.pbcor.fits").stage == 33
    manual = write(tmp_path / "member.uid___A001_X1_X2.NGC_sci.spw16.cont.I.manual.pbcor.fits", {"OBJECT": "NGC"})
    assert provenance(manual) is None
    junk = tmp_path / "member.uid___A001_X1_X2.NGC_sci.spw16.cont.I.pbcor.fits"
    junk.write_bytes(b"<html>not fits</html>")
    assert provenance(str(junk)) is None
    no_stage = write(tmp_path / "b.fits", filnam_cards(["uid___A001_X1_X2", "NGC_sci", "cont"]))
    assert provenance(no_stage).stage is None and provenance(no_stage).working_name == "uid___A001_X1_X2.NGC_sci.cont"


def test_the_demo_members_products_by_stage(demo_project):
    member = next(os.path.join(top, d) for top, dirs, _ in os.walk(demo_project) for d in dirs if d.endswith("X1c2"))
    by_stage = products_by_stage(member)
    assert sorted(by_stage) == [21, 30, 33, 35]  # calibrators, per-spw mfs, continuum, cubes
    assert all("_ph." in p or "_bp." in p for p in by_stage[21])
    assert all(".cube." in p for p in by_stage[35])


def stage_cards(stage: int) -> dict:
    return filnam_cards(["uid___A001_X1_X2", f"s{stage}_0", "NGC_sci", "spw25", "cube", "I", "iter1", "image", "pbcor"])


def test_a_header_is_read_once_until_its_file_changes(tmp_path, header_reads):
    member = tmp_path / "member.uid___A001_X1_X2"
    (member / "product").mkdir(parents=True)
    cube = write(member / "product" / "member.uid___A001_X1_X2.NGC_sci.spw25.cube.I.pbcor.fits", stage_cards(33))
    mfs = write(member / "product" / "member.uid___A001_X1_X2.NGC_sci.spw25.mfs.I.pb.fits.gz", stage_cards(30))
    junk = member / "product" / "member.uid___A001_X1_X2.NGC_sci.spw25.mfs.I.mask.fits"
    junk.write_bytes(b"not a FITS header" * 200)
    first = products_by_stage(str(member))
    assert first == {30: [mfs], 33: [cube]}
    assert sorted(header_reads) == sorted(os.path.basename(p) for p in (cube, mfs, junk))
    header_reads.clear()
    assert products_by_stage(str(member)) == first and header_reads == []  # nothing read again, the junk neither
    assert provenance(cube).stage == 33 and header_reads == []  # a product's stage line asks the same

    before = os.stat(cube)
    os.remove(cube)
    write(cube, stage_cards(35))  # rewritten: the same size, and given a later time than it had
    assert os.path.getsize(cube) == before.st_size
    os.utime(cube, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    assert products_by_stage(str(member)) == {30: [mfs], 35: [cube]}
    assert header_reads == [os.path.basename(cube)]
