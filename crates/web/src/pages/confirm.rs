//! Weighty actions (ending care, ending family support, disabling an
//! account) in the GOV.UK "check your answers" way: a page of their own
//! that says what will happen, with nothing chosen in advance; then a
//! page that repeats the answers, with a button that does it and one that
//! goes back to change them. Only the last button changes anything.

use crate::templates::{Choice, Layout};
use askama::Template;
use dugu_domain::Invalid;

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
