//! Relief progress and reports through the real server (issue 15 item 8;
//! requirements 15, 16, 17 and the suppression of requirement 20). The
//! programme's distributions are written as the demo writes them (the
//! foundation's kinds, as the system principal), then read back through
//! the API and the pages as relief staff, directors and others.

use crate::helpers::{TestApp, spawn_app, ui_client};
use dugu_demo::relief::{
    NewCycle, NewEntitlement, NewMember, NewRegistration, create_cycle, entitle, receipt_op, receive, register,
};
use dugu_storage::SystemTask;
use dugu_storage::reads::*;
use serde_json::{Value, json};
use time::macros::date;

struct Seeded {
    programme: String,
    cycles: Vec<String>,
}

fn person(sex: &'static str, born: &str, relationship: &'static str) -> NewMember {
    NewMember {
        given_name: if sex == "F" { "Aminata".into() } else { "Moussa".into() },
        family_name: "Traoré".into(),
        sex,
        birth_date: born.into(),
        relationship,
        flags: Vec::new(),
        wgss: None,
    }
}

/// Five households of Sévaré (P-code ML0506) served in three cycles: 22
/// people, among them a girl born 2008-08-02 (17 on the first cycle's
/// date, 18 on the second's) and a boy of 14; the first cycle also pays
/// 60,000 XOF per household, one of whose receipts two desks both made.
/// A household of Barbé owed the first cycle but never served (its only
/// receipt voided), and one of three people at another P-code (ML0505)
/// served in the first cycle: a row of small counts.
fn seed(app: &TestApp) -> Seeded {
    let national = app.store.principal_of(&app.users["director.national"]).expect("read").expect("national");
    let programme = app
        .store
        .programmes(&national)
        .expect("programmes")
        .into_iter()
        .find(|p| p.kind == dugu_domain::programme::ProgrammeKind::EmergencyRelief && p.location_id == app.sites["MOP"])
        .expect("the Mopti programme")
        .id;
    let who = app.store.system_principal(&app.users["relief.mopti"], SystemTask::DemoSeeding).expect("system");
    let (sev, bar) = (app.sites["MOP-SEV"].clone(), app.sites["MOP-BAR"].clone());
    let (p, w) = (programme.clone(), who.clone());
    let cycles = app
        .store
        .write(move |tx| {
            let registration = |location: &str, pcode: &'static str, members: Vec<NewMember>| NewRegistration {
                programme_id: p.clone(),
                location_id: location.to_string(),
                status: "idp",
                arrival_date: date!(2026 - 06 - 10),
                reason: "conflict",
                admin_pcode: pcode,
                origin_pcode: Some("ML0504"),
                pcode_edition: "pre2023",
                registered_on: date!(2026 - 06 - 12),
                members,
            };
            let mut served = Vec::new();
            for i in 0..5 {
                let mut members = vec![
                    person("M", "1990-03-01", "head"),
                    person("F", "1992-05-01", "spouse"),
                    person("F", "2015-01-01", "child"),
                    person("M", "2017-01-01", "child"),
                ];
                if i == 0 {
                    members.push(person("F", "2008-08-02", "child"));
                    members.push(person("M", "2012-02-02", "child"));
                }
                served.push(register(tx, &w, &registration(&sev, "ML0506", members))?.household_id);
            }
            let unserved = register(
                tx,
                &w,
                &registration(
                    &bar,
                    "ML0506",
                    vec![
                        person("F", "1980-01-01", "head"),
                        person("M", "2020-01-01", "child"),
                        person("F", "2022-01-01", "child"),
                    ],
                ),
            )?
            .household_id;
            let small = register(
                tx,
                &w,
                &registration(
                    &bar,
                    "ML0505",
                    vec![
                        person("F", "1950-01-01", "head"),
                        person("M", "2023-01-01", "grandchild"),
                        person("F", "2024-01-01", "grandchild"),
                    ],
                ),
            )?
            .household_id;
            let mut cycles = Vec::new();
            for (n, start) in
                [date!(2026 - 08 - 01), date!(2026 - 09 - 01), date!(2026 - 10 - 01)].into_iter().enumerate()
            {
                let cycle = create_cycle(
                    tx,
                    &w,
                    &NewCycle {
                        programme_id: p.clone(),
                        name: format!("Cycle {}", n + 1),
                        start,
                        end: start + time::Duration::days(29),
                        status: if n < 2 { "closed" } else { "approved" },
                        items: json!([{"item": "cereal", "per_person": 12000, "unit": "g", "cap": 10,
                                       "rounding": null, "modality": "in_kind"}]),
                        site_ids: vec![sev.clone(), bar.clone()],
                    },
                )?;
                let served_at = format!("{start}T10:42:00Z");
                let mut owed = served.clone();
                if n == 0 {
                    owed.extend([unserved.clone(), small.clone()]);
                }
                for household in &owed {
                    let size = if household == &served[0] { 6 } else { 4 };
                    let site = if household == &unserved || household == &small { &bar } else { &sev };
                    let e = |item, quantity, unit, modality| NewEntitlement {
                        cycle_id: &cycle,
                        household_id: household,
                        item,
                        quantity,
                        unit,
                        modality,
                        inputs: json!({"size": size}),
                        site_id: site,
                    };
                    let cereal = entitle(tx, &w, &e("cereal", 12_000 * size, "g", "in_kind"))?;
                    if household == &unserved {
                        let number = tx.take_receipt_numbers(site, 1)?.pop();
                        let (id, mut op) = receipt_op(&w, &cereal, household, site, &served_at, number.as_deref());
                        if let dugu_storage::Change::Create(fields) = &mut op.change {
                            fields.retain(|(f, _)| *f != "voided");
                            fields.push(("voided", json!("2026-08-02: servi par erreur")));
                        }
                        tx.apply(Some(&w), vec![op])?;
                        let _ = id;
                        continue;
                    }
                    receive(tx, &w, &cereal, household, site, &served_at)?;
                    if n == 0 && household != &small {
                        let cash = entitle(tx, &w, &e("cash", 60_000, "xof", "cash"))?;
                        receive(tx, &w, &cash, household, site, &served_at)?;
                        if household == &served[1] {
                            // A second desk, offline, served it too.
                            receive(tx, &w, &cash, household, &bar, &format!("{start}T11:05:00Z"))?;
                        }
                    }
                }
                cycles.push(cycle);
            }
            Ok(cycles)
        })
        .expect("seeded");
    Seeded { programme, cycles }
}

