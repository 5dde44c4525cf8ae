//! The files reports are downloaded as: CSV (RFC 4180), XLSX
//! (rust_xlsxwriter) and a plain PDF of text pages (written here: a table
//! of names needs no more than PDF's standard Helvetica, and a PDF
//! library would bring fonts and images dugu does not use).

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// A cell: text, or a count (a number in a spreadsheet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Text as is.
    Text(String),
    /// A whole number.
    Count(u64),
}

impl Cell {
    /// A 5W cell: a number where it is one, `<5` and the rest as text.
    pub fn of(text: &str) -> Cell {
        match text.parse::<u64>() {
            Ok(n) if !text.starts_with('0') || text == "0" => Cell::Count(n),
            _ => Cell::Text(text.to_string()),
        }
    }

    fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Count(n) => n.to_string(),
        }
    }
}

/// Rows as CSV: comma-separated, fields with a comma, quote or line break
/// quoted, lines ended by CRLF (RFC 4180).
pub fn csv(rows: &[Vec<Cell>]) -> String {
    let mut out = String::new();
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .map(|c| {
                let t = c.text();
                if t.contains([',', '"', '\n', '\r']) { format!("\"{}\"", t.replace('"', "\"\"")) } else { t }
            })
            .collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Rows as one worksheet of an XLSX workbook, the first row bold.
pub fn xlsx(sheet: &str, rows: &[Vec<Cell>]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    xlsx_titled(sheet, None, rows)
}

/// [`xlsx`], the workbook titled (its document title, which a
/// spreadsheet shows in its properties and window): the rows stay a
/// table whose first row is its header, for sorting and filtering.
pub fn xlsx_titled(
    sheet: &str,
    title: Option<&str>,
    rows: &[Vec<Cell>],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    if let Some(title) = title {
        book.set_properties(&rust_xlsxwriter::DocProperties::new().set_title(title));
    }
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let ws = book.add_worksheet();
    ws.set_name(sheet)?;
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r).unwrap_or(u32::MAX);
        for (c, cell) in row.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            match (cell, r) {
                (Cell::Text(t), 0) => ws.write_string_with_format(r, c, t, &bold)?,
                (Cell::Text(t), _) => ws.write_string(r, c, t)?,
                (Cell::Count(n), _) => ws.write_number(r, c, *n as f64)?,
            };
        }
    }
    book.save_to_buffer()
}

/// A download.
pub fn download(content_type: &'static str, filename: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

/// CSV's content type.
pub const CSV: &str = "text/csv; charset=utf-8";
/// XLSX's content type.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// PDF's content type.
pub const PDF: &str = "application/pdf";

/// One line of a PDF page: indent (points from the left margin), bold,
/// text.
pub struct PdfLine {
    /// Points from the left margin.
    pub indent: f32,
    /// Helvetica-Bold rather than Helvetica.
    pub bold: bool,
    /// The text (characters outside Windows-1252 print as `?`).
    pub text: String,
}

const PAGE_W: f32 = 842.0;
const PAGE_H: f32 = 595.0;
const MARGIN: f32 = 48.0;
const LEADING: f32 = 13.0;

/// Lines on landscape A4 pages (a household's line is long), 10-point Helvetica, as many pages as they need;
/// each page repeats `title` and says its number.
pub fn pdf(title: &str, lines: &[PdfLine]) -> Vec<u8> {
    let per_page = ((PAGE_H - 2.0 * MARGIN - 2.0 * LEADING) / LEADING) as usize;
    let pages: Vec<&[PdfLine]> = if lines.is_empty() { vec![&[]] } else { lines.chunks(per_page).collect() };
    // Objects: 1 catalog, 2 pages, 3 Helvetica, 4 Helvetica-Bold, then a
    // page and its content stream per page.
    let mut objects: Vec<Vec<u8>> = Vec::new();
    let kids: Vec<String> = (0..pages.len()).map(|i| format!("{} 0 R", 5 + 2 * i)).collect();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), pages.len()).into_bytes());
    for font in ["Helvetica", "Helvetica-Bold"] {
        objects.push(
            format!("<< /Type /Font /Subtype /Type1 /BaseFont /{font} /Encoding /WinAnsiEncoding >>").into_bytes(),
        );
    }
    for (n, page) in pages.iter().enumerate() {
        let mut content = Vec::new();
        let mut y = PAGE_H - MARGIN;
        let head = format!("{title} — {}/{}", n + 1, pages.len());
        text_at(&mut content, MARGIN, y, true, &head);
        y -= 2.0 * LEADING;
        for line in page.iter() {
            text_at(&mut content, MARGIN + line.indent, y, line.bold, &line.text);
            y -= LEADING;
        }
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                6 + 2 * n
            )
            .into_bytes(),
        );
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend(content);
        stream.extend(b"\nendstream");
        objects.push(stream);
    }
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).into_bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").into_bytes());
    }
    out.extend(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).into_bytes(),
    );
    out
}

fn text_at(content: &mut Vec<u8>, x: f32, y: f32, bold: bool, text: &str) {
    let font = if bold { "F2" } else { "F1" };
    content.extend(format!("BT /{font} 10 Tf {x:.1} {y:.1} Td (").into_bytes());
    for b in win_ansi(text) {
        if matches!(b, b'(' | b')' | b'\\') {
            content.push(b'\\');
        }
        content.push(b);
    }
    content.extend(b") Tj ET\n");
}

/// Text in Windows-1252, which PDF's standard fonts print: Latin-1 plus
/// the typographic characters French uses.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{ff}' => c as u8,
            '€' => 0x80,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '–' => 0x96,
            '—' => 0x97,
            'œ' => 0x9c,
            'Œ' => 0x8c,
            _ => b'?',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_it() {
        let rows = vec![vec![Cell::Text("SOS Villages d'Enfants, Mali".into()), Cell::Count(7), Cell::of("<5")]];
        assert_eq!(csv(&rows), "\"SOS Villages d'Enfants, Mali\",7,<5\r\n");
        assert_eq!(Cell::of("ML05"), Cell::Text("ML05".into()));
        assert_eq!(Cell::of("012"), Cell::Text("012".into()), "a code with a leading zero stays text");
        assert_eq!(Cell::of("0"), Cell::Count(0));
    }

    #[test]
    fn a_pdf_whose_cross_reference_points_at_its_objects() {
        let lines: Vec<PdfLine> = (0..130)
            .map(|i| PdfLine { indent: 0.0, bold: i % 10 == 0, text: format!("Ménage (n° {i}) — Sévaré") })
            .collect();
        let pdf = pdf("Liste", &lines);
        assert!(pdf.starts_with(b"%PDF-1.4"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/Count 4"), "130 lines take four landscape pages");
        let start: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .and_then(|n| n.parse().ok())
            .expect("startxref");
        let tail = std::str::from_utf8(&pdf[start..]).expect("the cross-reference is ASCII");
        assert!(tail.starts_with("xref"));
        for (i, entry) in tail.lines().skip(3).take(4).enumerate() {
            let offset: usize = entry[..10].parse().expect("offset");
            assert!(pdf[offset..].starts_with(format!("{} 0 obj", i + 1).as_bytes()), "object {}", i + 1);
        }
        assert!(text.contains("\\(n"), "parentheses escaped");
        assert!(pdf.windows(6).any(|w| w == b"M\xe9nage"), "é in Windows-1252");
    }
}
