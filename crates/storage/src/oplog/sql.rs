//! The statements that turn operations into rows, generated at compile
//! time from the registry ([`dugu_domain::for_each_entity!`]): a field has
//! one name, and the column is that name. Every statement is a `concat!`
//! of literals (security requirement 17: no SQL built at run time).

use dugu_domain::EntityKind;

/// The statements of one entity kind's table.
pub(crate) struct Statements {
    /// `id`, every field in registry order, then the stamps.
    pub(crate) insert: &'static str,
    /// [`Statements::insert`] with the row's owning place last (a kind
    /// placed through another record, `place.rs`).
    pub(crate) insert_placed: &'static str,
    /// `id`, every field and the stamps of every row, sorted by id (for the
    /// baseline).
    pub(crate) rows: &'static str,
    /// Every column of every row, sorted by id (for the comparison).
    pub(crate) dump: &'static str,
    /// Removes a row (`?1` = id).
    pub(crate) delete: &'static str,
    /// Sets one field (`?1` = id, `?2` = value, `?3` = time), by field index.
    pub(crate) set: &'static [&'static str],
    /// Empties the table (a replay's scratch database only).
    pub(crate) clear: &'static str,
}

macro_rules! placeholder {
    ($f:ident) => {
        ", ?"
    };
}

macro_rules! stamp_columns {
    (None) => {
        ""
    };
    (Created) => {
        ", created_at"
    };
    (CreatedUpdated) => {
        ", created_at, updated_at"
    };
}

macro_rules! stamp_values {
    (None) => {
        ""
    };
    (Created) => {
        ", ?"
    };
    (CreatedUpdated) => {
        ", ?, ?"
    };
}

macro_rules! stamp_set {
    (None) => {
        ""
    };
    (Created) => {
        ""
    };
    (CreatedUpdated) => {
        ", updated_at = max(updated_at, ?3)"
    };
}

macro_rules! statements {
    ($( $kind:ident $name:literal $table:literal $stamps:ident $action:ident
        [ $( $field:ident $group:tt $ty:ident ),* $(,)? ] )*) => {
        /// The statements of `kind`'s table.
        pub(crate) fn statements(kind: EntityKind) -> &'static Statements {
            match kind {
                $(EntityKind::$kind => {
                    const S: Statements = Statements {
                        insert: concat!(
                            "INSERT INTO ", $table, " (id", $(", ", stringify!($field),)* stamp_columns!($stamps),
                            ") VALUES (?1", $(placeholder!($field),)* stamp_values!($stamps), ")"
                        ),
                        insert_placed: concat!(
                            "INSERT INTO ", $table, " (id", $(", ", stringify!($field),)* stamp_columns!($stamps),
                            ", place_id) VALUES (?1", $(placeholder!($field),)* stamp_values!($stamps), ", ?)"
                        ),
                        rows: concat!(
                            "SELECT id", $(", ", stringify!($field),)* stamp_columns!($stamps),
                            " FROM ", $table, " ORDER BY id"
                        ),
                        dump: concat!("SELECT id, * FROM ", $table, " ORDER BY id"),
                        delete: concat!("DELETE FROM ", $table, " WHERE id = ?1"),
                        set: &[$(
                            concat!("UPDATE ", $table, " SET ", stringify!($field), " = ?2", stamp_set!($stamps), " WHERE id = ?1")
                        ),*],
                        clear: concat!("DELETE FROM ", $table),
                    };
                    &S
                })*
            }
        }

        /// The table of `kind`.
        pub(crate) fn table(kind: EntityKind) -> &'static str {
            match kind { $(EntityKind::$kind => $table),* }
        }
    };
}

dugu_domain::for_each_entity!(statements);

/// A person's row with its derived sort name (`?` after the stamps): the
/// one table with a column computed from the fields on insert, so a
/// million people are written once each, not inserted then updated.
pub(crate) const PERSON_INSERT: &str = "INSERT INTO people (id, record_number, location_id, given_name, family_name,
     other_names, sex, birth_date, birth_date_precision, national_id, birth_certificate, phone, address,
     medical_notes, protection_notes, created_at, updated_at, sort_name)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_its_statement() {
        for k in EntityKind::ALL {
            let s = statements(*k);
            assert_eq!(s.set.len(), k.fields().len());
            for (f, set) in k.fields().iter().zip(s.set) {
                assert!(set.contains(&format!(" SET {} = ?2", f.name)), "{set}");
                assert!(s.insert.contains(f.name) && s.rows.contains(f.name));
            }
        }
        let person: Vec<&str> = EntityKind::Person.fields().iter().map(|f| f.name).collect();
        let listed = PERSON_INSERT.split('(').nth(1).unwrap_or_default();
        for f in person {
            assert!(listed.contains(f), "{f} missing from PERSON_INSERT");
        }
    }
}