async fn json_of(app: &TestApp, token: &str, path: &str) -> (u16, Value) {
    let r = app.get(token, path).await;
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn requirements_16_and_17_progress_counts_unique_people_banded_at_the_cycle_date() {
    let app = spawn_app().await;
    let s = seed(&app);
    let token = app.token("relief.mopti").await;
    let (status, p) = json_of(&app, &token, &format!("/api/v1/relief/programmes/{}/progress", s.programme)).await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(p["target"], 10_000);
    // 22 served in three cycles count 22, not 66; the 3 of the small row
    // are 25; the household never served (its receipt voided) is not.
    assert_eq!(p["people_reached"], 25, "{p}");
    assert_eq!(p["households_reached"], 6);
    let bands = &p["by_sex_age"];
    let expected = [
        ("f_0_4", 1),
        ("f_5_11", 5),
        ("f_12_17", 1),
        ("f_18_59", 5),
        ("f_60_plus", 1),
        ("m_0_4", 1),
        ("m_5_11", 5),
        ("m_12_17", 1),
        ("m_18_59", 5),
        ("m_60_plus", 0),
    ];
    for (key, n) in expected {
        assert_eq!(bands[key], n, "{key}: {bands}");
    }
    assert_eq!(bands.as_object().map(|o| o.len()), Some(10), "exactly the contract's keys");
    // By cycle, ages at each cycle's date: the girl born 2008-08-02 is 17
    // on 2026-08-01 and 18 on 2026-09-01.
    let cycles = p["cycles"].as_array().expect("cycles");
    assert_eq!(cycles.len(), 3);
    assert_eq!(
        (cycles[0]["people_reached"].as_u64(), cycles[0]["by_sex_age"]["f_12_17"].as_u64()),
        (Some(25), Some(1))
    );
    assert_eq!(
        (cycles[1]["people_reached"].as_u64(), cycles[1]["by_sex_age"]["f_12_17"].as_u64()),
        (Some(22), Some(0))
    );
    assert_eq!(cycles[1]["by_sex_age"]["f_18_59"], 6);
    let sites = p["sites"].as_array().expect("sites");
    let at = |name: &str| sites.iter().find(|l| l["name"].as_str().is_some_and(|n| n.contains(name))).cloned();
    assert_eq!(at("Sévaré").map(|l| l["people_reached"].clone()), Some(json!(22)));
    // Barbé served the small household; a second desk's later receipt
    // there of one of Sévaré's does not move that household.
    assert_eq!(at("Barbé").map(|l| l["households_reached"].clone()), Some(json!(1)), "{sites:?}");
}

#[tokio::test]
async fn progress_is_for_relief_staff_and_directors_in_scope() {
    let app = spawn_app().await;
    let s = seed(&app);
    let path = format!("/api/v1/relief/programmes/{}/progress", s.programme);
    for (user, status) in [
        ("relief.mopti", 200),
        ("supervisor.mopti", 200),
        ("director.national", 200),
        ("director.kita", 404),
        ("social.kita", 403),
        ("nurse.kita", 403),
        ("fundraiser", 403),
        ("auditor", 403),
    ] {
        let token = app.token(user).await;
        assert_eq!(app.get(&token, &path).await.status(), status, "{user}");
        assert_eq!(
            app.get(&token, &format!("/api/v1/relief/programmes/{}/5w.csv", s.programme)).await.status(),
            status,
            "{user}"
        );
    }
    let token = app.token("relief.mopti").await;
    let unknown = "/api/v1/relief/programmes/0190a000-0000-7000-8000-000000000000/progress";
    assert_eq!(app.get(&token, unknown).await.status(), 404);
}

/// The 5W CSV's rows as cells (no field of this table holds a comma or quote).
fn rows(csv: &str) -> Vec<Vec<String>> {
    csv.lines().map(|l| l.split(',').map(str::to_string).collect()).collect()
}

#[tokio::test]
async fn requirements_15_16_20_the_5w_csv_has_french_headers_the_hxl_row_sums_and_suppresses() {
    let app = spawn_app().await;
    let s = seed(&app);
    let token = app.token("relief.mopti").await;
    let r = app.get(&token, &format!("/api/v1/relief/programmes/{}/5w.csv", s.programme)).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap_or("").starts_with("text/csv"));
    let csv = r.text().await.expect("csv");
    let table = rows(&csv);
    let headers: Vec<&str> = dugu_relief::fivew::COLUMNS.iter().map(|(h, _)| *h).collect();
    let tags: Vec<&str> = dugu_relief::fivew::COLUMNS.iter().map(|(_, t)| *t).collect();
    assert_eq!(table[0], headers, "French headers on line 1");
    assert_eq!(table[1], tags, "HXL hashtags on line 2");
    assert_eq!(table.len(), 2 + 4, "cycle 1 at two P-codes, cycles 2 and 3 at one");
    let col = |tag: &str| tags.iter().position(|t| *t == tag).expect(tag);
    let first =
        table.iter().skip(2).find(|r| r[col("#adm2+code")] == "ML0506" && r[col("#date+start")] == "2026-08-01");
    let first = first.expect("cycle 1 in Mopti");
    assert_eq!(first[col("#org+name")], "SOS Villages d'Enfants Mali");
    assert_eq!(first[col("#org+acronym")], "SOS");
    assert_eq!((first[col("#adm1+name")].as_str(), first[col("#adm1+code")].as_str()), ("Mopti", "ML05"));
    assert_eq!(first[col("#adm2+name")], "Mopti");
    assert_eq!(first[col("#targeted+hh")], "6");
    assert_eq!(first[col("#targeted+ind")], "25");
    assert_eq!(first[col("#reached+hh")], "5");
    assert_eq!(first[col("#reached+ind")], "22");
    assert_eq!(first[col("#reached+ind+idps")], "22");
    assert_eq!(first[col("#value+transfer+c_xof")], "300000", "five households' 60,000 XOF, a double receipt once");
    assert_eq!(first[col("#modality")], "En nature et espèces");
    // Requirement 16: the sex and age columns sum to the people reached.
    let bands = ["f+children", "m+children", "f+adults", "m+adults", "f+elderly", "m+elderly"];
    let sum: u64 = bands
        .iter()
        .map(|b| first[col(&format!("#reached+{b}"))].parse::<u64>().expect("a count, not suppressed"))
        .sum();
    assert_eq!(sum, 22);
    assert_eq!(first[col("#reached+f+children")], "6", "0–4, 5–11 and 12–17 nest in 0–17");
    // Requirement 20: the small row's counts of 1 to 4 are suppressed.
    let small = table.iter().skip(2).find(|r| r[col("#adm2+code")] == "ML0505").expect("the small row");
    assert_eq!(small[col("#reached+ind")], "<5");
    assert_eq!(small[col("#reached+hh")], "<5");
    assert_eq!(small[col("#reached+m+adults")], "0", "a zero hides nobody");
    assert_eq!(small[col("#adm2+name")], "Koro");
    // The XLSX is a workbook (a zip).
    let r = app.get(&token, &format!("/api/v1/relief/programmes/{}/5w.xlsx", s.programme)).await;
    assert_eq!(r.status(), 200);
    let book = r.bytes().await.expect("xlsx");
    assert!(book.starts_with(b"PK"), "an XLSX is a zip");
    let _ = s.cycles;
}

