//! One way to write dates, times and numbers in each language, so every
//! page follows the same rule (issue 12 item 9). Templates reach these
//! through `Tr` (`l.tr.date(…)`, `l.tr.number(…)`); code builds rows with
//! them directly.
//!
//! * A day: `14/02/2019` in French (how people in Mali write it), `14 Feb
//!   2019` in English (day, short month, year: no reader can take the day
//!   for the month, whichever English convention they grew up with), in a
//!   `<time datetime="2019-02-14">` element so the ISO date stays in the page.
//! * A moment of the audit trail: the day as above, `HH:MM` and the zone.
//!   Mali keeps UTC all year (Africa/Bamako: no summer time since 1960), and
//!   every dugu site is in Mali, so the local time is the stored UTC time and
//!   the zone is written "GMT" — what a Malian clock is said to show — with
//!   no time-zone database to ship.
//! * A decimal: `9,5` in French, `9.5` in English, in text and in the
//!   values of inputs (the forms read both).
//! * A day typed in a form: day first in both languages, `14/02/2019`
//!   (also `14-02-2019`, `14.02.2019`, and ISO `2019-02-14`); see
//!   `typed_day`. The JSON API reads ISO only: it is a contract.

use crate::i18n::{Lang, Tr};

/// Text made safe for HTML, for values that turn out not to be dates.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The day as the reader's language writes it.
fn day_text(tr: &Tr, d: time::Date) -> String {
    match tr.lang {
        Lang::Fr => format!("{:02}/{:02}/{:04}", d.day(), d.month() as u8, d.year()),
        Lang::En => format!("{} {} {:04}", d.day(), tr.code("month", &(d.month() as u8).to_string()), d.year()),
    }
}

/// A stored day (`YYYY-MM-DD`) as text, `None` when it is not one.
pub fn date_text(tr: &Tr, iso: &str) -> Option<String> {
    dugu_domain::birth::parse_iso_date(iso.trim()).ok().map(|d| day_text(tr, d))
}

/// A stored day as HTML: `<time datetime="2019-02-14">14/02/2019</time>`;
/// nothing is "–", and anything else is shown escaped as it is.
pub fn date_html(tr: &Tr, iso: &str) -> String {
    let iso = iso.trim();
    if iso.is_empty() {
        return "–".into();
    }
    match dugu_domain::birth::parse_iso_date(iso) {
        Ok(d) => day_html(tr, d),
        Err(_) => escape(iso),
    }
}

/// A day as HTML, as [`date_html`] writes a stored one; the store hands
/// days as `Date`s, so nothing here can fail.
pub fn day_html(tr: &Tr, d: time::Date) -> String {
    format!("<time datetime=\"{}\">{}</time>", dugu_domain::birth::iso_date(d), day_text(tr, d))
}

/// A day as plain text written the reader's way (14/02/2019).
pub fn day_plain(tr: &Tr, d: time::Date) -> String {
    day_text(tr, d)
}

/// A birth date as plain text (a file, a message), the way the person
/// page shows it: the day written the reader's way when it is known
/// exactly, the year alone when only the year is, « vers 2019 » /
/// « about 2019 » when it was derived from an age — never a day nobody
/// knows; nothing is empty.
pub fn birth_plain(tr: &Tr, date: Option<time::Date>, precision: Option<dugu_domain::birth::DatePrecision>) -> String {
    use dugu_domain::birth::DatePrecision;
    let Some(d) = date else { return String::new() };
    let year = format!("{:04}", d.year());
    match precision {
        Some(DatePrecision::Year) => year,
        Some(DatePrecision::Estimated) => tr.arg("birth-estimated", "year", &year),
        _ => day_text(tr, d),
    }
}

