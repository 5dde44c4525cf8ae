#!/usr/bin/env python3
"""Checks bench/linkage_gen2.py's output and prints the proportions it came out with.

    python3 bench/linkage_gen2_check.py DIR            # check one output
    python3 bench/linkage_gen2_check.py --determinism  # same seed -> same bytes, other seed -> other bytes

Asserts the contract (columns, formats, every id once in the truth, exact row count) and what truth
groups must share; prints the measured shares for bench/linkage_gen2.md. Standard library only.
"""

import csv
import hashlib
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from itertools import combinations

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import linkage_gen2_data as D  # noqa: E402
COLUMNS = [
    "id", "given_name", "family_name", "sex", "birth_date", "age_years", "phone", "id_document",
    "father_name", "mother_name", "origin_commune", "current_site", "household_id", "registered_on",
]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def digits(phone):
    d = re.sub(r"\D", "", phone)
    return d[-8:] if d else ""


def fold(text):
    table = str.maketrans("àâäáéèêëíîïóôöúùûüçÀÂÄÁÉÈÊËÍÎÏÓÔÖÚÙÛÜÇ", "aaaaeeeeiiiooouuuucAAAAEEEEIIIOOOUUUUC")
    return set(text.translate(table).lower().replace("-", " ").split())


def place_key(name):
    for prefix in ("Cercle de ", "Région de ", "CERCLE DE ", "RÉGION DE ", "REGION DE ", "Region de "):
        if name.startswith(prefix):
            name = name[len(prefix):]
    return " ".join(sorted(fold(name))).replace("ou", "u")


def place_index():
    """Every way an origin may be written -> the (commune, cercle, région) it may stand for."""
    index = defaultdict(set)
    for region, cercles in D.PLACES.items():
        for cercle, (communes, _) in cercles.items():
            for commune in communes:
                triple = (commune, cercle, region)
                for name in (commune, cercle, region):
                    index[place_key(name)].add(triple)
    for name, variants in D.PLACE_VARIANTS.items():
        for v in variants:
            index[place_key(v)] |= index[place_key(name)]
    return index


def birth_year(r):
    if r["birth_date"]:
        return int(r["birth_date"][:4])
    if r["age_years"]:
        return int(r["registered_on"][:4]) - int(r["age_years"])
    return None