#[tokio::test]
async fn requirement_20_the_aggregate_progress_export_suppresses_small_cells_the_page_shows_the_chart() {
    let app = spawn_app().await;
    let s = seed(&app);
    let ui = ui_client(&app, "relief.mopti").await;
    let page = format!("/relief/programmes/{}", s.programme);
    let r = ui.get(app.url(&page)).header("accept-encoding", "gzip").send().await.expect("page");
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers().get("content-encoding").and_then(|v| v.to_str().ok()), Some("gzip"));
    let compressed = r.bytes().await.expect("body").len();
    assert!(compressed < 30_000, "the page is {compressed} bytes compressed");
    let html = app.html(&ui, &page).await;
    assert!(html.contains("<svg") && html.contains("<rect"), "a chart drawn on the server");
    assert!(html.contains("25 personnes atteintes sur 10"), "progress to the target");
    assert!(!html.contains("<script"), "no script");
    let csv = app.html(&ui, &format!("{page}/progress.csv")).await;
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0]
            .starts_with("Niveau,Identifiant,Nom,Personnes atteintes,Ménages atteints,\"Femmes et filles, 0 à 4 ans\""),
        "French headers for a French reader: {csv}"
    );
    assert!(lines[0].ends_with("\"Hommes et garçons, 60 ans et plus\""), "{csv}");
    let programme = lines.iter().find(|l| l.starts_with("Programme,")).expect("the programme's line");
    assert!(programme.contains(",25,6,<5,5,<5,5,<5,<5,5,<5,5,0"), "{programme}");
    assert!(lines.iter().any(|l| l.starts_with("Cycle,")) && lines.iter().any(|l| l.starts_with("Site,")));
    let english = ui_client(&app, "relief.mopti").await;
    crate::helpers::to_english(&app, &english).await;
    let csv_en = app.html(&english, &format!("{page}/progress.csv")).await;
    assert!(
        csv_en.starts_with("Level,Id,Name,People reached,Households reached,\"Women and girls, 0 to 4 years\""),
        "English headers for an English reader: {csv_en}"
    );
    assert!(csv_en.contains(",25,6,<5,5,<5,5,<5,<5,5,<5,5,0"), "the same counts");
    // The 5W from the page is the API's.
    let page_csv = app.html(&ui, &format!("{page}/5w.csv")).await;
    let token = app.token("relief.mopti").await;
    let api_csv =
        app.get(&token, &format!("/api/v1/relief/programmes/{}/5w.csv", s.programme)).await.text().await.expect("csv");
    assert_eq!(page_csv, api_csv);
    // Someone who does not read relief data is refused the page.
    let nurse = ui_client(&app, "nurse.kita").await;
    assert_eq!(nurse.get(app.url(&page)).send().await.expect("page").status(), 403);
}

