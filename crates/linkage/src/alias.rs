//! Given names that are one name without looking alike (Fatoumata ~ Fanta,
//! Boubacar ~ Bakary ~ Aboubacar). Each group gets a number; two names are
//! aliases when they fall in the same group.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The groups as shipped.
pub const ALIASES_FILE: &str = include_str!("../data/given_name_aliases.txt");

/// A problem in the aliases file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The alias groups: folded name → group number.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    group: HashMap<String, u32>,
    /// Spelling key → its group, if only one group has names of that key.
    by_key: OnceLock<HashMap<String, Option<u32>>>,
}

impl Aliases {
    /// Reads an aliases file: one comma-separated group per line, `#`
    /// comments. A name in two groups is an error.
    pub fn parse(text: &str) -> Result<Aliases, AliasError> {
        let mut group = HashMap::new();
        let mut n = 0u32;
        for (i, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            n += 1;
            let names: Vec<String> = line.split(',').map(dugu_domain::fold).filter(|s| !s.is_empty()).collect();
            if names.len() < 2 {
                return Err(AliasError { line: i + 1, message: "a group needs at least two names".into() });
            }
            for name in names {
                if let Some(other) = group.insert(name.clone(), n)
                    && other != n
                {
                    return Err(AliasError { line: i + 1, message: format!("{name} is already in another group") });
                }
            }
        }
        Ok(Aliases { group, by_key: OnceLock::new() })
    }

    /// The shipped groups.
    pub fn shipped() -> &'static Aliases {
        static A: OnceLock<Aliases> = OnceLock::new();
        A.get_or_init(|| Aliases::parse(ALIASES_FILE).unwrap_or_default())
    }

    /// The group of a folded given name, if it has one.
    pub fn group_of(&self, folded: &str) -> Option<u32> {
        self.group.get(folded).copied()
    }

    /// Every folded name with its group number, in no particular order
    /// (for indexes that look names up by another form, such as a key).
    pub fn names(&self) -> impl Iterator<Item = (&str, u32)> + '_ {
        self.group.iter().map(|(name, g)| (name.as_str(), *g))
    }

    /// The group of a folded name, or else of the listed names spelt with
    /// the same transliteration key (Bintu for Bintou), when that key
    /// belongs to one group only.
    pub fn group_of_spelling(&self, folded: &str, key: &str) -> Option<u32> {
        self.group_of(folded).or_else(|| {
            let by_key = self.by_key.get_or_init(|| {
                let mut map: HashMap<String, Option<u32>> = HashMap::new();
                for (name, g) in &self.group {
                    let k = crate::key::key(name);
                    map.entry(k).and_modify(|seen| *seen = seen.filter(|x| *x == *g)).or_insert(Some(*g));
                }
                map
            });
            by_key.get(key).copied().flatten()
        })
    }

    /// Whether two folded given names are aliases of each other.
    pub fn same(&self, a: &str, b: &str) -> bool {
        matches!((self.group_of(a), self.group_of(b)), (Some(x), Some(y)) if x == y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        Aliases::shipped().same(&dugu_domain::fold(a), &dugu_domain::fold(b))
    }

    #[test]
    fn the_shipped_file_is_valid() {
        let a = Aliases::parse(ALIASES_FILE).expect("valid aliases");
        assert!(a.group.len() > 60);
    }

    #[test]
    fn names_the_issue_names_are_aliases() {
        for (a, b) in [
            ("Fatoumata", "Fanta"),
            ("Aminata", "Ami"),
            ("Boubacar", "Bakary"),
            ("Bakary", "Aboubacar"),
            ("Mamadou", "Mohamed"),
            ("Ibrahim", "Brahima"),
            ("Kadiatou", "Kadidia"),
            ("Kadidia", "Khadija"),
            ("AÏSSATA", "aicha"),
            ("Tarawélé", "Traoré"),
        ] {
            assert!(same(a, b), "{a} ~ {b}");
        }
        for (a, b) in [("Fatoumata", "Aminata"), ("Mamadou", "Moussa"), ("Awa", "Ami"), ("Unknown", "Unknown")] {
            assert!(!same(a, b), "{a} vs {b}");
        }
    }

    #[test]
    fn a_spelling_the_file_lacks_finds_its_group_by_key() {
        let a = Aliases::shipped();
        let group = |w: &str| a.group_of_spelling(w, &crate::key::key(w));
        assert_eq!(group("bintu"), a.group_of("binta"), "Bintu ~ Bintou ~ Binta");
        assert_eq!(group("sidibe"), None);
    }

    #[test]
    fn a_name_in_two_groups_is_refused() {
        let e = Aliases::parse("Awa, Hawa\nHawa, Aoua\n").expect_err("duplicate");
        assert_eq!(e.line, 2);
        assert!(Aliases::parse("Lonely\n").is_err());
    }
}
