"""Record-linkage peers for `bench/linkage.sh`: Splink (DuckDB backend,
unsupervised EM, term-frequency adjustments on names) and Python
recordlinkage (blocking, string comparisons, unsupervised ECM), configured
as a competent user would, on the same files dugu deduplicates; and the
FEBRL data sets shipped inside recordlinkage, converted to dugu's columns.

Each peer runs in its own process (`python linkage_peers.py splink ...`)
so its wall time and peak memory are its own. Prints one JSON line per run.
Never asserts: it measures.
"""

import json
import resource
import sys
import time
import unicodedata

import pandas as pd

THRESHOLDS = [0.5, 0.7, 0.8, 0.9, 0.95, 0.99]


def fold(s):
    """Case and accents folded, punctuation to spaces — what a competent
    user does before handing names to either tool."""
    if not isinstance(s, str) or not s:
        return None
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = "".join(c if c.isalnum() else " " for c in s)
    s = " ".join(s.split())
    return s or None


def prepare(path):
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    out = pd.DataFrame({"unique_id": df["id"]})
    for col in ["given_name", "family_name", "father_name", "mother_name", "origin_commune"]:
        out[col] = df[col].map(fold)
    out["sex"] = df["sex"].replace("", None)
    digits = df["phone"].str.replace(r"\D", "", regex=True).str[-8:]
    out["phone"] = digits.where(digits.str.len() == 8, None)
    out["id_document"] = df["id_document"].replace("", None)
    dob = df["birth_date"].where(df["birth_date"].str.len() == 10, None)
    out["birth_date"] = dob.where(~dob.fillna("").str.endswith("-01-01"), None)
    year = df["birth_date"].str[:4]
    age = pd.to_numeric(df["age_years"], errors="coerce")
    # An age is an age on the day of registration when the file says it
    # (registered_on), as dugu reads it; else on 2026-01-01.
    if "registered_on" in df.columns:
        on = pd.to_numeric(df["registered_on"].str[:4], errors="coerce").fillna(2026)
    else:
        on = 2026
    year = year.where(year != "", (on - age).astype("Int64").astype(str))
    out["birth_year"] = year.where(year.str.fullmatch(r"\d{4}").fillna(False), None)
    return out


def truth_pairs(path, ids):
    t = pd.read_csv(path, dtype=str)
    index = {v: i for i, v in enumerate(ids)}
    groups = {}
    for rid, pid in zip(t["id"], t["person_id"]):
        groups.setdefault(pid, []).append(index[rid])
    pairs = set()
    for members in groups.values():
        members.sort()
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                pairs.add((members[a], members[b]))
    return pairs


def score_pairs(predicted, truth):
    tp = len(predicted & truth)
    p = tp / len(predicted) if predicted else 1.0
    r = tp / len(truth) if truth else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def cluster_pairs(labels):
    groups = {}
    for i, c in enumerate(labels):
        groups.setdefault(c, []).append(i)
    pairs = set()
    for members in groups.values():
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                pairs.add((members[a], members[b]))
    return pairs