#[tokio::test]
async fn beneficiary_lists_are_exported_as_xlsx_and_pdf_for_those_allowed_and_audited() {
    let app = spawn_app().await;
    let s = seed(&app);
    let exports =
        || app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND record_type = 'relief_beneficiaries'");
    let ui = ui_client(&app, "supervisor.mopti").await;
    let base = format!("/relief/programmes/{}", s.programme);
    let r = ui.get(app.url(&format!("{base}/beneficiaries.pdf?cycle_id={}", s.cycles[0]))).send().await.expect("pdf");
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let pdf = r.bytes().await.expect("pdf");
    assert!(pdf.starts_with(b"%PDF-1.4") && pdf.ends_with(b"%%EOF\n"));
    assert!(pdf.windows(7).any(|w| w == b"Traor\xe9 "), "names, in the PDF's own encoding");
    let title: &[u8] = b"(Liste des b\xe9n\xe9ficiaires \x97 Cycle 1 \x97 1/1)";
    assert!(pdf.windows(title.len()).any(|w| w == title), "the PDF's title says which cycle");
    assert_eq!(exports(), 1);
    let r = ui
        .get(app.url(&format!("{base}/beneficiaries.xlsx?site_id={}", app.sites["MOP-BAR"])))
        .send()
        .await
        .expect("xlsx");
    assert_eq!(r.status(), 200);
    assert!(r.bytes().await.expect("xlsx").starts_with(b"PK"));
    assert_eq!(exports(), 2);
    let shown = app.count(
        "SELECT length(shown) - length(replace(shown, ' ', '')) + 1 FROM audit_log
         WHERE record_type = 'relief_beneficiaries' ORDER BY seq DESC LIMIT 1",
    );
    assert_eq!(shown, 2 + 6, "Barbé's two households and their six members, named in the entry");
    // The list's page says which cycle or site it is of, before any name.
    let of_cycle = app.html(&ui, &format!("{base}/beneficiaries?cycle_id={}", s.cycles[0])).await;
    assert!(of_cycle.contains("<title>Liste des bénéficiaires — Cycle 1"), "the title names the cycle");
    assert!(of_cycle.contains("Cycle 1, du 01/08/2026 au 30/08/2026"), "and its dates");
    let of_site = app.html(&ui, &format!("{base}/beneficiaries?site_id={}", app.sites["MOP-BAR"])).await;
    assert!(of_site.contains("<h1>Liste des bénéficiaires — Site de déplacés de Barbé</h1>"), "the site");
    let of_all = app.html(&ui, &format!("{base}/beneficiaries")).await;
    assert!(of_all.contains("tous les ménages enregistrés"), "the whole programme");
    assert_eq!(exports(), 2, "a list's page names nobody and exports nothing");
    let r = ui
        .get(app.url(&format!("{base}/beneficiaries?cycle_id=0190a000-0000-7000-8000-000000000000")))
        .send()
        .await
        .expect("page");
    assert_eq!(r.status(), 404, "a cycle of no programme of the reader's");
    // A nurse and a director elsewhere get nothing, and nothing is exported.
    for (user, status) in [("nurse.kita", 403), ("director.kita", 404)] {
        let other = ui_client(&app, user).await;
        let r = other.get(app.url(&format!("{base}/beneficiaries.xlsx"))).send().await.expect("xlsx");
        assert_eq!(r.status(), status, "{user}");
    }
    assert_eq!(exports(), 2);
}