/// A day as a person types it in a form: day first (`14/02/2019`,
/// `14-02-2019`, `14.02.2019`, one or two digits for day and month), or
/// ISO (`2019-02-14`, what a browser's own date picker and the check page's
/// hidden fields send). Day first because both the French and the English
/// pages ask for `JJ/MM/AAAA` / `DD/MM/YYYY` (how Mali writes dates): the
/// browser's `<input type="date">` would instead follow the browser's
/// locale, and an English-US browser would read 02/03 as 3 February. A
/// two-digit year is refused: 14/02/19 could be a birth in 1919 or 2019.
pub fn typed_day(raw: &str) -> Option<time::Date> {
    let raw = raw.trim();
    if let Ok(d) = dugu_domain::birth::parse_iso_date(raw) {
        return Some(d);
    }
    // One separator throughout, or spaces ("27 3 2019", as the birth
    // date's hint writes it).
    let parts: Vec<&str> = match raw.chars().find(|c| matches!(c, '/' | '-' | '.')) {
        Some(sep) => raw.split(sep).map(str::trim).collect(),
        None => raw.split_whitespace().collect(),
    };
    let [day, month, year] = parts.as_slice() else { return None };
    let digits =
        |s: &str, len: std::ops::RangeInclusive<usize>| len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(day, 1..=2) || !digits(month, 1..=2) || !digits(year, 4..=4) {
        return None;
    }
    let month = time::Month::try_from(month.parse::<u8>().ok()?).ok()?;
    time::Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
}

/// The day typed in a form field as the store reads it (ISO); what is not
/// a day is given back as typed (trimmed), so that the store's own check
/// refuses it with an `Invalid` naming the field and the form shows it
/// again as it was typed.
pub fn day_from_form(raw: &str) -> String {
    typed_day(raw).map_or_else(|| raw.trim().to_string(), |d| d.to_string())
}

/// Reads a form's date field with `day_from_form`
/// (`#[serde(deserialize_with = "crate::format::form_day")]`): every
/// page form's date goes through it, no API body does.
pub fn form_day<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let raw: String = serde::Deserialize::deserialize(d)?;
    Ok(day_from_form(&raw))
}

/// A day as a date field shows it, day first in both languages
/// (`14/02/2019`): a stored or prefilled day (ISO) is written that way,
/// anything else — what was typed and refused — is shown as typed.
pub fn day_input(value: &str) -> String {
    match dugu_domain::birth::parse_iso_date(value.trim()) {
        Ok(d) => format!("{:02}/{:02}/{:04}", d.day(), d.month() as u8, d.year()),
        Err(_) => value.to_string(),
    }
}

/// Whether French writes `d'` rather than `de` before `word` (`d'Aminata`,
/// `d'Oumar`, `d'Hélène`), as the `$elide` variable of a message's
/// selector: `yes` before a vowel, accented or not, or an `h` (names take
/// the mute h's elision: the aspirated h is a closed list of common
/// nouns, and no message puts `de` before one); `no` otherwise, `y`
/// included (`de Yacouba`).
pub fn elision(word: &str) -> &'static str {
    let first = word.trim_start().chars().next().map(|c| c.to_lowercase().next().unwrap_or(c));
    match first {
        Some(
            'a' | 'à' | 'â' | 'ä' | 'e' | 'é' | 'è' | 'ê' | 'ë' | 'i' | 'î' | 'ï' | 'o' | 'ô' | 'ö' | 'u' | 'ù' | 'û'
            | 'ü' | 'h',
        ) => "yes",
        _ => "no",
    }
}

/// A year alone (a birth year known only roughly) as HTML.
pub fn year_html(year: &str) -> String {
    if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) {
        format!("<time datetime=\"{year}\">{year}</time>")
    } else {
        escape(year)
    }
}

/// A moment (milliseconds since 1970, UTC) in the sites' local time with
/// its zone, as HTML: `<time datetime="2026-12-02T08:03:05Z">02/12/2026
/// 08:03 GMT</time>`.
pub fn instant_html(tr: &Tr, ms: i64) -> String {
    let Ok(t) = time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)) else { return "–".into() };
    format!(
        "<time datetime=\"{}T{:02}:{:02}:{:02}Z\">{} {:02}:{:02} {}</time>",
        t.date(),
        t.hour(),
        t.minute(),
        t.second(),
        day_text(tr, t.date()),
        t.hour(),
        t.minute(),
        tr.get("time-zone-site")
    )
}

/// A number written with a decimal point (as stored or formatted by
/// Rust), with the reader's decimal separator.
pub fn decimal(tr: &Tr, formatted: &str) -> String {
    match tr.lang {
        Lang::Fr => formatted.replace('.', ","),
        Lang::En => formatted.to_string(),
    }
}

/// A number as the reader writes it; nothing is "–".
pub fn number(tr: &Tr, n: Option<f64>) -> String {
    n.map_or_else(|| "–".into(), |n| decimal(tr, &n.to_string()))
}

