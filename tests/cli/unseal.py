"""unseal.py: an independent reader of sertel's sealed files (vault.h).

Written from the documented format with Python's cryptography package, not
from the C code, so a test that opens sertel's files with it checks the
format as well as the round trip:

    key  = HKDF-SHA256(master key, salt = seed, info = "sertel file v1" NUL id)
    file = "SRTL" 0x01 len(keyid) keyid nonce[12] ciphertext tag[16]
    AAD  = the header up to and with the nonce, then the file id
"""
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def load_keys(path):
    """The master keys of a key file: {keyid: 32 bytes}."""
    keys = {}
    for line in open(path):
        line = line.strip()
        if line and not line.startswith("#"):
            kid, hexkey = line.split()
            keys[kid] = bytes.fromhex(hexkey)
    return keys


def unseal(keys, seed, file_id, blob):
    """The plaintext of blob sealed as file_id; raises when it does not
    open (cryptography.exceptions.InvalidTag, KeyError, ValueError)."""
    if blob[:5] != b"SRTL\x01":
        raise ValueError("not a sealed file")
    il = blob[5]
    kid = blob[6:6 + il].decode()
    hl = 6 + il + 12
    nonce = blob[6 + il:hl]
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=seed,
               info=b"sertel file v1\0" + file_id.encode()).derive(keys[kid])
    return AESGCM(key).decrypt(nonce, blob[hl:], blob[:hl] +
                               file_id.encode())


def seed_of(db, file_id):
    row = db.execute("SELECT seed FROM seals WHERE file_id = ?",
                     (file_id,)).fetchone()
    return row[0] if row else None