/// libhxl, the HXL reference library, reads the 5W CSV and XLSX without
/// error (requirement 15), in a throw-away virtual environment.
#[tokio::test]
async fn requirement_15_libhxl_parses_the_5w_csv_and_xlsx() {
    let venv_available = std::process::Command::new("python3")
        .args(["-m", "venv", "--help"])
        .output()
        .is_ok_and(|o| o.status.success())
        && std::process::Command::new("python3").args(["-c", "import ensurepip"]).status().is_ok_and(|s| s.success());
    if !venv_available {
        eprintln!(
            "SKIPPED: python3 -m venv is not available here, so libhxl cannot be installed (CI installs python3-venv)"
        );
        return;
    }
    let app = spawn_app().await;
    let s = seed(&app);
    let token = app.token("relief.mopti").await;
    let dir = tempfile::tempdir().expect("tempdir");
    for ext in ["csv", "xlsx"] {
        let r = app.get(&token, &format!("/api/v1/relief/programmes/{}/5w.{ext}", s.programme)).await;
        assert_eq!(r.status(), 200);
        std::fs::write(dir.path().join(format!("5w.{ext}")), r.bytes().await.expect("file")).expect("write");
    }
    let venv = dir.path().join("venv");
    let ok = |c: &mut std::process::Command| {
        let out = c.output().expect("run");
        assert!(
            out.status.success(),
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    ok(std::process::Command::new("python3").args(["-m", "venv"]).arg(&venv));
    let python = venv.join("bin/python");
    ok(std::process::Command::new(&python).args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "libhxl",
        "six",
    ]));
    let script = r##"
import sys, hxl
for path in sys.argv[1:]:
    source = hxl.data(path, hxl.InputOptions(allow_local=True))
    rows = list(source)
    tags = [c.display_tag for c in source.columns]
    assert "#reached+ind" in tags and "#value+transfer+c_xof" in tags and "#adm2+code" in tags, tags
    reached = [r.get("#reached+ind") for r in rows]
    print(path.rsplit(".", 1)[1], len(tags), len(rows), ",".join(str(v) for v in reached))
"##;
    let out = ok(std::process::Command::new(&python)
        .arg("-c")
        .arg(script)
        .arg(dir.path().join("5w.csv"))
        .arg(dir.path().join("5w.xlsx")));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with("csv 29 4 "), "{out}");
    assert!(lines[1].starts_with("xlsx 29 4 "), "{out}");
    assert!(lines[0].contains("22") && lines[0].contains("<5"), "{out}");
}