def check(folder, expected_rows=None):
    with open(os.path.join(folder, "people.csv"), newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        assert next(reader) == COLUMNS, "people.csv columns"
        rows = [dict(zip(COLUMNS, r)) for r in reader]
    with open(os.path.join(folder, "truth.csv"), newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        assert next(reader) == ["id", "person_id"], "truth.csv columns"
        truth = dict(reader)
    if expected_rows is not None:
        assert len(rows) == expected_rows, (len(rows), expected_rows)
    ids = [r["id"] for r in rows]
    assert len(set(ids)) == len(ids), "ids are unique"
    assert set(ids) == set(truth), "every id once in the truth"
    for r in rows:
        assert r["sex"] in ("M", "F", ""), r
        assert r["birth_date"] == "" or DATE.match(r["birth_date"]), r
        assert r["age_years"] == "" or r["age_years"].isdigit(), r
        assert DATE.match(r["registered_on"]), r
        if DATE.match(r["birth_date"]):
            y, m, d = map(int, r["birth_date"].split("-"))
            assert 1 <= m <= 12 and 1 <= d <= 31, r
            assert r["birth_date"] <= r["registered_on"], ("born after registration", r)

    groups = defaultdict(list)
    for r in rows:
        groups[truth[r["id"]]].append(r)
    members_of_form = defaultdict(set)
    for r in rows:
        members_of_form[r["household_id"]].add(truth[r["id"]])

    # One person's origins, however written, must all fit one commune.
    places = place_index()
    for person, recs in groups.items():
        fits = None
        for r in recs:
            if r["origin_commune"]:
                key = place_key(r["origin_commune"])
                assert key in places, ("origin not in the place table", r)
                fits = places[key] if fits is None else fits & places[key]
        assert fits is None or fits, ("one person, origins that fit no single commune", recs)

    n = len(rows)
    pairs = Counter()
    phone_both = phone_diff = 0
    sex_conflict = 0
    shared_name_word = 0
    year_gap = Counter()
    for person, recs in groups.items():
        for a, b in combinations(recs, 2):
            ya, yb = birth_year(a), birth_year(b)
            if ya is not None and yb is not None:
                gap = abs(ya - yb)
                assert gap <= 25, ("one person, births too far apart", a, b)
                year_gap[min(gap, 5)] += 1
            words_a = fold(a["given_name"] + " " + a["family_name"])
            shared_name_word += bool(words_a & fold(b["given_name"] + " " + b["family_name"]))
            if a["household_id"] == b["household_id"]:
                pairs["same form"] += 1
            elif len(members_of_form[a["household_id"]] & members_of_form[b["household_id"]]) >= 2:
                pairs["household registered again"] += 1
            else:
                pairs["alone or with another household"] += 1
            pa, pb = digits(a["phone"]), digits(b["phone"])
            if pa and pb:
                phone_both += 1
                phone_diff += pa != pb
            if a["sex"] and b["sex"] and a["sex"] != b["sex"]:
                sex_conflict += 1
    total_pairs = sum(pairs.values())
    # Spelling drift must not swamp identity: most records of one person still share a name word.
    assert shared_name_word >= 0.7 * total_pairs, (shared_name_word, total_pairs)
    # Different people who look alike: within one form, same family name and same phone.
    same_form_lookalikes = 0
    twins = 0
    forms = defaultdict(list)
    for r in rows:
        forms[r["household_id"]].append(r)
    for recs in forms.values():
        for a, b in combinations(recs, 2):
            if truth[a["id"]] == truth[b["id"]]:
                continue
            if a["phone"] and a["phone"] == b["phone"] and a["family_name"] == b["family_name"]:
                same_form_lookalikes += 1
            bd = a["birth_date"]
            if bd and bd == b["birth_date"] and not bd.endswith(("-01-01", "-12-31")):
                twins += 1

    adult_ages = [int(r["age_years"]) for r in rows if r["age_years"] and int(r["age_years"]) >= 20]
    birth_kind = Counter()
    for r in rows:
        bd = r["birth_date"]
        kind = "empty" if not bd and not r["age_years"] else "age only" if not bd else (
            "01-01" if bd.endswith("-01-01") else "12-31" if bd.endswith("-12-31") else "full date")
        birth_kind[kind] += 1
    form_sizes = Counter(len(v) for v in forms.values())

    def share(k, of):
        return f"{100 * k / of:.1f} %" if of else "-"

    print(f"rows {n}, people {len(groups)}, rows that are a repeat of someone {share(n - len(groups), n)}")
    print(f"forms {len(forms)}, mean rows per form {n / len(forms):.2f}, largest {max(form_sizes)}")
    print(f"true pairs {total_pairs}: " + ", ".join(f"{k} {share(v, total_pairs)}" for k, v in pairs.most_common()))
    print(f"phones differ in {share(phone_diff, phone_both)} of true pairs where both have one")
    print(f"sex conflicts in {share(sex_conflict, total_pairs)} of true pairs; "
          f"a name word in common in {share(shared_name_word, total_pairs)}")
    dated = sum(year_gap.values())
    print("birth years (date, or registration year - age) apart in true pairs: "
          + ", ".join(f"{k}{'+' if k == 5 else ''} {share(v, dated)}" for k, v in sorted(year_gap.items())))
    print(f"different people on one form sharing phone and family name: {same_form_lookalikes} pairs; "
          f"sharing a full birth date (twins): {twins} pairs")
    print("birth written as: " + ", ".join(f"{k} {share(v, n)}" for k, v in birth_kind.most_common()))
    print(f"adult ages (20+) on a multiple of 5: {share(sum(a % 5 == 0 for a in adult_ages), len(adult_ages))}")
    for col in ("phone", "id_document", "father_name", "mother_name", "origin_commune", "sex", "given_name"):
        print(f"  {col} empty {share(sum(not r[col] for r in rows), n)}")
    if n >= 5000:
        # The designed shapes, with room for chance (see linkage_gen2.md for where each comes from).
        assert 0.15 <= 1 - len(groups) / n <= 0.40, "share of rows that repeat someone"
        assert pairs["household registered again"] > 0.5 * total_pairs, "issue 13: most duplicates are households"
        assert 0.30 <= phone_diff / phone_both <= 0.50, "issue 13: phones differ in nearly 40 % of true pairs"
        assert 0.40 <= sum(a % 5 == 0 for a in adult_ages) / len(adult_ages) <= 0.75, "adult ages heap on 5"
        assert 0.02 <= sum(bool(r["id_document"]) for r in rows) / n <= 0.08, "identity documents rare"
        assert same_form_lookalikes > total_pairs, "households make more look-alikes than duplicates"


def sha(folder):
    h = hashlib.sha256()
    for name in ("people.csv", "truth.csv"):
        with open(os.path.join(folder, name), "rb") as f:
            h.update(f.read())
    return h.hexdigest()


def determinism():
    gen = os.path.join(HERE, "linkage_gen2.py")
    with tempfile.TemporaryDirectory() as tmp:
        out = [os.path.join(tmp, x) for x in ("a", "b", "c")]
        for folder, seed in zip(out, (5, 5, 6)):
            subprocess.run([sys.executable, gen, "--records", "3000", "--seed", str(seed), "--out", folder], check=True)
        assert sha(out[0]) == sha(out[1]), "same seed, same bytes"
        assert sha(out[0]) != sha(out[2]), "another seed, other bytes"
        check(out[0], 3000)
    print("determinism: same seed gives the same bytes, another seed other bytes")


if __name__ == "__main__":
    if sys.argv[1:] == ["--determinism"]:
        determinism()
    else:
        check(sys.argv[1])
