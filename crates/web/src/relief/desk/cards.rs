//! Household cards (requirement 11): the QR text holds an opaque household
//! id, the card's serial and the programme, signed with the programme's
//! Ed25519 key (`dugu_relief::card`) — no name, size or place. The key is
//! the server's (`Store::card_secret`); a desk verifies with its public
//! half, which the card's API answer carries. A sheet of cards prints as a
//! PDF drawn here: QR modules as filled squares, so no image or font
//! beyond the PDF's own Helvetica is needed.

use dugu_relief::card::{Card, CardError};
use dugu_storage::{Backend, Principal, StoreError};
use dugu_sync::signature::{from_hex, to_hex};
use ed25519_dalek::SigningKey;
use rand::RngCore as _;

/// A UUID's 16 bytes (`None`: not a UUID).
pub fn uuid_bytes(id: &str) -> Option<[u8; 16]> {
    from_hex(&id.replace('-', "")).and_then(|b| <[u8; 16]>::try_from(b.as_slice()).ok())
}

/// 16 bytes as a UUID's text.
pub fn uuid_text(b: &[u8; 16]) -> String {
    let h = to_hex(b);
    format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
}

/// The programme's signing key (made the first time it is needed).
pub fn signing_key(store: &dyn Backend, programme_id: &str) -> Result<SigningKey, StoreError> {
    let mut fresh = [0u8; 32];
    rand::rng().fill_bytes(&mut fresh);
    Ok(SigningKey::from_bytes(&store.card_secret(programme_id, fresh)?))
}

/// A household's current card: its text and the key's public half (hex).
pub struct Printed {
    pub text: String,
    pub public_key: String,
    pub serial: i64,
    pub record_number: String,
}

/// The household's current card, for a reader of relief data in scope.
/// (The caller audits the view.)
pub fn card_of(store: &dyn Backend, who: &Principal, household_id: &str) -> Result<Printed, StoreError> {
    let desk = store.desk_household(who, household_id, crate::today())?.ok_or(StoreError::NotFound)?;
    let (Some(household), Some(programme)) = (uuid_bytes(household_id), uuid_bytes(&desk.programme_id)) else {
        return Err(StoreError::NotFound);
    };
    let key = signing_key(store, &desk.programme_id)?;
    let serial = u32::try_from(desk.card_serial).map_err(|_| StoreError::NotFound)?;
    Ok(Printed {
        text: Card { household, programme, serial }.sign(&key),
        public_key: to_hex(key.verifying_key().as_bytes()),
        serial: desk.card_serial,
        record_number: desk.record_number,
    })
}

/// What a scanned or typed text turned out to be.
pub enum Scanned {
    /// A valid, current card: the household's id.
    Household(String),
    /// A card since replaced: the day of the newer one.
    Replaced(String),
    /// Card-shaped, but forged, altered or of no programme here.
    Invalid,
}

/// Reads `text` as a card if it has a card's shape (`None`: it does not —
/// a name or a record number, to search for). A card of a household out
/// of scope is `NotFound`, like any record.
pub fn read_card(store: &dyn Backend, who: &Principal, text: &str) -> Result<Option<Scanned>, StoreError> {
    let Some(programme) = Card::programme_of(text) else { return Ok(None) };
    let programme_id = uuid_text(&programme);
    if store.programmes(who)?.iter().all(|p| p.id != programme_id) {
        return Ok(Some(Scanned::Invalid));
    }
    let key = signing_key(store, &programme_id)?;
    let card = match Card::verify(text, &key.verifying_key()) {
        Ok(card) => card,
        Err(CardError::Forged | CardError::Unreadable | CardError::Replaced { .. }) => {
            return Ok(Some(Scanned::Invalid));
        }
    };
    let household = uuid_text(&card.household);
    let desk = store.desk_household(who, &household, crate::today())?.ok_or(StoreError::NotFound)?;
    let replaced_on = desk.card_replaced_on;
    match (u32::try_from(desk.card_serial), replaced_on) {
        (Ok(current), Some(on)) if card.check_current(current, on).is_err() => {
            Ok(Some(Scanned::Replaced(on.to_string())))
        }
        _ => Ok(Some(Scanned::Household(household))),
    }
}

/// Text in the PDF's Helvetica (WinAnsi: Latin-1 for these letters),
/// its delimiters escaped.
fn pdf_text(s: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for c in s.chars() {
        let b = u32::from(c);
        let byte = if b < 256 { b as u8 } else { b'?' };
        if matches!(byte, b'(' | b')' | b'\\') {
            out.push(b'\\');
        }
        out.push(byte);
    }
    out
}

