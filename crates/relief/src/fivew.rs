//! The 5W matrix the clusters read: who, what, where, when, for whom,
//! with French headers and the HXL hashtag row beneath them
//! (requirement 15; relief.md 3.1–3.2). Files are written by the caller;
//! this module decides the columns, the cells and what is suppressed.

use crate::sadd::{AgeBand, Sadd, Sex};

/// Every column: its French header and its HXL hashtag. HXL tokens match
/// `[A-Za-z][_0-9A-Za-z]*` (libhxl), which every attribute here does.
pub const COLUMNS: [(&str, &str); 29] = [
    ("Organisation", "#org+name"),
    ("Sigle", "#org+acronym"),
    ("Type", "#org+type"),
    ("Partenaire", "#org+impl+name"),
    ("Bailleur", "#org+funding+name"),
    ("Secteur", "#sector+cluster"),
    ("Activité", "#activity+name"),
    ("Modalité", "#modality"),
    ("Région", "#adm1+name"),
    ("P-code région", "#adm1+code"),
    ("Cercle", "#adm2+name"),
    ("P-code cercle", "#adm2+code"),
    ("Commune", "#adm3+name"),
    ("P-code commune", "#adm3+code"),
    ("Statut", "#status"),
    ("Début", "#date+start"),
    ("Fin", "#date+end"),
    ("Ménages ciblés", "#targeted+hh"),
    ("Personnes ciblées", "#targeted+ind"),
    ("Ménages atteints", "#reached+hh"),
    ("Personnes atteintes", "#reached+ind"),
    ("Filles 0–17", "#reached+f+children"),
    ("Garçons 0–17", "#reached+m+children"),
    ("Femmes 18–59", "#reached+f+adults"),
    ("Hommes 18–59", "#reached+m+adults"),
    ("Femmes 60+", "#reached+f+elderly"),
    ("Hommes 60+", "#reached+m+elderly"),
    ("PDI atteintes", "#reached+ind+idps"),
    ("Montant", "#value+transfer+c_xof"),
];

/// The organisation every row names: SOS Villages d'Enfants Mali,
/// implementing its own programmes (organisation, acronym, type,
/// implementing partner). The donor is a programme's, not the charity's,
/// and is left blank where dugu does not know it.
pub const ORGANISATION: [&str; 4] =
    ["SOS Villages d'Enfants Mali", "SOS", "ONG nationale", "SOS Villages d'Enfants Mali"];

/// The cluster every relief row of dugu reports to.
pub const SECTOR: &str = "Sécurité alimentaire";

/// The activity of an in-kind general distribution.
pub const ACTIVITY_IN_KIND: &str = "Distribution générale de vivres";

/// The activity of cash transfers.
pub const ACTIVITY_CASH: &str = "Transferts monétaires inconditionnels";

/// Who did what, where and when: the text columns of a row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Activity {
    /// Organisation, acronym, type, implementing partner, donor.
    pub organisation: [String; 5],
    /// Cluster sector ("Sécurité alimentaire").
    pub sector: String,
    /// Activity ("Distribution générale de vivres").
    pub activity: String,
    /// In kind, cash, or both.
    pub modality: String,
    /// Région, cercle, commune: name and P-code each.
    pub places: [(String, String); 3],
    /// Planned, ongoing, completed.
    pub status: String,
    /// ISO dates.
    pub start: String,
    /// ISO dates.
    pub end: String,
}

/// The counts of a row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    /// Households targeted.
    pub targeted_households: u64,
    /// People targeted.
    pub targeted_people: u64,
    /// Unique households reached.
    pub reached_households: u64,
    /// Unique people reached by sex and band.
    pub reached: Sadd,
    /// Of them, displaced people.
    pub reached_idps: u64,
    /// Cash transferred, XOF.
    pub amount_xof: u64,
}

impl Figures {
    /// Children (0–17), adults (18–59) and elderly (60+) of one sex: the
    /// UNHCR bands nest in the clusters' three.
    fn bands(&self, sex: Sex) -> [u64; 3] {
        let get = |band| self.reached.get(sex, band);
        [
            get(AgeBand::Under5) + get(AgeBand::From5To11) + get(AgeBand::From12To17),
            get(AgeBand::From18To59),
            get(AgeBand::From60),
        ]
    }
}

/// Whether counts of 1 to 4 are shown: an aggregate leaving the charity
/// hides them, since four elderly women in one commune can be named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmallCells {
    /// Shown as counted (for staff allowed the detail).
    Shown,
    /// Replaced by `<5`.
    Suppressed,
}