def components(n, edges):
    parent = list(range(n))

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[ra] = rb
    return [root(i) for i in range(n)]


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_splink(df, truth, kind):
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    t0 = time.time()
    db = DuckDBAPI()
    if kind == "febrl":
        blocking = [
            block_on("given_name", "family_name"),
            block_on("family_name", "birth_year"),
            block_on("given_name", "birth_year"),
            block_on("id_document"),
            block_on("origin_commune", "family_name"),
        ]
        comparisons = [
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("family_name").configure(term_frequency_adjustments=True),
            cl.LevenshteinAtThresholds("birth_date", [1, 2]),
            cl.LevenshteinAtThresholds("id_document", [1, 2]),
            cl.JaroWinklerAtThresholds("origin_commune", [0.9]),
            cl.ExactMatch("postcode"),
            cl.JaroWinklerAtThresholds("address", [0.9, 0.7]),
        ]
        deterministic = [block_on("id_document", "family_name"), block_on("given_name", "family_name", "birth_date")]
        em_rules = [block_on("family_name", "birth_year"), block_on("id_document")]
    else:
        blocking = [
            block_on("family_name", "birth_year"),
            block_on("given_name", "family_name"),
            block_on("given_name", "birth_year"),
            block_on("phone"),
            block_on("mother_name", "origin_commune"),
        ]
        comparisons = [
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("family_name").configure(term_frequency_adjustments=True),
            cl.ExactMatch("sex"),
            cl.ExactMatch("birth_date"),
            cl.LevenshteinAtThresholds("birth_year", [1, 2]),
            cl.LevenshteinAtThresholds("phone", [1]),
            cl.NameComparison("father_name"),
            cl.NameComparison("mother_name"),
            cl.ExactMatch("origin_commune"),
        ]
        deterministic = [block_on("phone", "given_name"), block_on("phone", "family_name")]
        em_rules = [block_on("family_name", "birth_year"), block_on("phone")]
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=blocking,
        comparisons=comparisons,
    )
    sdf = db.register(df)
    linker = Linker(sdf, settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.3)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6)
    for rule in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    preds = linker.inference.predict(threshold_match_probability=0.01)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(preds, 0.9)
    clusters.as_pandas_dataframe()
    seconds = time.time() - t0
    memory = peak_mb()

    index = {v: i for i, v in enumerate(df["unique_id"])}
    p = preds.as_pandas_dataframe()[["unique_id_l", "unique_id_r", "match_probability"]]
    best = None
    for t in THRESHOLDS:
        kept = p[p["match_probability"] >= t]
        edges = [(index[a], index[b]) for a, b in zip(kept["unique_id_l"], kept["unique_id_r"])]
        for how, predicted in [
            ("pairs", {(min(a, b), max(a, b)) for a, b in edges}),
            ("clusters", cluster_pairs(components(len(df), edges))),
        ]:
            prec, rec, f1 = score_pairs(predicted, truth)
            if best is None or f1 > best["f1"]:
                best = {"threshold": t, "how": how, "precision": prec, "recall": rec, "f1": f1}
    return {"seconds": seconds, "peak_mb": memory, **best}


def run_recordlinkage(df, truth, kind):
    import recordlinkage as rl

    t0 = time.time()
    data = df.set_index("unique_id")
    indexer = rl.Index()
    if kind == "febrl":
        for cols in [["given_name", "family_name"], ["family_name", "birth_year"], ["given_name", "birth_year"], ["id_document"]]:
            indexer.block(cols)
    else:
        for cols in [["family_name", "birth_year"], ["given_name", "family_name"], ["given_name", "birth_year"], ["phone"], ["mother_name", "origin_commune"]]:
            indexer.block(cols)
    candidates = indexer.index(data)
    compare = rl.Compare(n_jobs=2)
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.88, label="given")
    compare.string("family_name", "family_name", method="jarowinkler", threshold=0.88, label="family")
    compare.exact("birth_year", "birth_year", label="year")
    if kind == "febrl":
        compare.string("birth_date", "birth_date", method="levenshtein", threshold=0.85, label="dob")
        compare.string("id_document", "id_document", method="levenshtein", threshold=0.85, label="doc")
        compare.string("origin_commune", "origin_commune", method="jarowinkler", threshold=0.9, label="suburb")
        compare.exact("postcode", "postcode", label="postcode")
        compare.string("address", "address", method="jarowinkler", threshold=0.9, label="address")
    else:
        compare.exact("sex", "sex", label="sex")
        compare.exact("birth_date", "birth_date", label="dob")
        compare.string("phone", "phone", method="levenshtein", threshold=0.85, label="phone")
        compare.string("father_name", "father_name", method="jarowinkler", threshold=0.88, label="father")
        compare.string("mother_name", "mother_name", method="jarowinkler", threshold=0.88, label="mother")
        compare.exact("origin_commune", "origin_commune", label="origin")
    features = compare.compute(candidates, data)
    ecm = rl.ECMClassifier(binarize=0.5)
    ecm.fit(features)
    probability = ecm.prob(features)
    seconds = time.time() - t0
    memory = peak_mb()

    index = {v: i for i, v in enumerate(df["unique_id"])}
    best = None

    def consider(kept, how, t):
        nonlocal best
        predicted = {(min(index[a], index[b]), max(index[a], index[b])) for a, b in kept}
        prec, rec, f1 = score_pairs(predicted, truth)
        if best is None or f1 > best["f1"]:
            best = {"threshold": t, "how": how, "precision": prec, "recall": rec, "f1": f1}

    for t in THRESHOLDS:
        consider(probability[probability >= t].index, "ecm", t)
    # The tutorial's other way: the number of agreeing fields.
    total = features.sum(axis=1)
    for k in range(2, features.shape[1] + 1):
        consider(total[total >= k].index, "agreeing fields", k)
    return {"seconds": seconds, "peak_mb": memory, "candidates": len(candidates), **best}


