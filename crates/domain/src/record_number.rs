//! Human-readable record numbers: a site's code and a sequence, `KIT-000042`.

/// Formats the `n`th record of the site with code `site_code`.
pub fn format(site_code: &str, n: u64) -> String {
    format!("{site_code}-{n:06}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn six_digits_then_more() {
        assert_eq!(super::format("KIT", 42), "KIT-000042");
        assert_eq!(super::format("SOC", 1_234_567), "SOC-1234567");
    }
}
