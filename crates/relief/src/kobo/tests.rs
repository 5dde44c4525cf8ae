use super::*;

fn sheet(name: &str, rows: &[&[&str]]) -> Sheet {
    Sheet {
        name: name.to_owned(),
        rows: rows.iter().map(|row| row.iter().map(|c| (*c).to_owned()).collect()).collect(),
        lines: Vec::new(),
    }
}

/// A KoBo XLSX export with group paths, an HXL row, a select_multiple
/// split in two ways, system columns and a roster sheet.
fn with_groups() -> (Sheet, Vec<Sheet>) {
    let main = sheet(
        "Enregistrement PDI",
        &[
            &[
                "start",
                "end",
                "menage/chef/nom",
                "menage/chef/sexe",
                "menage/besoins",
                "menage/besoins/vivres",
                "menage/besoins/abri",
                "consent/script_lu",
                "_id",
                "_uuid",
                "_submission_time",
                "_validation_status",
                "_index",
            ],
            &["", "", "#beneficiary+name", "#beneficiary+sex", "#x_needs", "", "", "", "", "", "", "", ""],
            &[
                "2026-08-01T09:00",
                "2026-08-01T09:03",
                "Awa Guindo",
                "F",
                "vivres abri",
                "1",
                "1",
                "oui",
                "101",
                "a1b2",
                "2026-08-01T09:04",
                "validation_status_approved",
                "1",
            ],
            &[
                "2026-08-01T09:05",
                "2026-08-01T09:09",
                "Ousmane Dolo",
                "M",
                "vivres",
                "1",
                "0",
                "oui",
                "102",
                "c3d4",
                "2026-08-01T09:10",
                "validation_status_not_approved",
                "2",
            ],
            &[
                "2026-08-01T09:12",
                "2026-08-01T09:15",
                "Kadia Tembely",
                "F",
                "abri",
                "0",
                "1",
                "oui",
                "103",
                "uuid:e5f6",
                "2026-08-01T09:16",
                "",
                "3",
            ],
        ],
    );
    let roster = sheet(
        "membres",
        &[
            &[
                "membres/nom",
                "membres/sexe",
                "membres/age",
                "_index",
                "_parent_table_name",
                "_parent_index",
                "_submission__uuid",
            ],
            &["Fanta Guindo", "F", "7", "1", "Enregistrement PDI", "1", "a1b2"],
            &["Issa Guindo", "M", "3", "2", "Enregistrement PDI", "1", "a1b2"],
            &["Hawa Dolo", "F", "30", "3", "Enregistrement PDI", "2", "c3d4"],
            &["Bintou Tembely", "F", "12", "4", "Enregistrement PDI", "3", "e5f6"],
        ],
    );
    (main, vec![roster])
}

#[test]
fn requirement_19_groups_hxl_system_columns_and_the_roster() {
    let (main, repeats) = with_groups();
    let export = read(&main, &repeats).expect("a clean export");
    assert_eq!(export.not_approved, 1, "the not-approved row is skipped");
    assert_eq!(export.submissions.len(), 2);
    let awa = &export.submissions[0];
    assert_eq!((awa.uuid.as_str(), awa.line), ("a1b2", 3), "line 2 is the HXL row");
    assert_eq!(awa.answers.get("nom").map(String::as_str), Some("Awa Guindo"));
    assert_eq!(awa.answers.get("besoins").map(String::as_str), Some("vivres abri"), "select_multiple's own column");
    assert!(
        !awa.answers.contains_key("vivres") && !awa.answers.contains_key("_id") && !awa.answers.contains_key("start")
    );
    assert_eq!(awa.roster.len(), 2);
    assert_eq!(awa.roster[1].get("nom").map(String::as_str), Some("Issa Guindo"));
    assert!(!awa.roster[0].contains_key("_parent_index"));
    assert_eq!(export.submissions[1].uuid, "e5f6", "uuid: prefix of an instance id removed");
    assert_eq!(export.submissions[1].roster.len(), 1, "Hawa belongs to the skipped household and goes with it");
}

#[test]
fn requirement_19_the_same_file_without_group_paths_reads_the_same() {
    let (main, repeats) = with_groups();
    let strip = |sheet: &Sheet| {
        let mut sheet = sheet.clone();
        sheet.rows[0] = sheet.rows[0].iter().map(|h| h.rsplit('/').next().unwrap_or(h).to_owned()).collect();
        sheet
    };
    let mut flat = strip(&main);
    // Without paths the 1/0 option columns cannot be told from questions
    // by their path; KoBo's flat export names them `besoins/vivres` anyway,
    // so keep that shape for those two.
    flat.rows[0][5] = "besoins/vivres".to_owned();
    flat.rows[0][6] = "besoins/abri".to_owned();
    flat.rows.remove(1);
    let grouped = read(&main, &repeats).expect("grouped");
    let plain = read(&flat, &repeats.iter().map(strip).collect::<Vec<_>>()).expect("flat");
    let answers = |export: &Export| {
        export.submissions.iter().map(|s| (s.uuid.clone(), s.answers.clone(), s.roster.clone())).collect::<Vec<_>>()
    };
    assert_eq!(answers(&grouped), answers(&plain));
}

