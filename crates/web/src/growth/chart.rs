//! Growth charts as inline SVG drawn on the server: WHO's −3, −2, 0, +2
//! and +3 SD curves, each named at its end (the legend), and the child's
//! points. No script, no external asset, a couple of kilobytes per chart —
//! readable on a slow link and printable.
//!
//! The scale is the reference curves' (with a margin), never the child's
//! points: one wrong entry (95 kg at two years) must not flatten the curves
//! into a line. A point beyond the scale is drawn as a triangle on the
//! edge it went past, its value in its tooltip.

use dugu_growth::{Curve, Sex};
use std::fmt::Write as _;

// The drawing is 360 units wide: on a 360 px phone a unit is about a
// pixel, so 12-unit labels stay readable; wider screens scale it up.
const W: f64 = 360.0;
const H: f64 = 240.0;
const LEFT: f64 = 30.0;
const BOTTOM: f64 = 24.0;
const TOP: f64 = 10.0;
const RIGHT: f64 = 24.0;
const FONT: f64 = 12.0;

/// The SD lines drawn, with their colour (red for ±3, orange for ±2,
/// green for the median).
const LINES: [(f64, &str, &str); 5] = [
    (-3.0, "#b10e1e", "−3"),
    (-2.0, "#d4731b", "−2"),
    (0.0, "#00703c", "0"),
    (2.0, "#d4731b", "+2"),
    (3.0, "#b10e1e", "+3"),
];

/// Where a child's point falls against the chart's scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placed {
    /// Within the scale.
    Inside,
    /// Above the top edge.
    Above,
    /// Below the bottom edge.
    Below,
}

