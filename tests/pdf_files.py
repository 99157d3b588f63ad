"""Real PDF files for the tests: report-like documents written with matplotlib, broken ones, and an encrypted one
written here by the PDF standard's own algorithms (RC4, 40-bit key, revision 2), since no PDF writer that
encrypts (pypdf, pikepdf, qpdf) is installed with the project."""

from __future__ import annotations

import hashlib
import struct

import numpy as np
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

A4 = (8.27, 11.69)
CALIBRATOR = "J1924-2914"


def write_report(path: str, title: str = "QA2 report uid://A001/X1/X2") -> dict[int, int]:
    """A three-page A4 report: text and a table naming the bandpass calibrator (page 1: 3 times), a 400×300
    image (page 2: no calibrator), a plot titled with it (page 3: once). Returns the calibrator's count per
    page (from 0)."""
    with PdfPages(path, metadata={"Title": title, "Author": "ALMA QA2 analyst"}) as pdf:
        fig = Figure(figsize=A4)
        fig.text(0.08, 0.95, "QA2 Report", fontsize=17, weight="bold", va="top")
        lines = [f"Bandpass calibrator: {CALIBRATOR}", "Phase calibrator: J1751+0939", "QA2 status: PASS"]
        lines += [f"EB uid___A002_X{i}a   calibrator {CALIBRATOR}   PWV 1.{i} mm" for i in range(2)]
        for k, line in enumerate(lines):
            fig.text(0.10, 0.88 - 0.02 * k, line, fontsize=10, va="top")
        pdf.savefig(fig)
        fig = Figure(figsize=A4)
        ax = fig.add_axes((0.1, 0.3, 0.8, 0.5))
        ax.imshow(np.random.default_rng(1).random((300, 400)), cmap="inferno", interpolation="none")
        ax.set_title("Continuum image")
        pdf.savefig(fig)
        fig = Figure(figsize=(11.69, 8.27))  # landscape
        ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
        ax.plot(np.arange(50), np.sin(np.arange(50) / 5))
        ax.set_title(f"Amplitude of {CALIBRATOR} against time")
        pdf.savefig(fig)
    return {0: 3, 1: 0, 2: 1}


def write_image_only(path: str) -> None:
    """One page with a picture and no text at all (a scanned page)."""
    with PdfPages(path) as pdf:
        fig = Figure(figsize=A4)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.axis("off")
        ax.imshow(np.random.default_rng(2).random((200, 150)), cmap="gray")
        pdf.savefig(fig)


# --------------------------------------------------------------------------------------- encryption
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
SECRET_TEXT = "Secret QA2 outcome"


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def write_encrypted(path: str, user_password: str, owner_password: str = "owner") -> None:
    """A one-page PDF with the text ``SECRET_TEXT``, encrypted with the standard security handler (revision 2):
    it opens only with ``user_password``."""
    file_id = hashlib.md5(path.encode()).digest()
    permissions = -4  # all allowed
    owner = _rc4(hashlib.md5((owner_password.encode() + _PAD)[:32]).digest()[:5], (user_password.encode() + _PAD)[:32])
    key = hashlib.md5((user_password.encode() + _PAD)[:32] + owner + struct.pack("<i", permissions) + file_id).digest()[
        :5
    ]
    user = _rc4(key, _PAD)

    def encrypt(number: int, data: bytes) -> bytes:
        return _rc4(hashlib.md5(key + struct.pack("<i", number)[:3] + b"\0\0").digest()[:10], data)

    content = encrypt(4, f"BT /F1 24 Tf 72 700 Td ({SECRET_TEXT}) Tj ET".encode())
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + owner.hex().encode() + b"> /U <" + user.hex().encode()
        + b"> /P %d >>" % permissions,
    ]  # fmt: skip
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    ident = file_id.hex().encode()
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 6 0 R /ID [<%s> <%s>] >>\n" % (len(objects) + 1, ident, ident)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    with open(path, "wb") as f:
        f.write(out)
