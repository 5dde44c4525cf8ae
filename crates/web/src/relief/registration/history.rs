//! The household relief page's history: per cycle, each entitlement
//! (item, quantity with its unit, what it was computed from, in words)
//! and how it was handed over — when, at which site, by whom, to which
//! collector — or that it has not been yet.

use crate::i18n::Tr;
use dugu_storage::HistoryLine;

/// One entitlement as the page shows it.
pub struct Row {
    pub item: String,
    pub quantity: String,
    pub inputs: String,
    /// « remis le … » or « pas encore remis ».
    pub receipt: String,
    pub served: bool,
}

/// A cycle and its entitlements.
pub struct Cycle {
    pub name: String,
    /// The cycle's dates as HTML (`<time>` elements).
    pub dates: String,
    pub rows: Vec<Row>,
}

/// A quantity in the unit people count in: grams from a kilogram on as
/// kilograms, millilitres from a litre on as litres, francs CFA grouped
/// by thousands; exact (quantities are integers, so a kilogram has at
/// most three decimals, written with the reader's separator).
pub fn quantity(tr: &Tr, q: i64, unit: &str) -> String {
    let thousandths = |n: i64, big: &str| {
        let (whole, rest) = (n / 1000, (n % 1000).abs());
        let decimals = format!("{rest:03}");
        let decimals = decimals.trim_end_matches('0');
        if decimals.is_empty() {
            format!("{} {big}", tr.whole(whole))
        } else {
            format!("{}{} {big}", tr.whole(whole), crate::format::decimal(tr, &format!(".{decimals}")))
        }
    };
    match unit {
        "g" if q.abs() >= 1000 => thousandths(q, "kg"),
        "ml" if q.abs() >= 1000 => thousandths(q, "L"),
        "ml" => format!("{} mL", tr.whole(q)),
        "xof" => format!("{} FCFA", tr.whole(q)),
        "piece" => tr.arg("relief-history-pieces", "n", &tr.whole(q)),
        other => format!("{} {other}", tr.whole(q)),
    }
}

/// What an entitlement was computed from, in words: the household's
/// size and the size counted under the cap, the share for the time since
/// arrival, the rounding; or that it is carried over from a cycle missed.
pub fn inputs(tr: &Tr, line: &HistoryLine) -> String {
    let e = &line.entitlement;
    let v = &e.inputs;
    let mut parts = Vec::new();
    if e.carried_from.is_some() {
        parts.push(tr.get("relief-desk-carried"));
    }
    if let Some(size) = v["size"].as_i64() {
        parts.push(tr.arg("relief-history-size", "size", &size.to_string()));
    }
    if v["capped"].as_bool() == Some(true)
        && let Some(used) = v["used"].as_i64()
    {
        parts.push(tr.arg("relief-history-capped", "used", &used.to_string()));
    }
    if let Some(percent) = v["fraction"].as_i64().filter(|p| *p != 100) {
        let arrival = v["arrival_date"].as_str().map(|d| tr.date_plain(d)).unwrap_or_else(|| "–".into());
        let month = v["month"].as_i64().map(|m| m.to_string()).unwrap_or_else(|| "–".into());
        parts.push(tr.args(
            "relief-history-fraction",
            &[("percent", percent.to_string().as_str()), ("month", &month), ("arrival", &arrival)],
        ));
    }
    if let Some(before) = v["before_rounding"].as_i64().filter(|b| *b != e.quantity) {
        parts.push(tr.arg("relief-history-rounded", "before", &quantity(tr, before, &e.unit)));
    }
    if parts.is_empty() { "–".into() } else { parts.join(" · ") }
}

/// The history grouped by cycle, oldest first, as the store gives it.
pub fn cycles(tr: &Tr, lines: &[HistoryLine]) -> Vec<Cycle> {
    let mut out: Vec<(String, Cycle)> = Vec::new();
    for line in lines {
        let e = &line.entitlement;
        let receipt = match &line.receipt {
            Some(r) => {
                let collector = match r.first.collector.as_str() {
                    "head" => tr.get("relief-desk-collector-head"),
                    _ => tr.get("relief-desk-collector-alternate"),
                };
                let collector = match &r.collector_name {
                    Some(name) => format!("{name} ({collector})"),
                    None => collector,
                };
                let at = crate::relief::desk::pages::when(tr, &r.first);
                let number = crate::relief::desk::pages::receipt_number(&r.first.id, r.first.number.as_deref());
                tr.args(
                    "relief-history-served",
                    &[
                        ("at", at.as_str()),
                        ("site", &r.first.site),
                        ("user", &r.first.user),
                        ("collector", &collector),
                        ("receipt", &number),
                    ],
                )
            }
            None => tr.get("relief-history-not-yet"),
        };
        let row = Row {
            item: e.item.clone(),
            quantity: quantity(tr, e.quantity, &e.unit),
            inputs: inputs(tr, line),
            served: line.receipt.is_some(),
            receipt,
        };
        match out.iter_mut().find(|(id, _)| *id == e.cycle_id) {
            Some((_, c)) => c.rows.push(row),
            None => out.push((
                e.cycle_id.clone(),
                Cycle {
                    name: e.cycle_name.clone(),
                    dates: format!("{} – {}", tr.day(e.valid_from), tr.day(e.valid_until)),
                    rows: vec![row],
                },
            )),
        }
    }
    out.into_iter().map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{I18n, Lang};

    #[test]
    fn quantities_are_written_in_the_unit_people_count_in() {
        let fr = Tr::new(I18n::new().expect("messages"), Lang::Fr);
        let en = Tr::new(I18n::new().expect("messages"), Lang::En);
        assert_eq!(quantity(&fr, 84_000, "g"), "84 kg");
        assert_eq!(quantity(&fr, 5_250, "ml"), "5,25 L");
        assert_eq!(quantity(&en, 5_250, "ml"), "5.25 L");
        assert_eq!(quantity(&en, 750, "ml"), "750 mL");
        assert_eq!(quantity(&en, 60_000, "xof"), "60,000 FCFA");
        assert_eq!(quantity(&fr, 12_600, "g"), "12,6 kg");
    }
}