/// One card's drawing at `(x, y)` (its lower left corner, in points).
fn draw_card(out: &mut Vec<u8>, x: f32, y: f32, card: &Printed, title: &str, serial_label: &str) {
    const W: f32 = 243.0;
    const H: f32 = 153.0;
    out.extend_from_slice(format!("0.6 w {x:.1} {y:.1} {W:.1} {H:.1} re S\n").as_bytes());
    if let Ok(code) = qrcode::QrCode::with_error_correction_level(card.text.as_bytes(), qrcode::EcLevel::M) {
        let width = code.width();
        let module = 135.0 / (width + 8) as f32;
        let (left, top) = (x + 9.0 + 4.0 * module, y + 9.0 + 135.0 - 4.0 * module);
        for (i, color) in code.to_colors().into_iter().enumerate() {
            if color == qrcode::Color::Dark {
                let (col, row) = ((i % width) as f32, (i / width) as f32);
                out.extend_from_slice(
                    format!(
                        "{:.2} {:.2} {:.2} {:.2} re\n",
                        left + col * module,
                        top - (row + 1.0) * module,
                        module,
                        module
                    )
                    .as_bytes(),
                );
            }
        }
        out.extend_from_slice(b"f\n");
    }
    let text_x = x + 152.0;
    for (i, line) in
        [title.to_string(), card.record_number.clone(), format!("{serial_label} {}", card.serial)].iter().enumerate()
    {
        out.extend_from_slice(format!("BT /F1 9 Tf {text_x:.1} {:.1} Td (", y + H - 30.0 - 16.0 * i as f32).as_bytes());
        out.extend_from_slice(&pdf_text(line));
        out.extend_from_slice(b") Tj ET\n");
    }
}

/// A sheet of cards as a PDF: A4, eight cards a page (2 × 4, bank-card
/// size), each cut along its frame.
pub fn sheet(cards: &[Printed], title: &str, serial_label: &str) -> Vec<u8> {
    let pages: Vec<&[Printed]> = if cards.is_empty() { vec![&[]] } else { cards.chunks(8).collect() };
    let mut objects: Vec<Vec<u8>> = Vec::new();
    // 1 catalog, 2 page tree, 3 font; then each page and its content.
    let kids: Vec<String> = (0..pages.len()).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), pages.len()).into_bytes());
    objects.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec());
    for (p, page) in pages.iter().enumerate() {
        let mut content = Vec::new();
        for (i, card) in page.iter().enumerate() {
            let (col, row) = ((i % 2) as f32, (i / 2) as f32);
            draw_card(&mut content, 45.0 + col * 262.0, 842.0 - 40.0 - (row + 1.0) * 190.0, card, title, serial_label);
        }
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                5 + 2 * p
            )
            .into_bytes(),
        );
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(&content);
        stream.extend_from_slice(b"\nendstream");
        objects.push(stream);
    }
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        pdf.extend_from_slice(object);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    pdf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uuid_goes_to_bytes_and_back() {
        let id = "0190f3a2-7b1c-7d2e-8f00-1234567890ab";
        assert_eq!(uuid_bytes(id).map(|b| uuid_text(&b)).as_deref(), Some(id));
        assert_eq!(uuid_bytes("not a uuid"), None);
    }

    #[test]
    fn a_sheet_is_a_pdf_whose_cross_references_point_at_its_objects() {
        let card =
            Printed { text: "A".repeat(162), public_key: String::new(), serial: 2, record_number: "MOP-7".into() };
        let pdf = sheet(&[card], "Carte de ménage", "Carte n°");
        assert!(pdf.starts_with(b"%PDF-1.4") && pdf.ends_with(b"%%EOF\n"));
        // Offsets are bytes: the French letters are one byte each here.
        let end = pdf.windows(10).rposition(|w| w == b"startxref\n").expect("startxref");
        let xref: usize = std::str::from_utf8(&pdf[end + 10..])
            .ok()
            .and_then(|t| t.lines().next())
            .and_then(|n| n.parse().ok())
            .expect("an offset");
        assert!(pdf[xref..].starts_with(b"xref"), "startxref points at the table");
        let table = String::from_utf8_lossy(&pdf[xref..end]).to_string();
        let entries: Vec<&str> = table.lines().skip(3).take_while(|l| l.ends_with(" n ")).collect();
        assert_eq!(entries.len(), 5, "catalog, pages, font, one page and its content");
        for (n, line) in entries.iter().enumerate() {
            let at: usize = line[..10].parse().expect("offset");
            assert!(pdf[at..].starts_with(format!("{} 0 obj", n + 1).as_bytes()), "object {} at {at}", n + 1);
        }
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains(" re\n"), "QR modules drawn");
        assert!(pdf.windows(4).any(|w| w == b"m\xe9na"), "French letters in WinAnsi");
    }
}
