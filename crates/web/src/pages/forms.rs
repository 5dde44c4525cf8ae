//! One way for every form of a page that holds several (a child's page, a
//! household's page): a refused form comes back open, with its errors
//! beside its own fields and what was typed kept, and the browser brought
//! back to it (its action ends in `#form-{name}`, so the answer scrolls
//! there); a saved one redirects (POST-redirect-GET) to the section it
//! belongs to, which then says what was saved — once.
//!
//! The confirmation travels as a code in a cookie (`dugu_saved=home-visit`,
//! never a name or a value), not in the link: a `?saved=` link said
//! "Visite enregistrée" again on every reload, Back or Forward. The cookie
//! lives a minute, is HttpOnly and SameSite=Strict, and its path is the
//! page it is for (`/people/{id}`), so no other page sees it; the page
//! that says it clears it in the same answer (`Forms::after`,
//! `Forms::said`).

use crate::session::Ctx;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use dugu_domain::{EntityKind, Invalid, Problem};
use serde::Serialize;

/// What a page's forms show: at most one refused form, at most one
/// confirmation.
#[derive(Default)]
pub struct Forms {
    refused: Option<Refused>,
    /// What was just saved, from the redirect after the save.
    pub saved: Option<Saved>,
}

/// The form that was refused, its problems and what was typed in it.
struct Refused {
    form: &'static str,
    errors: Invalid,
    typed: Vec<(String, String)>,
}

/// No form refused, nothing to confirm.
static NOTHING: Invalid = Invalid(Vec::new());

impl Forms {
    /// The page as its link shows it, with the confirmation the save's
    /// cookie names (an unknown code is no confirmation). The answer must
    /// go through `said`, which clears the cookie.
    pub fn after(ctx: &Ctx) -> Forms {
        let code = crate::session::cookie(&ctx.headers, SAVED_COOKIE).unwrap_or_default();
        Forms { refused: None, saved: Saved::parse(&code) }
    }

    /// What clears the confirmation's cookie for `page`, when the request
    /// carried one (for `said`).
    pub fn clearing(ctx: &Ctx, page: &str) -> Option<HeaderValue> {
        crate::session::cookie(&ctx.headers, SAVED_COOKIE)?;
        HeaderValue::from_str(&saved_cookie(ctx, page, "", 0)).ok()
    }

    /// The page as answered, clearing the confirmation's cookie
    /// (`clearing`), so a reload does not say it again.
    pub fn said(clearing: Option<HeaderValue>, mut answer: Response) -> Response {
        if let Some(v) = clearing {
            answer.headers_mut().append(header::SET_COOKIE, v);
        }
        answer
    }

    /// The page with `form` refused, showing `typed` (what `typed` read
    /// of the form as posted).
    pub fn refused(form: &'static str, errors: Invalid, typed: Vec<(String, String)>) -> Forms {
        Forms { refused: Some(Refused { form, errors, typed }), saved: None }
    }

