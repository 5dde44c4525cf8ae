//! How long a name search takes on a store of 100,000 people (not a test:
//! it measures and prints, and asserts nothing about time). Run it with
//!
//! ```sh
//! cargo test --release -p dugu-storage --test search_timing -- --ignored --nocapture
//! ```
//!
//! `SEARCH_TIMING_DIR=DIR` keeps the loaded store in DIR and reuses it, so
//! two versions of the search can be compared on the same people.

use dugu_storage::reads::*;
mod common;

use dugu_domain::Role;
use dugu_storage::{PeopleFilter, PersonInput, Principal, Store, SystemTask};
use std::time::Instant;

/// Family names with the other spellings enumerators use, and weights.
const FAMILY: &[(&str, &[&str], u64)] = &[
    ("Traoré", &["Traore", "Tarawélé", "Trawore"], 60),
    ("Coulibaly", &["Kulibali", "Koulibaly"], 55),
    ("Diarra", &["Jara", "Diara"], 40),
    ("Keïta", &["Keita"], 35),
    ("Diallo", &["Jallo", "Dialo"], 30),
    ("Konaté", &["Konate"], 25),
    ("Touré", &["Toure", "Ture"], 25),
    ("Cissé", &["Cisse", "Sise"], 22),
    ("Maïga", &["Maiga"], 22),
    ("Sangaré", &["Sangare"], 15),
    ("Sissoko", &["Sisoko"], 12),
    ("Camara", &["Kamara"], 12),
    ("Koné", &["Kone"], 12),
    ("Konaré", &["Konare"], 5),
    ("Ouattara", &["Watara"], 4),
    ("Fofana", &[], 8),
];
const GIVEN: &[(&str, &[&str], u64)] = &[
    ("Fatoumata", &["Fatimata", "Fanta"], 40),
    ("Aminata", &["Ami"], 30),
    ("Mariam", &["Maryam"], 30),
    ("Awa", &["Hawa"], 25),
    ("Kadiatou", &["Kadidia"], 25),
    ("Mamadou", &["Mahamadou"], 40),
    ("Moussa", &["Musa"], 30),
    ("Boubacar", &["Bakary"], 30),
    ("Seydou", &[], 20),
    ("Oumar", &["Omar"], 20),
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: deterministic people, run after run.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick<'a>(&mut self, table: &'a [(&'a str, &'a [&'a str], u64)]) -> (String, Option<String>) {
        let total: u64 = table.iter().map(|t| t.2).sum();
        let mut at = self.next() % total;
        let mut chosen = &table[0];
        for t in table {
            if at < t.2 {
                chosen = t;
                break;
            }
            at -= t.2;
        }
        let (name, alts, _) = chosen;
        if !alts.is_empty() && self.next() % 100 < 30 {
            let alt = alts[(self.next() % alts.len() as u64) as usize];
            return (alt.to_string(), Some(name.to_string()));
        }
        (name.to_string(), None)
    }
}

fn load(store: &Store, n: usize) -> Principal {
    let site = common::mali(store, &[("KIT", "Kita")]).remove(0);
    let who = common::account(store, "national", Role::NationalDirector, &[]);
    let writer = store.system_principal(who.user_id(), SystemTask::BenchmarkLoad).expect("system principal");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..n.div_ceil(5_000) {
        let batch: Vec<PersonInput> = (0..5_000)
            .map(|i| {
                let (given, g) = rng.pick(GIVEN);
                let (family, f) = rng.pick(FAMILY);
                PersonInput {
                    given_name: given,
                    family_name: family,
                    other_names: g.into_iter().chain(f).collect::<Vec<_>>().join("\n"),
                    sex: if i % 2 == 0 { "F".into() } else { "M".into() },
                    birth_date: format!("{}", 1950 + rng.next() % 75),
                    location_id: site.clone(),
                    ..Default::default()
                }
            })
            .collect();
        let w = writer.clone();
        store
            .write(move |tx| {
                for p in &batch {
                    tx.create_person(&w, p)?;
                }
                Ok(())
            })
            .expect("people");
    }
    who
}

#[test]
#[ignore = "measures; run by hand with --release"]
fn search_latency_on_100k_people() {
    let kept = std::env::var_os("SEARCH_TIMING_DIR").map(std::path::PathBuf::from);
    let temp = tempfile::tempdir().expect("tempdir");
    let dir = kept.unwrap_or_else(|| temp.path().to_path_buf());
    let fresh = !dir.join("dugu.sqlite").exists();
    let started = Instant::now();
    let store = Store::open(&dir).expect("open");
    let who = if fresh {
        load(&store, 100_000)
    } else {
        let u = store.user_by_username("national").expect("user").expect("national");
        store.principal_of(&u.id).expect("principal").expect("may sign in")
    };
    println!("store ready in {:.1} s (fresh: {fresh})", started.elapsed().as_secs_f64());
    let today = time::macros::date!(2026 - 12 - 01);
    println!("| query | total | p50 µs | p95 µs |");
    for q in [
        "traore",
        "coulibaly",
        "kulibali",
        "trao",
        "dialo",
        "trawore",
        "sangare",
        "awa traore",
        "fanta kulibali",
        "KIT-050000",
    ] {
        let mut times = Vec::new();
        let mut total = 0;
        for i in 0..210 {
            let t = Instant::now();
            let page = store.search_people(&who, q, &PeopleFilter::default(), today, 20, 0).expect("search");
            if i >= 10 {
                times.push(t.elapsed().as_micros());
            }
            total = page.total;
        }
        times.sort_unstable();
        println!("| {q} | {total} | {} | {} |", times[times.len() / 2], times[times.len() * 95 / 100]);
    }
}
