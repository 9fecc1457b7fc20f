#!/usr/bin/python3
"""check_privacy.py STATE: personal data at rest in sertel's state directory.

Prints TAP lines (numbering continues from the second argument). Checks
that every stored document file, raw message and outgoing mail is sealed
("SRTL" magic, no NIK, no PDF/JPEG/PNG signature inside) and that every
document has its key.
"""
import hashlib
import os
import re
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import unseal  # noqa: E402

state, n = sys.argv[1], int(sys.argv[2])
failed = 0


def tap(cond, desc, got=None):
    global n, failed
    n += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", n, desc))
    if not cond:
        failed += 1
        if got is not None:
            print("#   got: %r" % (got,))


db = sqlite3.connect(os.path.join(state, "sertel.db"))
niks = [r[0] for r in db.execute("SELECT value FROM fields WHERE name='nik'")]
tap(len(niks) >= 5, "the samples gave NIKs to look for", len(niks))
docs = os.path.join(state, "docs")
names = sorted(os.listdir(docs))
tap(len(names) >= 20, "documents were stored", len(names))
bad = []
for f in names:
    b = open(os.path.join(docs, f), "rb").read()
    if (not re.fullmatch(r"[0-9a-f]{64}", f) or b[:5] != b"SRTL\x01"
            or any(k.encode() in b for k in niks)
            or b"%PDF-" in b or b"JFIF\x00" in b or b"\x89PNG\r\n" in b):
        bad.append(f)
tap(not bad, "every document file is sealed (no plaintext inside)", bad[:3])
stored = {r[0] for r in db.execute("SELECT stored_name FROM documents")}
keyed = {r[0] for r in db.execute("SELECT file_id FROM seals")}
tap(stored <= keyed, "every document has its key in the store",
    sorted(stored - keyed)[:3])
tap(stored == set(names), "the files are exactly the stored documents",
    sorted(set(names) ^ stored)[:3])
rows = db.execute("SELECT raw, file_id FROM messages WHERE raw IS NOT NULL")
bad = [fid for raw, fid in rows
       if raw[:5] != b"SRTL\x01" or fid not in keyed
       or b"From:" in raw or any(k.encode() in raw for k in niks)]
tap(not bad, "every raw message is sealed", bad[:3])
rows = db.execute("SELECT raw, file_id FROM outbox")
bad = [fid for raw, fid in rows if raw[:5] != b"SRTL\x01" or b"Subject:" in raw]
tap(not bad, "every outgoing mail is sealed", bad[:3])
seeds = [len(r[0]) for r in db.execute("SELECT seed FROM seals")]
tap(seeds and set(seeds) == {32}, "each file has its own 32-byte seed",
    set(seeds))
tap(len(set(r[0] for r in db.execute("SELECT seed FROM seals"))) == len(seeds),
    "no two seeds are the same")
# The documented format, read by an independent implementation: every
# document opens with the master key and its seed, to the bytes received.
keys = unseal.load_keys(os.path.join(state, "master.key"))
bad = []
for fid, sha in db.execute("SELECT stored_name, sha256 FROM documents"):
    try:
        p = unseal.unseal(keys, unseal.seed_of(db, fid), fid,
                          open(os.path.join(docs, fid), "rb").read())
        if hashlib.sha256(p).hexdigest() != sha:
            bad.append(fid)
    except Exception as e:  # noqa: BLE001
        bad.append("%s: %r" % (fid[:12], e))
tap(not bad, "every document opens with Python's AES-GCM and HKDF to the "
    "SHA-256 recorded", bad[:3])
fid, sha = db.execute("SELECT stored_name, sha256 FROM documents").fetchone()
other = db.execute("SELECT file_id FROM seals WHERE file_id <> ?",
                   (fid,)).fetchone()[0]
try:
    unseal.unseal(keys, unseal.seed_of(db, other), other,
                  open(os.path.join(docs, fid), "rb").read())
    tap(False, "a file presented under another id does not open")
except Exception:  # noqa: BLE001
    tap(True, "a file presented under another id does not open")
print(n, file=sys.stderr)
sys.exit(1 if failed else 0)