/// A count or a target as the reader writes it: 10 000 in French (a
/// narrow no-break space, so the figure never breaks across lines),
/// 10,000 in English.
pub fn whole(tr: &Tr, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let sep = match tr.lang {
        Lang::Fr => '\u{202f}',
        Lang::En => ',',
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("−{out}") } else { out }
}

/// A number as an input's value (empty when there is none).
pub fn number_input(tr: &Tr, n: Option<f64>) -> String {
    n.map(|n| decimal(tr, &n.to_string())).unwrap_or_default()
}

/// A z-score as pages show it, with its sign and two decimals, cut
/// toward zero rather than rounded: WHO classifies on the exact value
/// (stunting below −2, severe below −3, overweight above +2…), and a
/// rounded −1.996 would read "−2,00" beside "no stunting". Cut toward
/// zero, a number is never shown beyond a threshold its class is not
/// beyond (−1.996 is "−1,99", +2.996 "+2,99"); −2.004 shows "−2,00",
/// at the threshold, beside the class it is in. The cut is made on the
/// decimal text (nine places), not by `f64::trunc` on `z × 100`, whose
/// binary error would show −1.99 as −1.98.
pub fn z_score(tr: &Tr, z: f64) -> String {
    let text = format!("{:+.9}", z + 0.0);
    let cut = text.find('.').map_or(text.as_str(), |dot| &text[..(dot + 3).min(text.len())]);
    // −0.004 is "+0.00", not "−0.00".
    let cut = if cut == "-0.00" { "+0.00" } else { cut };
    decimal(tr, cut)
}

