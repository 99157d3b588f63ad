"""Tar archives built in tests: a gzip-compressed tar of the given entries, in the order given."""

from __future__ import annotations

import io
import os
import tarfile


def make_tgz(path, files: dict[str, bytes | str]) -> str:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in files.items():
            raw = data.encode() if isinstance(data, str) else data
            info = tarfile.TarInfo(name)
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
    return str(path)


def make_tar(path, entries, mode: str = "w") -> str:
    """A tar file (plain unless ``mode`` says otherwise) of ``entries``: (name, bytes) for files, or ready
    TarInfo objects (links, devices, folders), in the order given. Its folder is made if needed."""
    os.makedirs(os.path.dirname(str(path)) or ".", exist_ok=True)
    with tarfile.open(path, mode) as tar:
        for entry in entries:
            if isinstance(entry, tarfile.TarInfo):
                tar.addfile(entry)
            else:
                name, data = entry
                info = tarfile.TarInfo(name)
                info.size, info.mtime = len(data), 1_600_000_000
                tar.addfile(info, io.BytesIO(data))
    return str(path)


# A member as the ALMA archive hands it out: product, auxiliary, README and raw (ASDM) tarballs
PROJECT = "2019.1.01234.S"
MOUS = "uid___A001_X1465_X1b48"
EBS = ("uid___A002_Xe1d2cb_X1234", "uid___A002_Xe1d2cb_X5678")
MEMBER = f"{PROJECT}/science_goal.uid___A001_X1465_X1b46/group.uid___A001_X1465_X1b47/member.{MOUS}"


def download_set(folder, product_bytes: int = 3000) -> dict[str, str]:
    """The tarballs of one member in ``folder`` (the raw data of the first EB only): kind -> path."""
    from qa2explorer.demo import texts

    ppr = texts.ppr(PROJECT, "uid___A001_X1465_X1b46", "uid___A001_X1465_X1b47", MOUS,
                    {"session_1": list(EBS)}, "2020-01-01T00:00:00")  # fmt: skip
    fits = bytes(range(256)) * (product_bytes // 256 + 1)
    product = [(f"{MEMBER}/script/PPR_uid___A001_X1465_X1b49.xml", ppr.encode()),
               (f"{MEMBER}/script/member.{MOUS}.hifa_calimage.casa_pipescript.py", b"context = h_init()\n"),
               (f"{MEMBER}/qa/{MOUS}.qa2_report.pdf", b"%PDF-1.4\n%%EOF\n"),
               (f"{MEMBER}/product/member.{MOUS}.J1234_sci.spw25.cont.I.pbcor.fits", fits[:product_bytes])]  # fmt: skip
    aux = [(f"{MEMBER}/calibration/{MOUS}.hifa_calimage.auxproducts.tgz", b"\x1f\x8b" + b"\0" * 100),
           (f"{MEMBER}/calibration/{EBS[0]}.ms.calapply.txt", b"applycal(vis='x')\n")]  # fmt: skip
    readme = [(f"{MEMBER}/README", f"Project: {PROJECT}\nEBs: {EBS[0]} {EBS[1]}\n".encode())]
    asdm = [(f"{MEMBER}/raw/{EBS[0]}.asdm.sdm/ASDM.xml", b"<ASDM/>"),
            (f"{MEMBER}/raw/{EBS[0]}.asdm.sdm/Main.xml", b"<Main/>")]  # fmt: skip
    return {
        "product_tar": make_tar(f"{folder}/{PROJECT}_{MOUS}_001_of_001.tar", product),
        "auxiliary_tar": make_tar(f"{folder}/{PROJECT}_{MOUS}_auxiliary.tar", aux),
        "readme_tar": make_tar(f"{folder}/member_{MOUS}_README.txt.tar", readme),
        "asdm_tar": make_tar(f"{folder}/{PROJECT}_{EBS[0]}.asdm.sdm.tar", asdm),
    }


def broken_set(folder, part_bytes: int = 3000) -> dict[str, str]:
    """A member's download gone wrong in ``folder``: a split set of three with part 2 never downloaded and part 3
    truncated, the auxiliary tarball an HTML page the browser saved, the README naming two EBs whose ASDMs were
    not downloaded: name -> path of what is there."""
    data = bytes(range(256)) * (part_bytes // 256 + 1)
    parts = {
        i: make_tar(f"{folder}/{PROJECT}_{MOUS}_00{i}_of_003.tar",
                    [(f"{MEMBER}/product/member.{MOUS}.J1234_sci.spw{i}.cube.I.pbcor.fits", data[:part_bytes])])
        for i in (1, 3)
    }  # fmt: skip
    with open(parts[3], "rb+") as f:
        f.truncate(os.path.getsize(parts[3]) // 2)
    aux = f"{folder}/{PROJECT}_{MOUS}_auxiliary.tar"
    with open(aux, "w") as f:
        f.write("<!DOCTYPE html><html><body>Your session has expired</body></html>")
    readme = make_tar(f"{folder}/member_{MOUS}_README.txt.tar",
                      [(f"{MEMBER}/README", f"Project: {PROJECT}\nEBs: {EBS[0]} {EBS[1]}\n".encode())])  # fmt: skip
    return {os.path.basename(p): p for p in (parts[1], parts[3], aux, readme)}
