#!/usr/bin/env python3
"""A valid two-page ticket PDF of about SIZE_MB megabytes ("Seat 1", "Seat 2"), padded with an incompressible stream."""
import os, sys

size = int(float(sys.argv[2]) * 1024 * 1024)
out = sys.argv[1]
objs = []
content = [b"BT /F1 24 Tf 72 700 Td (Ticket - Seat %d) Tj ET" % n for n in (1, 2)]
objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
objs.append(b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>")
for n in (1, 2):
    objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 7 0 R >> >> /Contents %d 0 R >>" % (4 + n))
for c in content:
    objs.append(b"<< /Length %d >>\nstream\n" % len(c) + c + b"\nendstream")
objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
pad = os.urandom(max(0, size - 2048))
objs.append(b"<< /Length %d >>\nstream\n" % len(pad) + pad + b"\nendstream")
with open(out, "wb") as f:
    f.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(f.tell())
        f.write(b"%d 0 obj\n" % i + o + b"\nendobj\n")
    xref = f.tell()
    f.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        f.write(b"%010d 00000 n \n" % off)
    f.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
