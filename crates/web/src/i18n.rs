//! Every string a person reads comes from the Fluent files in `locales/`:
//! French first, English too. Code holds message keys, never UI text.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::Arc;

/// A language dugu speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// French, the default.
    Fr,
    /// English.
    En,
}

impl Lang {
    /// `fr` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// Reads a code; anything unknown is French.
    pub fn parse(code: &str) -> Lang {
        if code.trim().eq_ignore_ascii_case("en") { Lang::En } else { Lang::Fr }
    }

    /// The first of French or English in an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Lang {
        for part in header.split(',') {
            let tag = part.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            if tag.starts_with("fr") {
                return Lang::Fr;
            }
            if tag.starts_with("en") {
                return Lang::En;
            }
        }
        Lang::Fr
    }
}

/// One language's message files, embedded in the binary as one source:
/// a key defined in two files is an error like a key defined twice in one.
macro_rules! messages_of {
    ($lang:literal) => {
        concat!(
            include_str!(concat!("../locales/", $lang, "/main.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/relief_registration.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/relief_cycles.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/relief_desk.ftl")),
            "\n",
            include_str!(concat!("../locales/", $lang, "/relief_reports.ftl")),
        )
    };
}

/// The message sources, embedded in the binary.
pub const SOURCES: [(Lang, &str); 2] = [(Lang::Fr, messages_of!("fr")), (Lang::En, messages_of!("en"))];

/// Both languages' bundles.
pub struct I18n {
    fr: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

/// A message file that does not load: a syntax error, or a message defined
/// twice. The server does not start with it (a message silently dropped
/// would show its key to the people using dugu).
#[derive(Debug)]
pub struct I18nError {
    /// The language of the file.
    pub lang: Lang,
    /// What is wrong, one line per error.
    pub errors: Vec<String>,
}

impl std::fmt::Display for I18nError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "locales/{}/*.ftl do not load: {}", self.lang.code(), self.errors.join("; "))
    }
}

impl std::error::Error for I18nError {}

fn bundle(lang: Lang, source: &str) -> Result<FluentBundle<FluentResource>, I18nError> {
    let id = unic_langid::LanguageIdentifier::from_bytes(lang.code().as_bytes())
        .map_err(|e| I18nError { lang, errors: vec![e.to_string()] })?;
    let mut b = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks: pages are plain text in one direction.
    b.set_use_isolating(false);
    let resource = FluentResource::try_new(source.to_string())
        .map_err(|(_, errors)| I18nError { lang, errors: errors.iter().map(|e| format!("{e:?}")).collect() })?;
    b.add_resource(resource)
        .map_err(|errors| I18nError { lang, errors: errors.iter().map(|e| e.to_string()).collect() })?;
    Ok(b)
}

impl I18n {
    /// Loads both languages; any error in either file is an error.
    pub fn new() -> Result<Arc<I18n>, I18nError> {
        Ok(Arc::new(I18n { fr: bundle(Lang::Fr, SOURCES[0].1)?, en: bundle(Lang::En, SOURCES[1].1)? }))
    }

    /// The message `key` in `lang`, with arguments. A missing key shows the
    /// key itself (and a test makes sure none is missing).
    pub fn message(&self, lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
        let b = match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        };
        let Some(pattern) = b.get_message(key).and_then(|m| m.value()) else {
            return key.to_string();
        };
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            // Numbers go in as numbers, so plural forms are chosen right.
            match v.parse::<i64>() {
                Ok(n) => fargs.set(*k, FluentValue::from(n)),
                Err(_) => fargs.set(*k, FluentValue::from(*v)),
            }
        }
        let mut errors = Vec::new();
        let text = b.format_pattern(pattern, if args.is_empty() { None } else { Some(&fargs) }, &mut errors);
        if !errors.is_empty() {
            // A variable the code did not pass: the text shows `{$name}`.
            // Logged with the key only — arguments may be personal data.
            tracing::warn!(message.key = key, message.errors = errors.len(), "a message was formatted with errors");
        }
        text.into_owned()
    }
}

/// A translator bound to one language, handed to every template.
#[derive(Clone)]
pub struct Tr {
    /// The language.
    pub lang: Lang,
    i18n: Arc<I18n>,
}

impl Tr {
    /// A translator for `lang`.
    pub fn new(i18n: Arc<I18n>, lang: Lang) -> Tr {
        Tr { lang, i18n }
    }

    /// The message `key`.
    pub fn get(&self, key: &str) -> String {
        self.i18n.message(self.lang, key, &[])
    }

    /// The message `key` with one argument.
    pub fn arg(&self, key: &str, name: &str, value: &str) -> String {
        self.i18n.message(self.lang, key, &[(name, value)])
    }

    /// The message `key` with its arguments.
    pub fn args(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.i18n.message(self.lang, key, args)
    }

