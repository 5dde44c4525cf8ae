//! The person page's sections about the record itself: who the person is,
//! and each field group the reader may read (contact, medical and
//! protection notes).

use super::person::{Loaded, Page, PersonSection, Reader, Section};
use crate::pages::show_birth;
use crate::templates::Layout;
use askama::Template;
use dugu_domain::FieldGroup;
use dugu_storage::Person;

/// Names, birth, where the person lives, identifiers.
pub const IDENTITY: PersonSection = PersonSection { id: "identity", load: identity };
/// Phone and address, for those who read contact details.
pub const CONTACT: PersonSection =
    PersonSection { id: "contact", load: |r| Ok(group(r, FieldGroup::Contact, Contact)) };
/// The medical notes, for those who read medical data.
pub const MEDICAL_NOTES: PersonSection =
    PersonSection { id: "medical-notes", load: |r| Ok(group(r, FieldGroup::Medical, MedicalNotes)) };
/// The protection notes, for those who read protection data.
pub const PROTECTION_NOTES: PersonSection =
    PersonSection { id: "protection-notes", load: |r| Ok(group(r, FieldGroup::Protection, ProtectionNotes)) };

struct Identity {
    birth: String,
    location: String,
}

#[derive(Template)]
#[template(path = "people/identity.html")]
struct IdentityHtml<'a> {
    l: &'a Layout,
    p: &'a Person,
    birth: &'a str,
    location: &'a str,
}

fn identity(r: &Reader<'_>) -> Loaded {
    let p = r.person;
    let location = r.store.location(&p.location_id)?.map(|l| format!("{} ({})", l.name, l.code)).unwrap_or_default();
    let birth = show_birth(r.tr, p.birth_date, p.birth_date_precision);
    Ok(Some(Box::new(Identity { birth, location })))
}

impl Section for Identity {
    fn render(&self, page: &Page<'_>) -> askama::Result<String> {
        IdentityHtml { l: page.l, p: page.p, birth: &self.birth, location: &self.location }.render()
    }
}

/// A field group's section, shown only to its readers.
fn group<S: Section + 'static>(r: &Reader<'_>, group: FieldGroup, section: S) -> Option<Box<dyn Section>> {
    r.role.reads(group).then(|| Box::new(section) as Box<dyn Section>)
}

struct Contact;
struct MedicalNotes;
struct ProtectionNotes;

#[derive(Template)]
#[template(path = "people/contact.html")]
struct ContactHtml<'a> {
    l: &'a Layout,
    p: &'a Person,
}

#[derive(Template)]
#[template(path = "people/medical_notes.html")]
struct MedicalNotesHtml<'a> {
    l: &'a Layout,
    p: &'a Person,
}

#[derive(Template)]
#[template(path = "people/protection_notes.html")]
struct ProtectionNotesHtml<'a> {
    l: &'a Layout,
    p: &'a Person,
}

impl Section for Contact {
    fn render(&self, page: &Page<'_>) -> askama::Result<String> {
        ContactHtml { l: page.l, p: page.p }.render()
    }
}

impl Section for MedicalNotes {
    fn render(&self, page: &Page<'_>) -> askama::Result<String> {
        MedicalNotesHtml { l: page.l, p: page.p }.render()
    }
}

impl Section for ProtectionNotes {
    fn render(&self, page: &Page<'_>) -> askama::Result<String> {
        ProtectionNotesHtml { l: page.l, p: page.p }.render()
    }
}