/// One chart: which curve, over which range of its index, and the child's
/// points as (index, value).
pub struct Chart {
    /// The reference curve.
    pub curve: Curve,
    /// First and last index drawn (days, or tenths of a cm).
    pub from: i64,
    /// Last index drawn.
    pub to: i64,
    /// The child's measurements: (index, value).
    pub points: Vec<(i64, f64)>,
    /// How an index is shown on the x axis (days → months, mm → cm).
    pub x_per_unit: f64,
    /// Label spacing on the x axis, in shown units.
    pub x_step: f64,
    /// Accessible title.
    pub title: String,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

impl Chart {
    /// Draws the chart for a child of `sex`.
    pub fn svg(&self, sex: Sex) -> String {
        let (lo_idx, hi_idx) = self.curve.index_range();
        let (from, to) = (self.from.max(lo_idx), self.to.min(hi_idx).max(self.from.max(lo_idx) + 1));
        // About 60 samples per line keep the drawing smooth and small.
        let step = ((to - from) / 60).max(1);
        let xs: Vec<i64> = (from..=to).step_by(step as usize).chain(std::iter::once(to)).collect();
        let lines: Vec<Vec<(i64, f64)>> = LINES
            .iter()
            .map(|(sd, _, _)| xs.iter().filter_map(|x| Some((*x, self.curve.value_at_sd(sex, *x, *sd)?))).collect())
            .collect();
        let points: Vec<(i64, f64)> =
            self.points.iter().copied().filter(|(x, y)| (from..=to).contains(x) && y.is_finite()).collect();
        let (y_lo, y_hi) = scale(&lines);
        let sx = |x: i64| LEFT + (x - from) as f64 / (to - from) as f64 * (W - LEFT - RIGHT);
        let sy = |y: f64| TOP + (y_hi - y) / (y_hi - y_lo).max(1e-9) * (H - TOP - BOTTOM);
        // A point past an edge is drawn on it.
        let clamp = |y: f64| y.clamp(y_lo, y_hi);

        let mut s = String::with_capacity(4096);
        let _ = write!(
            s,
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="100%" role="img" aria-label="{t}"><title>{t}</title>"##,
            t = esc(&self.title)
        );
        // Axes and labels.
        let _ = write!(
            s,
            r##"<g stroke="#505a5f" stroke-width="0.5" fill="none"><path d="M{LEFT} {TOP}V{b}H{r}"/></g><g font-size="{FONT}" fill="#0b0c0c">"##,
            b = H - BOTTOM,
            r = W - RIGHT
        );
        let y_step = nice_step(y_hi - y_lo);
        let mut y = (y_lo / y_step).ceil() * y_step;
        while y <= y_hi {
            let _ = write!(
                s,
                r##"<text x="{}" y="{}" text-anchor="end">{}</text>"##,
                LEFT - 3.0,
                Tenths(sy(y) + 4.0),
                trim(y)
            );
            y += y_step;
        }
        let shown = |x: i64| x as f64 / self.x_per_unit;
        let mut xv = (shown(from) / self.x_step).ceil() * self.x_step;
        while xv <= shown(to) + 1e-9 {
            let xi = (xv * self.x_per_unit).round() as i64;
            let _ =
                write!(s, r##"<text x="{}" y="{}" text-anchor="middle">{}</text>"##, Tenths(sx(xi)), H - 7.0, trim(xv));
            xv += self.x_step;
        }
        // The legend: each curve's SD named at its right end.
        for (line, (_, colour, name)) in lines.iter().zip(LINES) {
            if let Some((x, y)) = line.last() {
                let _ = write!(
                    s,
                    r##"<text x="{}" y="{}" fill="{colour}" class="sd">{name}</text>"##,
                    Tenths(sx(*x) + 3.0),
                    Tenths(sy(*y) + 4.0)
                );
            }
        }
        s.push_str("</g>");
        for (line, (_, colour, _)) in lines.iter().zip(LINES) {
            let _ = write!(s, r##"<polyline fill="none" stroke="{colour}" stroke-width="1" points=""##);
            for (x, y) in line {
                let _ = write!(s, "{},{} ", Tenths(sx(*x)), Tenths(sy(*y)));
            }
            s.push_str(r##""/>"##);
        }
        if points.len() > 1 {
            s.push_str(r##"<polyline fill="none" stroke="#1d70b8" stroke-width="1.5" points=""##);
            for (x, y) in &points {
                let _ = write!(s, "{},{} ", Tenths(sx(*x)), Tenths(sy(clamp(*y))));
            }
            s.push_str(r##""/>"##);
        }
        for (x, y) in &points {
            let (cx, cy) = (Tenths(sx(*x)), Tenths(sy(clamp(*y))));
            match place(*y, y_lo, y_hi) {
                Placed::Inside => {
                    let _ = write!(s, r##"<circle cx="{cx}" cy="{cy}" r="3" fill="#1d70b8"/>"##);
                }
                // A triangle pointing past the edge, its value on hover.
                Placed::Above => {
                    let _ = write!(
                        s,
                        r##"<path class="outside" d="M{cx} {cy}l-5 8h10z" fill="#b10e1e"><title>{}</title></path>"##,
                        trim(*y)
                    );
                }
                Placed::Below => {
                    let _ = write!(
                        s,
                        r##"<path class="outside" d="M{cx} {cy}l-5 -8h10z" fill="#b10e1e"><title>{}</title></path>"##,
                        trim(*y)
                    );
                }
            }
        }
        s.push_str("</svg>");
        s
    }

    /// Whether any of the child's points lies beyond the scale (the page
    /// then says what the triangles mean).
    pub fn has_outside(&self, sex: Sex) -> bool {
        let (lo_idx, hi_idx) = self.curve.index_range();
        let lines: Vec<Vec<(i64, f64)>> = LINES
            .iter()
            .map(|(sd, _, _)| {
                [self.from.max(lo_idx), self.to.min(hi_idx)]
                    .iter()
                    .chain(self.points.iter().map(|p| &p.0))
                    .filter_map(|x| Some((*x, self.curve.value_at_sd(sex, *x, *sd)?)))
                    .collect()
            })
            .collect();
        let (lo, hi) = scale(&lines);
        self.points.iter().any(|(_, y)| place(*y, lo, hi) != Placed::Inside)
    }
}

/// The y scale: the reference curves and a margin (a tenth of their
/// spread), on whole units.
fn scale(lines: &[Vec<(i64, f64)>]) -> (f64, f64) {
    let (lo, hi) = lines.iter().flatten().map(|p| p.1).fold((f64::MAX, f64::MIN), |(a, b), y| (a.min(y), b.max(y)));
    if lo > hi {
        return (0.0, 1.0);
    }
    let pad = (hi - lo) * 0.1;
    ((lo - pad).max(0.0).floor(), (hi + pad).ceil())
}

fn place(y: f64, lo: f64, hi: f64) -> Placed {
    if y > hi {
        Placed::Above
    } else if y < lo {
        Placed::Below
    } else {
        Placed::Inside
    }
}

/// A coordinate to one decimal, written through integers: a child's page
/// draws ~2,000 of them, and the float formatter (`{:.1}`) took a tenth of
/// the page's time (docs/benchmarks.md, session 20). A value at or near a
/// half-tenth may round the other way than `{:.1}` would, and a tiny
/// negative is `0.0`, not `-0.0`: a tenth of a unit on the drawing at most.
#[derive(Clone, Copy)]
struct Tenths(f64);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = (self.0 * 10.0).round();
        // Never on a chart (its coordinates are within the drawing), but
        // not a reason to write a wrong number.
        if !t.is_finite() || t.abs() >= 1e15 {
            return write!(f, "{:.1}", self.0);
        }
        let t = t as i64;
        let sign = if t < 0 { "-" } else { "" };
        let a = t.unsigned_abs();
        write!(f, "{sign}{}.{}", a / 10, a % 10)
    }
}

fn trim(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

fn nice_step(range: f64) -> f64 {
    let raw = range / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let n = raw / mag;
    mag * if n <= 1.0 {
        1.0
    } else if n <= 2.0 {
        2.0
    } else if n <= 5.0 {
        5.0
    } else {
        10.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_coordinate_is_written_to_one_decimal_within_a_tenth_of_the_float_formatter() {
        for v in [0.0, 0.04, 1.0, 12.34, 12.36, 99.95001, 359.99, 240.0, -3.26, -0.26, 1e16] {
            assert_eq!(Tenths(v).to_string(), format!("{v:.1}"), "{v}");
        }
        // Every value a drawing holds, in steps that are not tenths.
        let mut v = -10.0;
        while v < 400.0 {
            let (ours, std) = (Tenths(v).to_string(), format!("{v:.1}"));
            let gap = (ours.parse::<f64>().expect("a number") - std.parse::<f64>().expect("a number")).abs();
            assert!(gap < 0.1 + 1e-9, "{v}: {ours} against {std}");
            v += 0.0137;
        }
    }

    #[test]
    fn a_chart_has_five_curves_and_the_childs_points_and_stays_small() {
        let c = Chart {
            curve: Curve::WeightForAge,
            from: 0,
            to: 730,
            points: vec![(300, 7.0), (540, 7.1)],
            x_per_unit: dugu_growth::DAYS_PER_MONTH,
            x_step: 3.0,
            title: "Poids <pour> l'âge".into(),
        };
        let svg = c.svg(Sex::Male);
        assert_eq!(svg.matches("<polyline").count(), 6, "five SD lines and the child's line");
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(svg.contains("Poids &lt;pour&gt;"), "title escaped");
        assert!(!svg.contains("style="), "no inline style: the CSP forbids it");
        assert!(svg.len() < 8_000, "{} bytes", svg.len());
        for sd in ["−3", "−2", ">0<", "+2", "+3"] {
            assert!(svg.contains(sd), "the legend names the {sd} curve");
        }
    }

    fn weight_chart(points: Vec<(i64, f64)>) -> Chart {
        Chart {
            curve: Curve::WeightForAge,
            from: 0,
            to: 900,
            points,
            x_per_unit: dugu_growth::DAYS_PER_MONTH,
            x_step: 6.0,
            title: "Poids".into(),
        }
    }

    /// The y labels a chart prints (its scale).
    fn y_labels(svg: &str) -> Vec<String> {
        svg.split(r#"text-anchor="end">"#).skip(1).filter_map(|t| t.split('<').next()).map(str::to_string).collect()
    }

    #[test]
    fn a_weight_far_off_the_curves_is_marked_at_the_edge_without_changing_the_scale() {
        let plausible = weight_chart(vec![(730, 12.0)]).svg(Sex::Male);
        let wrong = weight_chart(vec![(730, 95.0)]);
        let svg = wrong.svg(Sex::Male);
        assert_eq!(y_labels(&svg), y_labels(&plausible), "the scale is the curves', not the points'");
        assert!(y_labels(&svg).iter().all(|l| l.parse::<f64>().is_ok_and(|v| v < 30.0)), "{:?}", y_labels(&svg));
        assert_eq!(svg.matches(r#"class="outside""#).count(), 1);
        assert!(svg.contains("<title>95</title>"), "the value is kept in the marker");
        assert!(wrong.has_outside(Sex::Male));
        assert!(!weight_chart(vec![(730, 12.0)]).has_outside(Sex::Male));
        // From one year on, the scale starts a few kg above zero.
        let below = Chart { from: 365, ..weight_chart(vec![(730, 1.0)]) }.svg(Sex::Female);
        assert!(below.contains(r#"l-5 -8h10z"#), "a point under the scale points down");
    }
}
