//! The growth engine's benchmark: synthetic children, deterministic.

use anyhow::Context as _;
use dugu_demo::SplitMix;
use dugu_growth::{Age, Measure, Sex, who2006};
use std::io::Write as _;
use std::path::Path;
use std::time::Instant;

/// Roughly normal (sum of four uniforms), mean 0, sd 1.
fn normal(rng: &mut SplitMix) -> f64 {
    (0..4).map(|_| rng.unit()).sum::<f64>() * 3f64.sqrt() - 2.0 * 3f64.sqrt()
}

/// One plausible child under five, measured with a realistic spread.
fn child(rng: &mut SplitMix) -> who2006::Observation {
    let days = (rng.unit() * 1826.0).floor();
    let months = days / dugu_growth::DAYS_PER_MONTH;
    let sex = if rng.next_u64() & 1 == 0 { Sex::Male } else { Sex::Female };
    // Rough growth curves; the spread makes some children stunted or wasted.
    let length =
        50.0 + 25.0 * (months / 12.0).min(1.0) + 8.5 * (months - 12.0).max(0.0) / 12.0 + 3.5 * normal(rng) - 2.0;
    let weight =
        (3.3 + 6.5 * (months / 12.0).min(1.0) + 2.2 * (months - 12.0).max(0.0) / 12.0) * (1.0 + 0.12 * normal(rng));
    who2006::Observation {
        sex: Some(sex),
        age: Some(Age::Days(days)),
        weight_kg: Some(weight.max(1.0)),
        lenhei_cm: Some(length.max(40.0)),
        measure: Some(if days < 731.0 { Measure::Lying } else { Measure::Standing }),
        oedema: rng.next_u64().is_multiple_of(200),
        head_cm: Some(35.0 + 13.0 * (months / 24.0).min(1.0) + 1.5 * normal(rng)),
        muac_cm: Some(14.5 + 1.2 * normal(rng)),
        triceps_mm: Some(9.0 + 2.0 * normal(rng)),
        subscapular_mm: Some(7.0 + 1.5 * normal(rng)),
    }
}

fn children(n: usize) -> Vec<who2006::Observation> {
    let mut rng = SplitMix(20061);
    (0..n).map(|_| child(&mut rng)).collect()
}

/// Scores a slice and counts the z-scores computed.
fn score(obs: &[who2006::Observation]) -> u64 {
    let mut count = 0u64;
    for o in obs {
        let s = who2006::zscores(std::hint::black_box(o));
        count +=
            [s.zlen, s.zwei, s.zwfl, s.zbmi, s.zhc, s.zac, s.zts, s.zss].iter().filter(|z| z.is_some()).count() as u64;
    }
    count
}

/// Prints z-scores per second on one core and on `threads`.
pub fn engine(n: usize, threads: usize) {
    let obs = children(n);
    score(&obs[..n.min(10_000)]); // warm the tables into cache
    let start = Instant::now();
    let zs = score(&obs);
    let one = start.elapsed().as_secs_f64();
    println!("children: {n}");
    println!("z-scores: {zs} ({:.2} per child)", zs as f64 / n.max(1) as f64);
    println!("one core: {:.3} s, {:.1} million z-scores/s", one, zs as f64 / one / 1e6);

    let threads = threads.max(1);
    let chunk = n.div_ceil(threads).max(1);
    let start = Instant::now();
    let total: u64 = std::thread::scope(|s| {
        let handles: Vec<_> = obs.chunks(chunk).map(|c| s.spawn(move || score(c))).collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
    });
    let all = start.elapsed().as_secs_f64();
    println!("{threads} threads: {:.3} s, {:.1} million z-scores/s", all, total as f64 / all / 1e6);
}

/// Writes `rows` synthetic children as a who2006 input file.
pub fn write_csv(rows: usize, path: &Path) -> anyhow::Result<()> {
    let file = std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    writeln!(out, "id,sex,age,age_unit,weight,lenhei,measure,oedema,headc,armc,triskin,subskin")?;
    let mut rng = SplitMix(20061);
    for i in 0..rows {
        let c = child(&mut rng);
        let days = match c.age {
            Some(Age::Days(d)) => d,
            _ => 0.0,
        };
        writeln!(
            out,
            "C{i},{},{days},days,{:.2},{:.1},{},{},{:.1},{:.1},{:.1},{:.1}",
            c.sex.map_or(0, Sex::code),
            c.weight_kg.unwrap_or(0.0),
            c.lenhei_cm.unwrap_or(0.0),
            c.measure.map_or("", Measure::code),
            if c.oedema { "y" } else { "n" },
            c.head_cm.unwrap_or(0.0),
            c.muac_cm.unwrap_or(0.0),
            c.triceps_mm.unwrap_or(0.0),
            c.subscapular_mm.unwrap_or(0.0),
        )?;
    }
    out.flush()?;
    Ok(())
}
