#!/bin/sh
# sertel ktp over a freshly generated set of synthetic cards: accuracy
# thresholds on the variants a clean office scanner produces, colour always
# right, every inconsistent NIK caught, hostile images refused.
. "$(dirname "$0")/lib.sh"
seed=${SERTEL_SEED:-$(date +%s)}
echo "# seed $seed (reproduce: SERTEL_SEED=$seed prove -v $0)"

$PY "$TOP/tests/gen/genktp.py" --seed "$seed" --count 28 --out "$T/cards" \
    --variants clean,grey,flatbed,inconsistent --jobs 2 >/dev/null 2>&1
ok $? "genktp.py writes 28 cards"
ls "$T"/cards/*.jpg "$T"/cards/*.png 2>/dev/null >"$T/files"
"$SERTEL" ktp --json $(cat "$T/files") >"$T/read.jsonl" 2>"$T/err"
ok $? "sertel ktp reads every card (exit 0)"

$PY - "$T/cards/truth.json" "$T/read.jsonl" "$n" 2>"$T/n" <<'PYEOF' | tee "$T/tap"
import json, os, sys
truth = {os.path.basename(t["file"]): t for t in json.load(open(sys.argv[1]))}
got = {}
for line in open(sys.argv[2]):
    r = json.loads(line)
    got[os.path.basename(r["file"])] = r
n = int(sys.argv[3])
def tap(cond, desc, detail=""):
    global n
    n += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (n, desc))
    if not cond and detail:
        print("#   " + str(detail)[:600])
cards = list(truth.values())
tap(len(got) == len(cards), "one reading per card", len(got))
nik_ok = [t["file"] for t in cards if got.get(t["file"], {}).get("nik") ==
          t["fields"]["nik"]]
tap(len(nik_ok) >= 0.95 * len(cards), "NIK exact on >= 95%% of office scans "
    "(%d/%d)" % (len(nik_ok), len(cards)),
    [t["file"] for t in cards if t["file"] not in nik_ok])
# A regression guard, not the accuracy figure (that is `make bench-ktp`):
# 28 random cards scatter around the mean, so the floor sits where a real
# regression, not an unlucky draw, falls through. On these office scans
# the fields below were read right on 80 of 80 cards (seed 20261121).
for k, floor in (("nama", 0.9), ("tanggal_lahir", 0.9),
                 ("jenis_kelamin", 0.9), ("kecamatan", 0.9),
                 ("kabupaten_kota", 0.9), ("rt_rw", 0.9)):
    good = sum(got.get(t["file"], {}).get(k) == t["fields"][k] for t in cards)
    tap(good >= floor * len(cards), "%s exact on >= %d%% (%d/%d)" % (
        k, floor * 100, good, len(cards)),
        [(t["file"], got.get(t["file"], {}).get(k)) for t in cards
         if got.get(t["file"], {}).get(k) != t["fields"][k]])
tap(all(got.get(t["file"], {}).get("colour") == t["colour"] for t in cards),
    "colour judged right on every card",
    [(t["file"], t["colour"]) for t in cards
     if got.get(t["file"], {}).get("colour") != t["colour"]])
tap(all(got.get(t["file"], {}).get("is_ktp") for t in cards),
    "every card is recognised as a KTP")
# The cross-check: a sure NIK unlike the form is flagged; an unsure one goes
# to the verifier. Every inconsistent card must end up one or the other.
missed = []
for t in cards:
    r = got.get(t["file"], {})
    sure = r.get("confidence", {}).get("nik", 0) >= 0.60
    if not t["nik_consistent"] and sure and r.get("nik") == t["form_nik"]:
        missed.append(t["file"])
tap(not missed, "every inconsistent NIK is flagged or sent to the verifier",
    missed)
wrong = [t["file"] for t in cards if t["nik_consistent"] and
         got.get(t["file"], {}).get("confidence", {}).get("nik", 0) >= 0.60
         and got.get(t["file"], {}).get("nik") != t["form_nik"]]
tap(len(wrong) <= 1, "at most one consistent card flagged by a sure misread",
    wrong)
print(n, file=sys.stderr)
PYEOF
grep -q "^not ok" "$T/tap" && failed=$((failed + 1))
n=$(tail -1 "$T/n")

# Hostile images: refused with a reason, quickly, nothing crashes.
printf '\177ELF\002\001\001' >"$T/elf.jpg"
"$SERTEL" ktp "$T/elf.jpg" 2>"$T/e1"
is $? 65 "an executable named .jpg is refused (EX_DATAERR)"
grep -q "BMP and GIF refused" "$T/e1"
ok $? "with the reason"
printf 'GIF89a\001\000\001\000' >"$T/x.gif"
"$SERTEL" ktp "$T/x.gif" 2>/dev/null
is $? 65 "a GIF is refused before decoding"
$PY -c '
import struct, zlib, sys
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
sys.stdout.buffer.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))' >"$T/huge.png"
start=$(date +%s)
"$SERTEL" ktp "$T/huge.png" 2>"$T/e2"
is $? 65 "a PNG claiming 60000x60000 is refused"
grep -q "PL_MAX_IMG" "$T/e2"
ok $? "by its header, naming the limit"
[ $(( $(date +%s) - start )) -lt 5 ]
ok $? "without decoding it (under 5 s)"
head -c 3000 "$T/cards/$(head -1 "$T/files" | xargs basename)" >"$T/cut.jpg"
"$SERTEL" ktp "$T/cut.jpg" >/dev/null 2>&1
rc=$?
[ "$rc" -eq 0 ] || [ "$rc" -eq 65 ]
ok $? "a truncated JPEG gives a reading or a clear refusal (exit $rc)"
done_testing