/// A vaccine's name. In French, the schedule's own (the national director
/// keeps it, in French); in English, its translation (`vaccine-{code}`)
/// where the dose is one of the schedule's own, else the schedule's name.
pub fn vaccine_name(tr: &Tr, code: &str, in_schedule: &str) -> String {
    match tr.lang {
        Lang::Fr => in_schedule.to_string(),
        Lang::En => {
            let translated = tr.label("vaccine", code);
            if translated == code { in_schedule.to_string() } else { translated }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::I18n;

    fn tr(lang: Lang) -> Tr {
        Tr::new(I18n::new().expect("messages load"), lang)
    }

    #[test]
    fn a_target_is_grouped_by_thousands_the_way_each_language_writes_it() {
        assert_eq!(whole(&tr(Lang::Fr), 10000), "10\u{202f}000");
        assert_eq!(whole(&tr(Lang::En), 10000), "10,000");
        assert_eq!(whole(&tr(Lang::En), 999), "999");
        assert_eq!(whole(&tr(Lang::En), 1234567), "1,234,567");
    }

    #[test]
    fn a_day_is_written_the_way_each_language_writes_it_with_the_iso_date_kept() {
        assert_eq!(date_html(&tr(Lang::Fr), "2019-02-14"), "<time datetime=\"2019-02-14\">14/02/2019</time>");
        assert_eq!(date_html(&tr(Lang::En), "2019-02-14"), "<time datetime=\"2019-02-14\">14 Feb 2019</time>");
        assert_eq!(date_html(&tr(Lang::En), ""), "–");
        assert_eq!(date_html(&tr(Lang::Fr), "<b>2019</b>"), "&lt;b&gt;2019&lt;/b&gt;");
    }

    #[test]
    fn a_birth_known_only_by_its_year_or_an_age_is_never_written_as_a_day() {
        use dugu_domain::birth::DatePrecision;
        let d = Some(time::macros::date!(2019 - 01 - 01));
        let (fr, en) = (tr(Lang::Fr), tr(Lang::En));
        assert_eq!(birth_plain(&fr, d, Some(DatePrecision::Exact)), "01/01/2019");
        assert_eq!(birth_plain(&en, d, None), "1 Jan 2019");
        assert_eq!(birth_plain(&fr, d, Some(DatePrecision::Year)), "2019");
        assert!(birth_plain(&fr, d, Some(DatePrecision::Estimated)).contains("vers"));
        assert!(birth_plain(&en, d, Some(DatePrecision::Estimated)).contains("about"));
        assert_eq!(birth_plain(&fr, None, Some(DatePrecision::Exact)), "");
    }

    #[test]
    fn a_moment_is_local_time_with_its_zone() {
        // 2026-12-02 08:03:05 UTC
        let ms = 1_796_198_585_000;
        let fr = instant_html(&tr(Lang::Fr), ms);
        assert_eq!(fr, "<time datetime=\"2026-12-02T08:03:05Z\">02/12/2026 08:03 GMT</time>");
        assert!(instant_html(&tr(Lang::En), ms).contains(">2 Dec 2026 08:03 GMT<"));
    }

    #[test]
    fn a_typed_day_is_read_day_first_in_every_usual_spelling() {
        for raw in [
            "14/02/2019",
            "14-02-2019",
            "14.02.2019",
            "2019-02-14",
            " 14/2/2019 ",
            "14 2 2019",
            "14  02 2019",
            "14 / 2 / 2019",
        ] {
            assert_eq!(day_from_form(raw), "2019-02-14", "{raw}");
        }
        assert_eq!(day_from_form("02/03/2026"), "2026-03-02", "2 March, never 3 February");
        for raw in ["14/02/19", "31/02/2019", "2019/02/14", "14/02-2019", "02/14/2019", "hier", "1/2/3/2019"] {
            assert_eq!(typed_day(raw), None, "{raw}");
            assert_eq!(day_from_form(raw), raw.trim(), "given back as typed: {raw}");
        }
        assert_eq!(day_from_form(""), "");
    }

    #[test]
    fn a_date_field_shows_a_day_day_first() {
        assert_eq!(day_input("2019-02-14"), "14/02/2019");
        assert_eq!(day_input("14.02.19"), "14.02.19");
        assert_eq!(day_input(""), "");
    }

    #[test]
    fn french_elides_de_before_a_vowel_or_an_h() {
        for name in ["Aminata Traoré", "Oumar Keïta", "Hawa Diarra", "Émile Coulibaly", " ibrahim"] {
            assert_eq!(elision(name), "yes", "{name}");
        }
        for name in ["Moussa Diallo", "Yacouba Sangaré", "Kadidia", ""] {
            assert_eq!(elision(name), "no", "{name}");
        }
        let fr = tr(Lang::Fr);
        let ends = |name: &str| fr.args("end-care-ends", &[("name", name), ("elide", elision(name))]);
        assert!(
            ends("Aminata Traoré").starts_with("La prise en charge d'Aminata Traoré au village"),
            "{}",
            ends("Aminata")
        );
        assert!(ends("Moussa Diallo").starts_with("La prise en charge de Moussa Diallo au village"));
        let en = tr(Lang::En).args("end-care-ends", &[("name", "Oumar"), ("elide", "yes")]);
        assert!(en.starts_with("Oumar's care in the village will end"), "{en}");
    }

    #[test]
    fn a_z_score_is_cut_toward_zero_so_it_never_crosses_its_class_threshold() {
        let (fr, en) = (tr(Lang::Fr), tr(Lang::En));
        assert_eq!(z_score(&fr, -1.996), "-1,99", "not -2,00 beside 'no stunting'");
        assert_eq!(z_score(&fr, -2.004), "-2,00");
        assert_eq!(z_score(&en, 2.996), "+2.99", "not +3.00 below the +3 threshold");
        assert_eq!(z_score(&en, -1.99), "-1.99", "no binary error");
        assert_eq!(z_score(&en, -3.5), "-3.50");
        assert_eq!(z_score(&en, -0.004), "+0.00");
        assert_eq!(z_score(&en, 0.0), "+0.00");
    }

    #[test]
    fn decimals_take_the_language_separator() {
        assert_eq!(number(&tr(Lang::Fr), Some(9.5)), "9,5");
        assert_eq!(number(&tr(Lang::En), Some(9.5)), "9.5");
        assert_eq!(number_input(&tr(Lang::Fr), None), "");
    }

    #[test]
    fn an_age_of_one_is_singular_in_both_languages() {
        let (fr, en) = (tr(Lang::Fr), tr(Lang::En));
        for key in ["person-age", "pick-age", "pick-age-about"] {
            assert!(fr.arg(key, "years", "1").ends_with("1 an"), "{key}");
            assert!(fr.arg(key, "years", "3").ends_with("3 ans"), "{key}");
            assert!(en.arg(key, "years", "1").ends_with("1 year old"), "{key}");
            assert!(en.arg(key, "years", "3").ends_with("3 years old"), "{key}");
        }
    }
}
