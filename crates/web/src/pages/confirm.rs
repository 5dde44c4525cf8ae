//! Weighty actions (ending care, ending family support, disabling an
//! account) in the GOV.UK "check your answers" way: a page of their own
//! that says what will happen, with nothing chosen in advance; then a
//! page that repeats the answers, with a button that does it and one that
//! goes back to change them. Only the last button changes anything.
//!
//! The check page has an address of its own (`?check={draft}`, the answers
//! kept in `drafts`), reached by a redirect: reloading it, or coming Back
//! to it, shows it again rather than asking to resubmit a form; and its
//! confirm writes once, however often it is sent.

use crate::pages::drafts::Taken;
use crate::pages::forms::{Saved, saved};
use crate::pages::{fail, fail_status, layout, render, render_checked};
use crate::session::{Ctx, blocking};
use crate::templates::{Choice, Layout};
use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dugu_domain::Invalid;
use dugu_storage::StoreError;

/// The form of an ending: a date and a reason, neither chosen for the
/// person.
#[derive(Template)]
#[template(path = "pages/end_form.html")]
pub struct EndForm {
    /// The frame (its title names the action).
    pub l: Layout,
    /// Whose record: name and record number.
    pub about: String,
    /// What the action will do.
    pub consequences: Vec<String>,
    /// Where the form posts.
    pub action: String,
    /// Where "cancel" leads (the record's section).
    pub back: String,
    /// The date field: (name, label, value typed).
    pub date: (&'static str, String, String),
    /// The reason field: (name, label, value chosen).
    pub reason: (&'static str, String, String),
    /// The reasons to choose from.
    pub choices: Vec<Choice>,
    /// What was wrong with the answers.
    pub errors: Invalid,
    /// Said beside the date instead of its problem's general message, when
    /// the page knows more (the admission day a leaving cannot precede).
    pub date_message: Option<String>,
}

/// The check page: the answers, what will happen, and the button that
/// does it.
#[derive(Template)]
#[template(path = "pages/check.html")]
pub struct CheckPage {
    /// The frame (its title asks to check).
    pub l: Layout,
    /// Whose record (or account).
    pub about: String,
    /// (label, answer) as the reader will see them afterwards.
    pub answers: Vec<(String, String)>,
    /// What will happen.
    pub consequences: Vec<String>,
    /// Where both buttons post.
    pub action: String,
    /// The answers, sent again with the chosen step: (name, value).
    pub hidden: Vec<(String, String)>,
    /// The confirm button's words.
    pub confirm: String,
    /// Where "cancel" leads.
    pub back: String,
}

/// One ending (of a child's care, of a household's support): everything
/// its three steps — the form, the check page, the confirm — need, so
/// both endings follow one flow.
pub struct Ending {
    /// Whose record: name and record number.
    pub about: String,
    /// What the ending will do.
    pub consequences: Vec<String>,
    /// Where its forms post (`/people/{id}/leaving`).
    pub action: String,
    /// Where "cancel" leads (the record's section).
    pub back: String,
    /// The form's title, the check page's, and the confirm button's words.
    pub titles: (String, String, String),
    /// The date field: its name and label.
    pub date: (&'static str, String),
    /// The reason field: its name, label and message family.
    pub reason: (&'static str, String, &'static str),
    /// The reasons to choose from.
    pub choices: Vec<Choice>,
    /// Said beside the date instead of this problem's general message
    /// (the admission day a leaving cannot precede).
    pub date_message: Option<(dugu_domain::Problem, String)>,
}

impl Ending {
    /// The form, with what was typed and what was wrong with it.
    pub fn form(&self, ctx: &Ctx, (date, reason): (&str, &str), errors: Invalid) -> Response {
        let tr = &ctx.tr;
        let date_message =
            self.date_message.as_ref().filter(|(p, _)| errors.of(self.date.0) == Some(*p)).map(|(_, m)| m.clone());
        let page = EndForm {
            l: layout(tr, ctx.me(), self.titles.0.clone(), !errors.is_empty()),
            about: self.about.clone(),
            consequences: self.consequences.clone(),
            action: self.action.clone(),
            back: self.back.clone(),
            date: (self.date.0, self.date.1.clone(), date.to_string()),
            reason: (self.reason.0, self.reason.1.clone(), reason.to_string()),
            choices: self.choices.clone(),
            errors,
            date_message,
        };
        let refused = !page.errors.is_empty();
        render_checked(&page, refused)
    }

    /// Answers one post of the flow: back to the form to change the answers
    /// (`step=change`), the ending itself (`step=confirm`: the answers of
    /// the check page's `draft` — or, from a page without one, those
    /// posted —, then `end` runs in the store, which judges them again,
    /// and the reader goes to `done` with its confirmation; a draft
    /// confirmed already goes there writing nothing), or, once `checked`
    /// finds nothing wrong (any other step), the answers kept as a draft
    /// and the reader sent to the check page's own address.
    #[allow(clippy::too_many_arguments)] // one flow's parts, each named at its one call
    pub async fn answer(
        &self,
        ctx: &Ctx,
        step: &str,
        draft: &str,
        answers: (&str, &str),
        checked: Invalid,
        end: impl FnOnce(String, String) -> Result<(), StoreError> + Send + 'static,
        done: (&str, Saved),
    ) -> Response {
        let Some(me) = ctx.me() else { return fail_status(ctx, StatusCode::UNAUTHORIZED) };
        let (drafts, session, now) = (&ctx.state.drafts, me.session.token_hash.as_str(), ctx.state.clock.now());
        match step {
            "change" => match drafts.get(draft, session, now, &self.action) {
                Some((kept, false)) => self.form(ctx, pair(&kept), Invalid::new()),
                _ => self.form(ctx, answers, Invalid::new()),
            },
            "confirm" => {
                let (date, reason) = if draft.is_empty() {
                    (answers.0.to_string(), answers.1.to_string())
                } else {
                    match drafts.take(draft, session, now, &self.action) {
                        Taken::Fresh(kept) => (pair(&kept).0.to_string(), pair(&kept).1.to_string()),
                        Taken::Already => return saved(ctx, done.0, done.1),
                        // Expired: the form again, from the start.
                        Taken::Unknown => return Redirect::to(&self.action).into_response(),
                    }
                };
                let typed = (date.clone(), reason.clone());
                let outcome = blocking(move || end(date, reason)).await;
                if !matches!(outcome, Ok(Ok(()))) {
                    drafts.release(draft);
                }
                match outcome {
                    Ok(Ok(())) => saved(ctx, done.0, done.1),
                    Ok(Err(StoreError::Invalid(inv))) => self.form(ctx, (&typed.0, &typed.1), inv),
                    Ok(Err(e)) => fail(ctx, e),
                    Err(s) => fail_status(ctx, s),
                }
            }
            _ if !checked.is_empty() => self.form(ctx, answers, checked),
            _ => {
                let kept = vec![answers.0.to_string(), answers.1.to_string()];
                let id = drafts.keep(session, now, &self.action, kept);
                Redirect::to(&format!("{}?check={id}", self.action)).into_response()
            }
        }
    }

    /// The check page of a draft (`GET {action}?check={draft}`): the
    /// answers, what will happen, the confirm button; an expired draft is
    /// the form again.
    pub fn check_page(&self, ctx: &Ctx, draft: &str) -> Response {
        let Some(me) = ctx.me() else { return fail_status(ctx, StatusCode::UNAUTHORIZED) };
        let kept = ctx.state.drafts.get(draft, &me.session.token_hash, ctx.state.clock.now(), &self.action);
        let Some((kept, false)) = kept else { return self.form(ctx, ("", ""), Invalid::new()) };
        let (date, reason) = pair(&kept);
        let tr = &ctx.tr;
        render(&CheckPage {
            l: layout(tr, ctx.me(), self.titles.1.clone(), false),
            about: self.about.clone(),
            answers: vec![
                (self.date.1.clone(), tr.date_plain(date)),
                (self.reason.1.clone(), tr.code(self.reason.2, reason)),
            ],
            consequences: self.consequences.clone(),
            action: self.action.clone(),
            hidden: vec![("draft".to_string(), draft.to_string())],
            confirm: self.titles.2.clone(),
            back: self.back.clone(),
        })
    }

    /// Where a reader whose ending already happened is sent — Back to its
    /// check page, or its confirm sent again: the record, which says it is
    /// done, rather than the 404 the ended record's form now is. `None`
    /// for any other draft (or none).
    pub fn already_done(ctx: &Ctx, action: &str, draft: &str, done: (&str, Saved)) -> Option<Response> {
        let me = ctx.me()?;
        let (_, taken) = ctx.state.drafts.get(draft, &me.session.token_hash, ctx.state.clock.now(), action)?;
        taken.then(|| saved(ctx, done.0, done.1))
    }
}

/// A draft's two answers (date, reason).
fn pair(kept: &[String]) -> (&str, &str) {
    (kept.first().map_or("", String::as_str), kept.get(1).map_or("", String::as_str))
}