    /// The message for a field problem (`error-required`, …).
    pub fn problem(&self, p: &dugu_domain::Problem) -> String {
        self.get(&format!("error-{}", p.code()))
    }

    /// The label of a code in a family (`role-nurse`, `sex-F`, …).
    pub fn code(&self, family: &str, code: &str) -> String {
        self.get(&format!("{family}-{code}"))
    }

    /// A field's label in the error summary of the form whose ids start
    /// with `prefix`: where two forms use one field name for different
    /// things, the form decides (a medical visit's `reason` is the
    /// consultation's, not an admission's).
    pub fn form_field(&self, prefix: &str, field: &str) -> String {
        match (prefix, field) {
            ("medical-visit-", "reason") => self.get("field-visit_reason"),
            _ => self.code("field", field),
        }
    }

    /// `lang` attribute value.
    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    /// A number already formatted with a decimal point, written as the
    /// language writes it (French: a decimal comma).
    pub fn decimal(&self, formatted: String) -> String {
        crate::format::decimal(self, &formatted)
    }

    /// A stored day (`YYYY-MM-DD`) as a `<time>` element written the
    /// reader's way (`crate::format`: 14/02/2019, 14 Feb 2019); print it
    /// with `|safe`.
    pub fn date(&self, iso: &str) -> String {
        crate::format::date_html(self, iso)
    }

    /// A stored day as plain text written the reader's way (14/02/2019),
    /// for a date inside a sentence the template escapes; nothing is "–"
    /// and anything that is not a day is given back as it is.
    pub fn date_plain(&self, iso: &str) -> String {
        if iso.trim().is_empty() {
            return "–".into();
        }
        crate::format::date_text(self, iso).unwrap_or_else(|| iso.to_string())
    }

    /// A day as a `<time>` element written the reader's way; print it with
    /// `|safe`.
    pub fn day(&self, d: impl std::borrow::Borrow<time::Date>) -> String {
        crate::format::day_html(self, *d.borrow())
    }

    /// A day as plain text written the reader's way, for a sentence.
    pub fn day_plain(&self, d: impl std::borrow::Borrow<time::Date>) -> String {
        crate::format::day_plain(self, *d.borrow())
    }

    /// A count or target grouped by thousands the reader's way (10 000,
    /// 10,000).
    pub fn whole(&self, n: i64) -> String {
        crate::format::whole(self, n)
    }

    /// A day as a date field shows it (`crate::format::day_input`:
    /// 14/02/2019 from a stored day, anything else as typed).
    pub fn day_input(&self, value: &str) -> String {
        crate::format::day_input(value)
    }

    /// A number as the reader writes it (9,5 or 9.5); nothing is "–".
    pub fn number(&self, n: Option<f64>) -> String {
        crate::format::number(self, n)
    }

    /// The label of a code in a family, or the code itself when the family
    /// has no message for it (a code a later version adds must still show).
    pub fn label(&self, family: &str, code: &str) -> String {
        let key = format!("{family}-{code}");
        let text = self.get(&key);
        if text == key { code.to_string() } else { text }
    }

    /// The hint of a person field: a name or a record number, the number's
    /// example taken from the reader's site when a record number of it is
    /// known (`at_site`).
    pub fn pick_hint(&self, at_site: &str) -> String {
        match at_site.split('-').next().filter(|p| !p.is_empty() && at_site.contains('-')) {
            Some(prefix) => self.arg("pick-hint-example", "example", &format!("{prefix}-000042")),
            None => self.get("pick-hint"),
        }
    }

    /// What separates a label from its value: a no-break space and ":" in
    /// French, ":" alone in English.
    pub fn colon(&self) -> String {
        self.get("punct-colon")
    }
}

#[cfg(test)]
#[path = "i18n_keys.rs"]
mod keys;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_message_files_load_without_errors() {
        assert!(I18n::new().is_ok(), "{:?}", I18n::new().err());
    }

    #[test]
    fn a_syntax_error_fails_loading() {
        let broken = bundle(Lang::Fr, "bonjour = Bonjour\nmauvais = { $nom\nau-revoir = Au revoir\n");
        let e = broken.err().expect("a syntax error is an error, not a shorter file");
        assert_eq!(e.lang, Lang::Fr);
        assert!(!e.errors.is_empty());
    }

    #[test]
    fn a_message_defined_twice_fails_loading() {
        assert!(bundle(Lang::En, "hello = Hello\nhello = Hi\n").is_err());
    }

    #[test]
    fn one_record_shown_is_singular_in_both_languages() {
        let i = I18n::new().expect("messages");
        let (fr, en) = (Tr::new(i.clone(), Lang::Fr), Tr::new(i, Lang::En));
        assert_eq!(fr.arg("audit-shown", "count", "1"), "(1 dossier affiché)");
        assert_eq!(fr.arg("audit-shown", "count", "3"), "(3 dossiers affichés)");
        assert_eq!(en.arg("audit-shown", "count", "1"), "(1 record shown)");
    }
}
