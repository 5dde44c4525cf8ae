//! Human-readable record numbers: a site's code and a sequence, `KIT-000042`.

/// The first number of the national office's series in a village that an
/// enrolled site serves: the site numbers from 1 and the hub from here, so
/// the two never give one number to two records while they are apart.
/// Far above what a village registers (a relief office: about 10,000).
pub const NATIONAL_FIRST: u64 = 900_000;

/// The series a number belongs to: 0 the serving replica's, 1 the
/// national office's (see [`NATIONAL_FIRST`]).
pub fn series(n: u64) -> u8 {
    u8::from(n >= NATIONAL_FIRST)
}

/// Formats the `n`th record of the site with code `site_code`.
pub fn format(site_code: &str, n: u64) -> String {
    format!("{site_code}-{n:06}")
}

/// The series of a site's receipts: 2 the serving replica's, 3 the
/// national office's (from [`NATIONAL_FIRST`]) — apart from the records'
/// own two, in the same counters.
pub const RECEIPT_SERIES: u8 = 2;

/// Formats the `n`th receipt of the site with code `site_code`:
/// `MOP-SEV-R000042`, read over the phone as the site and a number. The
/// site's replica and the hub number in two series (see
/// [`NATIONAL_FIRST`]), so two desks apart never give one number twice.
pub fn receipt(site_code: &str, n: u64) -> String {
    format!("{site_code}-R{n:06}")
}

/// A record number as staff type it (`kit-101`, ` KIT-000101 `), written
/// the way records carry it (`KIT-000101`); `None` if it is not shaped
/// like one (a site's code, a dash, digits).
pub fn typed(query: &str) -> Option<String> {
    let typed = query.trim().to_ascii_uppercase();
    let (code, digits) = typed.rsplit_once('-')?;
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let code = crate::location::parse_code(code).ok()?;
    Some(format(&code, digits.parse().ok()?))
}

#[cfg(test)]
mod tests {
    #[test]
    fn six_digits_then_more() {
        assert_eq!(super::format("KIT", 42), "KIT-000042");
        assert_eq!(super::format("SOC", 1_234_567), "SOC-1234567");
    }

    #[test]
    fn a_receipt_number_is_the_site_and_a_counter() {
        assert_eq!(super::receipt("MOP-SEV", 42), "MOP-SEV-R000042");
        assert_eq!(super::receipt("MOP-SEV", 900_001), "MOP-SEV-R900001");
        assert_eq!(super::typed("MOP-SEV-R000042"), None, "never taken for a person's number");
    }

    #[test]
    fn typed_the_short_way_or_not_a_number() {
        assert_eq!(super::typed(" kit-101 ").as_deref(), Some("KIT-000101"));
        assert_eq!(super::typed("KTA-KITA-000007").as_deref(), Some("KTA-KITA-000007"));
        assert_eq!(super::typed("Aminata"), None);
        assert_eq!(super::typed("KIT-"), None);
        assert_eq!(super::typed("0193ab12-7d3a-7b2c-9f4e-0123456789ab"), None);
    }
}