#[test]
fn requirement_19_every_problem_is_listed_and_nothing_is_returned() {
    let main = sheet(
        "menages",
        &[
            &["nom", "ethnie", "_uuid", "_index"],
            &["Awa", "x", "a1", "1"],
            &["Moussa", "y", "", "2"],
            &["Adama", "z", "a1", "3"],
        ],
    );
    let roster = sheet("membres", &[&["nom", "_parent_index"], &["Sali", "9"]]);
    let problems = read(&main, &[roster]).expect_err("refused");
    assert_eq!(
        problems,
        [
            Problem::Forbidden { sheet: "menages".to_owned(), column: "ethnie".to_owned(), kind: Forbidden::Ethnicity },
            Problem::NoUuid { sheet: "menages".to_owned(), line: 3 },
            Problem::DuplicateUuid { sheet: "menages".to_owned(), line: 4, uuid: "a1".to_owned(), first: 2 },
            Problem::Orphan { sheet: "membres".to_owned(), line: 2, parent: "9".to_owned() },
        ]
    );
    assert_eq!(problems[2].to_string(), "sheet « menages », line 4: _uuid « a1 » already on line 2");
}

#[test]
fn requirement_20_a_question_tagged_as_forbidden_in_the_hxl_row_is_refused() {
    let main = sheet("m", &[&["q7", "_uuid"], &["#x_religion", ""], &["x", "a"]]);
    assert_eq!(
        read(&main, &[]),
        Err(vec![Problem::Forbidden { sheet: "m".to_owned(), column: "q7".to_owned(), kind: Forbidden::Religion }])
    );
}

#[test]
fn a_sheet_without_its_key_or_rows_is_named() {
    assert_eq!(read(&sheet("vide", &[]), &[]), Err(vec![Problem::Empty { sheet: "vide".to_owned() }]));
    assert_eq!(
        read(&sheet("m", &[&["nom"], &["Awa"]]), &[]),
        Err(vec![Problem::MissingColumn { sheet: "m".to_owned(), column: "_uuid" }])
    );
    let roster = sheet("membres", &[&["nom"], &["Sali"]]);
    assert_eq!(
        read(&sheet("m", &[&["_uuid"], &["a"]]), &[roster]),
        Err(vec![Problem::MissingColumn { sheet: "membres".to_owned(), column: "_parent_index" }])
    );
}

#[test]
fn separators_are_sniffed_from_the_header() {
    assert_eq!(separator("start;end;nom;_uuid"), b';');
    assert_eq!(separator("start,end,nom,_uuid"), b',');
    assert_eq!(separator("nom"), b',');
}

#[test]
fn requirement_19_csv_with_either_separator_and_quotes() {
    let semi = csv_sheet("m", "\u{feff}nom;note;_uuid\r\n\"Traoré; Awa\";\"dit \"\"la grande\"\"\nligne 2\";a1\r\n");
    assert_eq!(semi.rows, [vec!["nom", "note", "_uuid"], vec!["Traoré; Awa", "dit \"la grande\"\nligne 2", "a1"]]);
    let comma = csv_sheet("m", "nom,_uuid\nAwa,a1\nMoussa,a2");
    assert_eq!(comma.rows.len(), 3, "a last line without its new line is read");
    assert_eq!(read(&comma, &[]).expect("read").submissions[1].uuid, "a2");
    let open = csv_sheet("m", "nom,_uuid\n\"Awa,a1\nMoussa,a2\n");
    assert_eq!(open.rows, [vec!["nom", "_uuid"], vec!["Awa,a1\nMoussa,a2\n"]], "an open quote takes the rest");
    let ragged = csv_sheet("m", "nom;prenom;_uuid\r\nTraoré;Awa\r\n\r\nKeïta;Oumar;a2;extra\r\n");
    assert_eq!(ragged.rows.len(), 3, "a blank line is no row");
    assert_eq!((ragged.rows[1].len(), ragged.rows[2].len()), (2, 4), "rows as long as they are");
}

#[test]
fn a_problem_names_the_file_line_its_row_starts_on_not_its_count_of_rows() {
    // A note on two lines (row 2 is lines 2–3), a blank line (4), then a
    // row without its key on line 5 and one whose key repeats on line 6,
    // though they are the third and fourth rows.
    let main = csv_sheet(
        "menages",
        "nom;note;_uuid;_index\r\nAwa;\"arrivée hier,\r\navec sa mère\";a1;1\r\n\r\nOumar;;;2\r\nSali;;a1;3\r\n",
    );
    assert_eq!(main.rows.len(), 4);
    assert_eq!((1..=4).map(|row| main.line(row - 1)).collect::<Vec<_>>(), [1, 2, 5, 6]);
    // The roster: a member whose note spans lines, then an orphan.
    let roster = csv_sheet("membres", "prenom;note;_parent_index\nFanta;\"une\ndeux\ntrois\";1\nBintou;;9\n");
    assert_eq!(
        read(&main, &[roster]),
        Err(vec![
            Problem::NoUuid { sheet: "menages".to_owned(), line: 5 },
            Problem::DuplicateUuid { sheet: "menages".to_owned(), line: 6, uuid: "a1".to_owned(), first: 2 },
            Problem::Orphan { sheet: "membres".to_owned(), line: 5, parent: "9".to_owned() },
        ])
    );
    // A submission read keeps its line for the field problems found later.
    let fine = csv_sheet("m", "nom;note;_uuid\n\"Awa\";\"a\nb\";a1\nOumar;;a2\n");
    let lines: Vec<usize> = read(&fine, &[]).expect("read").submissions.iter().map(|s| s.line).collect();
    assert_eq!(lines, [2, 4]);
    // Rows built by hand (a workbook's) are their lines.
    assert_eq!(sheet("x", &[&["a"], &["b"]]).line(1), 2);
}
