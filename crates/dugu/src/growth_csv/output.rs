//! Writing CSV cells fast and as WHO's R software prints them.

/// Appends `x`, a value already rounded to 2 decimals, in its shortest
/// form: `-3.29`, `0.5`, `2`.
pub fn push_2dp(out: &mut Vec<u8>, x: f64) {
    if !x.is_finite() {
        push_special(out, x);
        return;
    }
    // x is the double nearest to k/100, so rounding x*100 recovers k exactly.
    // (Adding ±0.5 and truncating avoids a libm call per cell.)
    let k = (x * 100.0 + if x < 0.0 { -0.5 } else { 0.5 }) as i64;
    if k < 0 {
        out.push(b'-');
    }
    let k = k.unsigned_abs();
    push_u64(out, k / 100);
    let frac = k % 100;
    if frac != 0 {
        out.push(b'.');
        out.push(b'0' + (frac / 10) as u8);
        if !frac.is_multiple_of(10) {
            out.push(b'0' + (frac % 10) as u8);
        }
    }
}

/// Appends `x` with at most 15 significant digits, as R's `write.csv`
/// prints a double (so 79.6 + 0.7 prints as `80.3`): the shortest
/// round-trip digits, rounded half up at the 15th significant digit when
/// there are more.
pub fn push_sig15(out: &mut Vec<u8>, x: f64) {
    if !x.is_finite() {
        push_special(out, x);
        return;
    }
    let mut buf = ryu::Buffer::new();
    let text = buf.format_finite(x).as_bytes();
    if text.contains(&b'e') {
        // Very large or small: rare here; the exact formatter will do.
        use std::io::Write as _;
        let _ = write!(out, "{}", format!("{x:.14e}").parse::<f64>().unwrap_or(x));
        return;
    }
    let (negative, text) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let dot = text.iter().position(|&b| b == b'.').unwrap_or(text.len());
    // digits[0] is a spare slot for a carry out of the first digit.
    let mut digits = [b'0'; 48];
    let mut len = 1;
    for &b in text.iter().filter(|b| b.is_ascii_digit()).take(digits.len() - 1) {
        digits[len] = b;
        len += 1;
    }
    let mut start = 1;
    let int_end = 1 + dot;
    let first_sig = (1..len).find(|&i| digits[i] != b'0').unwrap_or(len);
    if len - first_sig > 15 {
        let cut = first_sig + 15;
        // The shortest digits are within half an ulp of the exact value;
        // near a tie at the 16th digit they cannot decide it, so the exact
        // (slower) formatter does, as C's printf("%.15g") in R would.
        let tail = (digits[cut] - b'0') as i32 * 10
            + digits.get(cut + 1).filter(|_| cut + 1 < len).map_or(0, |d| (d - b'0') as i32);
        if (48..=52).contains(&tail) {
            use std::io::Write as _;
            let exact: f64 = format!("{x:.14e}").parse().unwrap_or(x);
            let _ = write!(out, "{exact}");
            return;
        }
        let round_up = digits[cut] >= b'5';
        len = cut;
        if round_up {
            let mut i = cut;
            loop {
                i -= 1;
                if digits[i] == b'9' {
                    digits[i] = b'0';
                } else {
                    digits[i] += 1;
                    break;
                }
            }
            if i == 0 {
                start = 0;
            }
        }
    }
    while len < int_end {
        digits[len] = b'0';
        len += 1;
    }
    // Leading zeros of the integer part go, but one digit stays.
    while start + 1 < int_end && digits[start] == b'0' {
        start += 1;
    }
    let int = &digits[start..int_end];
    let frac = &digits[int_end..len];
    let frac_end = frac.iter().rposition(|&d| d != b'0').map_or(0, |i| i + 1);
    let is_zero = int.iter().all(|&d| d == b'0') && frac_end == 0;
    if negative && !is_zero {
        out.push(b'-');
    }
    if int.is_empty() {
        out.push(b'0');
    } else {
        out.extend_from_slice(int);
    }
    if frac_end > 0 {
        out.push(b'.');
        out.extend_from_slice(&frac[..frac_end]);
    }
}

/// Appends a non-negative integer.
pub fn push_u64(out: &mut Vec<u8>, mut v: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

fn push_special(out: &mut Vec<u8>, x: f64) {
    out.extend_from_slice(if x.is_nan() {
        b"NaN"
    } else if x > 0.0 {
        b"Inf"
    } else {
        b"-Inf"
    });
}

/// Appends a text cell, quoted as RFC 4180 wants when it holds a comma, a
/// quote or a line break.
pub fn push_text(out: &mut Vec<u8>, cell: &[u8]) {
    if cell.iter().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
        out.push(b'"');
        for &b in cell {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(cell);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two(x: f64) -> String {
        let mut v = Vec::new();
        push_2dp(&mut v, x);
        String::from_utf8(v).expect("ascii")
    }
    fn sig(x: f64) -> String {
        let mut v = Vec::new();
        push_sig15(&mut v, x);
        String::from_utf8(v).expect("ascii")
    }

    #[test]
    fn two_decimals_print_shortest() {
        assert_eq!(two(-3.29), "-3.29");
        assert_eq!(two(0.5), "0.5");
        assert_eq!(two(2.0), "2");
        assert_eq!(two(0.0), "0");
        assert_eq!(two(-0.05), "-0.05");
        assert_eq!(two(12.1), "12.1");
        assert_eq!(two(-0.0), "0");
    }

    #[test]
    fn fifteen_significant_digits_like_r() {
        assert_eq!(sig(79.6 + 0.7), "80.3");
        assert_eq!(sig(16.0), "16");
        assert_eq!(sig(1.0 / 3.0), "0.333333333333333");
        assert_eq!(sig(2.0 / 3.0), "0.666666666666667");
        assert_eq!(sig(99.99999999999999), "100");
        assert_eq!(sig(16.985283221048102), "16.9852832210481");
        assert_eq!(sig(-0.5), "-0.5");
        assert_eq!(sig(0.0), "0");
        assert_eq!(sig(1234567.0), "1234567");
    }

    #[test]
    fn text_is_quoted_only_when_needed() {
        let mut v = Vec::new();
        push_text(&mut v, b"a,\"b\"");
        assert_eq!(v, b"\"a,\"\"b\"\"\"");
        v.clear();
        push_text(&mut v, b"KIT-000042");
        assert_eq!(v, b"KIT-000042");
    }
}