    /// What was typed in a posted form, field by field (its token is not
    /// typed input and is not kept).
    pub fn typed(form: &impl Serialize) -> Vec<(String, String)> {
        match serde_json::to_value(form) {
            Ok(serde_json::Value::Object(fields)) => fields
                .into_iter()
                .filter(|(k, _)| k != "csrf")
                .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_string())))
                .collect(),
            _ => Vec::new(),
        }
    }

    fn of(&self, form: &str) -> Option<&Refused> {
        self.refused.as_ref().filter(|r| r.form == form)
    }

    /// Whether any form of the page was refused (the title says so).
    pub fn any_refused(&self) -> bool {
        self.refused.is_some()
    }

    /// Whether `form` shows open: it was refused.
    pub fn is_open(&self, form: &str) -> bool {
        self.of(form).is_some()
    }

    /// The problems of `form` (none unless it was the one refused).
    pub fn errors(&self, form: &str) -> &Invalid {
        self.of(form).map_or(&NOTHING, |r| &r.errors)
    }

    /// The problem with one field of `form`.
    pub fn error(&self, form: &str, field: &str) -> Option<Problem> {
        self.of(form).and_then(|r| r.errors.of(field))
    }

    /// Whether a field of `form` was refused with the problem whose code is
    /// `problem` (a form then shows what confirms it, such as "place the
    /// child anyway").
    pub fn refused_for(&self, form: &str, field: &str, problem: &str) -> bool {
        self.error(form, field).is_some_and(|p| p.code() == problem)
    }

    /// What was typed in a field of `form`, or nothing.
    pub fn value<'a>(&'a self, form: &str, field: &str) -> &'a str {
        self.value_or(form, field, "")
    }

    /// What was typed in a field of `form`, or `first` on a fresh form.
    pub fn value_or<'a>(&'a self, form: &str, field: &str, first: &'a str) -> &'a str {
        match self.of(form) {
            Some(r) => r.typed.iter().find(|(k, _)| k == field).map_or("", |(_, v)| v.as_str()),
            None => first,
        }
    }

    /// Whether `option` was the one chosen in a field of `form`: never on
    /// a fresh form, where nothing is chosen for the person.
    pub fn chosen(&self, form: &str, field: &str, option: &str) -> bool {
        !option.is_empty() && self.value(form, field) == option
    }
}

/// What a form saved, each with the section the reader comes back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// An admission to a family house.
    Admission,
    /// A move to another house.
    Placement,
    /// A transfer to another village.
    Transfer,
    /// The end of care.
    Leaving,
    /// A visit after leaving care.
    FollowUp,
    /// A growth measurement.
    Measurement,
    /// A medical visit.
    MedicalVisit,
    /// A vaccination.
    Dose,
    /// A school year.
    SchoolYear,
    /// An enrolment in a programme.
    Enrolment,
    /// A household member.
    Member,
    /// The start of family support.
    Support,
    /// A needs assessment.
    Assessment,
    /// An action of the support plan.
    PlanAction,
    /// An action marked done.
    ActionDone,
    /// A home visit.
    HomeVisit,
    /// The end of family support.
    Exit,
    /// An account disabled.
    Disabled,
    /// A dose without a day, on the vaccination card.
    CardUndated,
    /// What is known of the vaccination history, on the card.
    CardHistory,
    /// A dose outside the schedule, on the card.
    ExtraDose,
    /// A dose of the vaccination schedule added or changed.
    Schedule,
    /// A person registered, or their identity changed (said at the top of
    /// their page).
    Person,
    /// A conflict between sites resolved (on the conflicts page).
    Resolved,
    /// A record of this kind corrected (on its own page, then back to the
    /// section that shows it).
    Corrected(EntityKind),
    /// A record of this kind struck out.
    StruckOut(EntityKind),
}

impl Saved {
    /// Every confirmation (each has a message in every language).
    pub const ALL: [Saved; 44] = [
        Saved::Admission,
        Saved::Placement,
        Saved::Transfer,
        Saved::Leaving,
        Saved::FollowUp,
        Saved::Measurement,
        Saved::MedicalVisit,
        Saved::Dose,
        Saved::SchoolYear,
        Saved::Enrolment,
        Saved::Member,
        Saved::Support,
        Saved::Assessment,
        Saved::PlanAction,
        Saved::ActionDone,
        Saved::HomeVisit,
        Saved::Exit,
        Saved::Disabled,
        Saved::CardUndated,
        Saved::CardHistory,
        Saved::ExtraDose,
        Saved::Schedule,
        Saved::Person,
        Saved::Resolved,
        Saved::Corrected(EntityKind::Measurement),
        Saved::Corrected(EntityKind::Vaccination),
        Saved::Corrected(EntityKind::ExtraDose),
        Saved::Corrected(EntityKind::MedicalVisit),
        Saved::Corrected(EntityKind::Admission),
        Saved::Corrected(EntityKind::CareFollowUp),
        Saved::Corrected(EntityKind::FamilySupport),
        Saved::Corrected(EntityKind::HomeVisit),
        Saved::Corrected(EntityKind::Assessment),
        Saved::Corrected(EntityKind::PlanAction),
        Saved::StruckOut(EntityKind::Measurement),
        Saved::StruckOut(EntityKind::Vaccination),
        Saved::StruckOut(EntityKind::ExtraDose),
        Saved::StruckOut(EntityKind::MedicalVisit),
        Saved::StruckOut(EntityKind::Admission),
        Saved::StruckOut(EntityKind::CareFollowUp),
        Saved::StruckOut(EntityKind::FamilySupport),
        Saved::StruckOut(EntityKind::HomeVisit),
        Saved::StruckOut(EntityKind::Assessment),
        Saved::StruckOut(EntityKind::PlanAction),
    ];