/// The header row, the HXL row, then one row per activity.
pub fn table(rows: &[(Activity, Figures)], small: SmallCells) -> Vec<Vec<String>> {
    let mut table = vec![
        COLUMNS.iter().map(|(header, _)| (*header).to_owned()).collect(),
        COLUMNS.iter().map(|(_, tag)| (*tag).to_owned()).collect(),
    ];
    for (activity, figures) in rows {
        let count = |n: u64| {
            if small == SmallCells::Suppressed && (1..5).contains(&n) { "<5".to_owned() } else { n.to_string() }
        };
        let mut row: Vec<String> = activity.organisation.to_vec();
        row.extend([activity.sector.clone(), activity.activity.clone(), activity.modality.clone()]);
        for (name, code) in &activity.places {
            row.extend([name.clone(), code.clone()]);
        }
        row.extend([activity.status.clone(), activity.start.clone(), activity.end.clone()]);
        let [f_children, f_adults, f_elderly] = figures.bands(Sex::Female);
        let [m_children, m_adults, m_elderly] = figures.bands(Sex::Male);
        row.extend(
            [
                figures.targeted_households,
                figures.targeted_people,
                figures.reached_households,
                figures.reached.total(),
                f_children,
                m_children,
                f_adults,
                m_adults,
                f_elderly,
                m_elderly,
                figures.reached_idps,
            ]
            .map(count),
        );
        row.push(figures.amount_xof.to_string());
        table.push(row);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures() -> Figures {
        let mut reached = Sadd::default();
        for (sex, band, n) in [
            (Sex::Female, AgeBand::Under5, 40),
            (Sex::Female, AgeBand::From12To17, 20),
            (Sex::Male, AgeBand::From5To11, 55),
            (Sex::Female, AgeBand::From18To59, 70),
            (Sex::Male, AgeBand::From18To59, 50),
            (Sex::Female, AgeBand::From60, 3),
            (Sex::Male, AgeBand::From60, 12),
        ] {
            for _ in 0..n {
                reached.add(sex, band);
            }
        }
        Figures {
            targeted_households: 60,
            targeted_people: 300,
            reached_households: 48,
            reached,
            reached_idps: 250,
            amount_xof: 0,
        }
    }

    #[test]
    fn requirement_15_headers_then_hashtags_in_the_listed_order() {
        let table = table(&[], SmallCells::Shown);
        assert_eq!(table.len(), 2);
        assert_eq!(table[0][0], "Organisation");
        assert_eq!(table[1][0], "#org+name");
        assert_eq!(table[1][28], "#value+transfer+c_xof");
        for tag in &table[1] {
            let mut parts = tag.strip_prefix('#').expect("a hashtag").split('+');
            let valid = |token: &str| {
                token.starts_with(|c: char| c.is_ascii_alphabetic())
                    && token.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            };
            assert!(parts.all(valid), "libhxl's token rule: {tag}");
        }
    }

    #[test]
    fn requirement_16_the_sex_and_age_columns_sum_to_the_people_reached() {
        let table = table(&[(Activity::default(), figures())], SmallCells::Shown);
        let row = &table[2];
        assert_eq!(row.len(), COLUMNS.len());
        let at = |tag: &str| -> u64 {
            row[table[1].iter().position(|t| t == tag).expect("column")].parse().expect("number")
        };
        let bands: u64 = [
            "#reached+f+children",
            "#reached+m+children",
            "#reached+f+adults",
            "#reached+m+adults",
            "#reached+f+elderly",
            "#reached+m+elderly",
        ]
        .iter()
        .map(|tag| at(tag))
        .sum();
        assert_eq!(bands, at("#reached+ind"));
        assert_eq!(at("#reached+f+children"), 60, "0–4 and 12–17 nest in 0–17");
    }

    #[test]
    fn requirement_20_small_cells_are_suppressed_in_aggregates() {
        let table = table(&[(Activity::default(), figures())], SmallCells::Suppressed);
        let column = table[1].iter().position(|t| t == "#reached+f+elderly").expect("column");
        assert_eq!(table[2][column], "<5");
        let zero = table[1].iter().position(|t| t == "#value+transfer+c_xof").expect("column");
        assert_eq!(table[2][zero], "0", "nothing to hide in a zero");
        let big = table[1].iter().position(|t| t == "#reached+m+elderly").expect("column");
        assert_eq!(table[2][big], "12");
    }
}
