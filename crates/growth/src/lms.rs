//! The LMS z-score, WHO's restricted application beyond ±3 SD, and R's
//! rounding: the arithmetic every indicator shares.
//!
//! Each expression is written in the same order of operations as WHO's R
//! code (`R/z-score-helper.R` of anthro), because a different order can
//! change the last bit and so, after rounding, the last digit.

use crate::tables::Lms;

/// `x ^ y` as R evaluates it: `x * x` for a power of two, `pow` otherwise.
#[inline]
fn r_pow(x: f64, y: f64) -> f64 {
    if y == 2.0 {
        x * x
    } else if y == 1.0 {
        // pow(x, 1) is exactly x in IEEE arithmetic; skipping the call keeps
        // length- and head-for-age (L = 1 throughout) cheap.
        x
    } else {
        x.powf(y)
    }
}

/// The plain LMS z-score: `((y / M)^L - 1) / (S * L)`.
#[inline]
pub(crate) fn zscore(y: f64, p: Lms) -> f64 {
    (r_pow(y / p.m, p.l) - 1.0) / (p.s * p.l)
}

/// The measurement at `sd` standard deviations: `M * (1 + L*S*sd)^(1/L)`.
#[inline]
pub(crate) fn value_at_sd(p: Lms, sd: f64) -> f64 {
    p.m * r_pow(1.0 + p.l * p.s * sd, 1.0 / p.l)
}

/// WHO's restricted application of the LMS method: beyond ±3 SD the
/// distance is measured in units of the 2–3 SD interval, so the long tail of
/// the skewed weight-based distributions does not compress extreme values.
#[inline]
pub(crate) fn zscore_restricted(y: f64, p: Lms) -> f64 {
    let z = zscore(y, p);
    if z > 3.0 {
        let sd3 = value_at_sd(p, 3.0);
        let sd23 = sd3 - value_at_sd(p, 2.0);
        3.0 + ((y - sd3) / sd23)
    } else if z < -3.0 {
        let sd3neg = value_at_sd(p, -3.0);
        let sd23neg = value_at_sd(p, -2.0) - sd3neg;
        -3.0 + ((y - sd3neg) / sd23neg)
    } else {
        z
    }
}

/// `round(x, 2)` exactly as R (≥ 4.0.0) computes it: the nearer of the two
/// 2-decimal candidates, with distances computed in double and ties going to
/// the even last digit. This differs from correctly rounded decimal rounding
/// for values such as 0.525 (R gives 0.52).
#[inline]
pub fn r_round2(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    let ax = x.abs();
    // R returns the value unchanged once 2 decimals exceed double precision:
    // log10(2) * (0.5 + logb(x)) + 2 > 15, i.e. from 2^43 on.
    if ax >= TWO_POW_43 {
        return x;
    }
    let x10 = 100.0 * ax;
    // Fast path: away from a tie, R's comparison of the two distances can
    // only pick the nearer candidate, so one division does. Below 1024 the
    // rounding error of R's distances is under 1e-10 in units of x10, far
    // inside the 1e-6 margin; ties and near-ties take R's full path.
    if ax < 1024.0 {
        let i10 = x10 as i64;
        let frac = x10 - i10 as f64;
        if (frac - 0.5).abs() > 1e-6 {
            let k = if frac > 0.5 { i10 + 1 } else { i10 };
            let r = k as f64 / 100.0;
            return (if x < 0.0 { -r } else { r }) + 0.0;
        }
    }
    // x10 < 2^50, so the integer conversions are exact floor and ceil, and
    // much cheaper than libm's on the baseline x86-64 target.
    let i10 = x10 as i64;
    let floor = i10 as f64;
    let ceil = if floor == x10 { floor } else { floor + 1.0 };
    let xd = floor / 100.0;
    let xu = ceil / 100.0;
    let du = xu - ax;
    let dd = ax - xd;
    let r = if du < dd || (du == dd && i10 % 2 == 1) { xu } else { xd };
    // Adding 0.0 turns a negative zero into zero, as R prints it.
    (if x < 0.0 { -r } else { r }) + 0.0
}

const TWO_POW_43: f64 = 8_796_093_022_208.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_decimal_ties_like_r() {
        assert_eq!(r_round2(0.525), 0.52);
        assert_eq!(r_round2(4.405), 4.4);
        assert_eq!(r_round2(-0.525), -0.52);
        assert_eq!(r_round2(1.005), 1.0);
        assert_eq!(r_round2(2.675), 2.67);
        assert_eq!(r_round2(0.125), 0.12);
        assert_eq!(r_round2(0.135), 0.14);
        assert_eq!(r_round2(-0.001), 0.0);
        assert!(r_round2(-0.001).is_sign_positive());
        assert_eq!(r_round2(-3.294), -3.29);
        assert!(r_round2(f64::NAN).is_nan());
        assert_eq!(r_round2(1e14 + 0.123), 1e14 + 0.123);
    }

    /// R's algorithm exactly as the spec gives it, without the fast path.
    fn r_round2_reference(x: f64) -> f64 {
        let ax = x.abs();
        let x10 = 100.0 * ax;
        let (xd, xu) = (x10.floor() / 100.0, x10.ceil() / 100.0);
        let (du, dd) = (xu - ax, ax - xd);
        let r = if du < dd || (du == dd && x10.floor() % 2.0 == 1.0) { xu } else { xd };
        (if x < 0.0 { -r } else { r }) + 0.0
    }

    #[test]
    fn fast_path_agrees_with_r_everywhere_it_is_taken() {
        // Every 3-decimal value in ±60 (ties included) and a dense random
        // sweep: the result must equal R's full algorithm bit for bit.
        for k in -60_000i64..=60_000 {
            let x = k as f64 / 1000.0;
            assert_eq!(r_round2(x).to_bits(), r_round2_reference(x).to_bits(), "{x}");
        }
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..2_000_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let x = (state >> 11) as f64 / (1u64 << 53) as f64 * 2000.0 - 1000.0;
            assert_eq!(r_round2(x).to_bits(), r_round2_reference(x).to_bits(), "{x}");
        }
    }

    #[test]
    fn restricted_equals_plain_inside_three_sd() {
        let p = Lms { l: -0.3521, m: 2.441, s: 0.09182 };
        for y in [2.0, 2.2, 2.441, 2.7, 3.0] {
            let z = zscore(y, p);
            assert!(z.abs() <= 3.0);
            assert_eq!(zscore_restricted(y, p), z);
        }
    }
}