    /// Its code in the link and in the message key (`saved-{code}`).
    pub fn code(self) -> &'static str {
        match self {
            Saved::Admission => "admission",
            Saved::Placement => "placement",
            Saved::Transfer => "transfer",
            Saved::Leaving => "leaving",
            Saved::FollowUp => "follow-up",
            Saved::Measurement => "measurement",
            Saved::MedicalVisit => "medical-visit",
            Saved::Dose => "dose",
            Saved::SchoolYear => "school-year",
            Saved::Enrolment => "enrolment",
            Saved::Member => "member",
            Saved::Support => "support",
            Saved::Assessment => "assessment",
            Saved::PlanAction => "plan-action",
            Saved::ActionDone => "action-done",
            Saved::HomeVisit => "home-visit",
            Saved::Exit => "exit",
            Saved::Disabled => "disabled",
            Saved::CardUndated => "card-undated",
            Saved::CardHistory => "card-history",
            Saved::ExtraDose => "extra-dose",
            Saved::Schedule => "schedule",
            Saved::Person => "person",
            Saved::Resolved => "resolved",
            // Each kind its own message, to say what was corrected in
            // words whose French agrees with it ("Mesure corrigée").
            Saved::Corrected(kind) => match kind {
                EntityKind::Measurement => "corrected-measurement",
                EntityKind::Vaccination => "corrected-dose",
                EntityKind::ExtraDose => "corrected-extra-dose",
                EntityKind::MedicalVisit => "corrected-medical-visit",
                EntityKind::Admission => "corrected-admission",
                EntityKind::CareFollowUp => "corrected-follow-up",
                EntityKind::FamilySupport => "corrected-support",
                EntityKind::HomeVisit => "corrected-home-visit",
                EntityKind::Assessment => "corrected-assessment",
                EntityKind::PlanAction => "corrected-plan-action",
                _ => "corrected",
            },
            Saved::StruckOut(kind) => match kind {
                EntityKind::Measurement => "struck-measurement",
                EntityKind::Vaccination => "struck-dose",
                EntityKind::ExtraDose => "struck-extra-dose",
                EntityKind::MedicalVisit => "struck-medical-visit",
                EntityKind::Admission => "struck-admission",
                EntityKind::CareFollowUp => "struck-follow-up",
                EntityKind::FamilySupport => "struck-support",
                EntityKind::HomeVisit => "struck-home-visit",
                EntityKind::Assessment => "struck-assessment",
                EntityKind::PlanAction => "struck-plan-action",
                _ => "struck",
            },
        }
    }

    /// The section the reader is brought back to.
    pub fn anchor(self) -> &'static str {
        match self {
            Saved::Admission | Saved::Placement | Saved::Transfer | Saved::Leaving | Saved::FollowUp => "care",
            Saved::Measurement => "growth",
            Saved::MedicalVisit | Saved::Dose => "medical",
            Saved::SchoolYear => "school",
            Saved::Enrolment => "programmes",
            Saved::Member => "members",
            Saved::Support
            | Saved::Assessment
            | Saved::PlanAction
            | Saved::ActionDone
            | Saved::HomeVisit
            | Saved::Exit => "support",
            // The account's page, whose status it changes; the schedule's,
            // whose table it changes.
            Saved::Disabled | Saved::Schedule | Saved::Person | Saved::Resolved => "main",
            // The section that lists the record (`corrections::Amendable`).
            Saved::Corrected(kind) | Saved::StruckOut(kind) => match kind {
                EntityKind::Measurement => "growth",
                EntityKind::Vaccination | EntityKind::ExtraDose | EntityKind::MedicalVisit => "medical",
                EntityKind::Admission | EntityKind::CareFollowUp => "care",
                _ => "support",
            },
            // The top of the vaccination card, whose table it changes.
            Saved::CardUndated | Saved::CardHistory | Saved::ExtraDose => "card",
        }
    }

    fn parse(code: &str) -> Option<Saved> {
        Saved::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The cookie that carries what was just saved to the page that says it.
const SAVED_COOKIE: &str = "dugu_saved";

/// The confirmation's cookie for `page`: a code, for a minute (long
/// enough for the redirect on a slow line), for that page alone.
fn saved_cookie(ctx: &Ctx, page: &str, code: &str, max_age: u32) -> String {
    let secure = if ctx.state.config.secure_cookies { "; Secure" } else { "" };
    format!("{SAVED_COOKIE}={code}; Path={page}; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
}

/// The answer to a saved form: back to `page`, at the section, which
/// says what was saved (once: see the module's comment).
pub fn saved(ctx: &Ctx, page: &str, what: Saved) -> Response {
    saved_at(ctx, page, what, what.anchor())
}

/// As [`saved`], bringing the reader back to the element `fragment` names
/// rather than the top of the section (a row of a long table, which a
/// phone's stacked layout puts far below the section's heading).
pub fn saved_at(ctx: &Ctx, page: &str, what: Saved, fragment: &str) -> Response {
    let mut r = Redirect::to(&format!("{page}#{fragment}")).into_response();
    if let Ok(v) = HeaderValue::from_str(&saved_cookie(ctx, page, what.code(), 60)) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Typed {
        csrf: &'static str,
        reason: &'static str,
    }

    #[test]
    fn only_the_refused_form_shows_its_errors_and_what_was_typed() {
        let mut inv = Invalid::new();
        inv.add("reason", Problem::Required);
        let forms = Forms::refused("admission", inv, Forms::typed(&Typed { csrf: "secret", reason: "abandoned" }));
        assert!(forms.is_open("admission") && !forms.is_open("move"));
        assert_eq!(forms.error("admission", "reason"), Some(Problem::Required));
        assert!(forms.errors("move").is_empty());
        assert_eq!(forms.value("admission", "reason"), "abandoned");
        assert_eq!(forms.value("admission", "csrf"), "", "the token is not typed input");
        assert_eq!(forms.value_or("move", "from_date", "2026-01-01"), "2026-01-01");
        assert!(forms.chosen("admission", "reason", "abandoned"));
        assert!(!Forms::default().chosen("admission", "reason", ""), "nothing chosen on a fresh form");
    }

    #[test]
    fn every_correction_page_has_its_confirmations() {
        for kind in crate::corrections::ALL.iter().map(|a| a.kind).chain([EntityKind::Measurement]) {
            assert!(Saved::ALL.contains(&Saved::Corrected(kind)), "{kind:?}");
            let strikes = kind.fields().iter().any(|f| f.name == "struck_out");
            assert_eq!(Saved::ALL.contains(&Saved::StruckOut(kind)), strikes, "{kind:?}");
        }
        let codes: std::collections::HashSet<&str> = Saved::ALL.iter().map(|s| s.code()).collect();
        assert_eq!(codes.len(), Saved::ALL.len(), "one code each");
    }

    #[test]
    fn every_code_reads_back() {
        for s in Saved::ALL {
            assert_eq!(Saved::parse(s.code()), Some(s));
        }
        assert_eq!(Saved::parse("<script>"), None);
    }
}