def febrl(name, folder):
    """Writes FEBRL set `name` in dugu's columns (and the peers' form), and
    its truth; returns the paths."""
    from recordlinkage import datasets

    if name == "febrl4":
        a, b, links = datasets.load_febrl4(return_links=True)
        raw = pd.concat([a, b])
        truth_links = list(links)
    else:
        raw, links = getattr(datasets, f"load_{name}")(return_links=True)
        truth_links = list(links)
    raw = raw.fillna("")
    dob = raw["date_of_birth"].astype(str)
    valid = dob.str.fullmatch(r"(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])")
    dugu = pd.DataFrame(
        {
            "id": raw.index.astype(str),
            "given_name": raw["given_name"],
            "family_name": raw["surname"],
            "sex": "",
            "birth_date": (dob.str[:4] + "-" + dob.str[4:6] + "-" + dob.str[6:8]).where(valid, ""),
            "age_years": "",
            "phone": "",
            "id_document": raw["soc_sec_id"].astype(str),
            "father_name": "",
            "mother_name": "",
            "origin_commune": raw["suburb"],
            "current_site": raw["state"],
            "household_id": "",
        }
    )
    people = f"{folder}/{name}.csv"
    dugu.to_csv(people, index=False)
    # Truth: connected components of the true links.
    ids = list(dugu["id"])
    index = {v: i for i, v in enumerate(ids)}
    labels = components(len(ids), [(index[str(x)], index[str(y)]) for x, y in truth_links])
    pd.DataFrame({"id": ids, "person_id": [f"P{c}" for c in labels]}).to_csv(f"{folder}/{name}_truth.csv", index=False)
    extra = pd.DataFrame(
        {
            "unique_id": ids,
            "postcode": raw["postcode"].astype(str).replace("", None).values,
            "address": (raw["street_number"].astype(str) + " " + raw["address_1"].astype(str)).map(fold).values,
        }
    )
    extra.to_csv(f"{folder}/{name}_extra.csv", index=False)
    return people


def evaluate_dugu(clusters_csv, truth_csv):
    c = pd.read_csv(clusters_csv, dtype=str)
    t = pd.read_csv(truth_csv, dtype=str)
    ids = list(t["id"])
    truth = truth_pairs(truth_csv, ids)
    by_id = dict(zip(c["id"], c["cluster_id"]))
    predicted = cluster_pairs([by_id[i] for i in ids])
    prec, rec, f1 = score_pairs(predicted, truth)
    return {"precision": prec, "recall": rec, "f1": f1, "true_pairs": len(truth)}


def main():
    mode = sys.argv[1]
    if mode in ("splink", "recordlinkage"):
        people, truth_csv, kind = sys.argv[2], sys.argv[3], sys.argv[4]
        df = prepare(people)
        if kind == "febrl":
            extra = pd.read_csv(people.replace(".csv", "_extra.csv"), dtype=str, keep_default_na=False)
            df["postcode"] = extra["postcode"].replace("", None).values
            df["address"] = extra["address"].replace("", None).values
        truth = truth_pairs(truth_csv, list(df["unique_id"]))
        run = run_splink if mode == "splink" else run_recordlinkage
        print(json.dumps({"tool": mode, "file": people, "records": len(df), "true_pairs": len(truth), **run(df, truth, kind)}))
    elif mode == "febrl":
        print(febrl(sys.argv[2], sys.argv[3]))
    elif mode == "evaluate":
        print(json.dumps(evaluate_dugu(sys.argv[2], sys.argv[3])))
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
