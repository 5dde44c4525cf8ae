//! Units and rounding to what can be handed over.

/// The unit a quantity is counted in. Amounts are whole numbers of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Food by weight: cereal, pulses, salt.
    Gram,
    /// Food by volume: oil.
    Millilitre,
    /// Cash, in francs CFA (XOF has no minor unit).
    Xof,
    /// Counted things: a seed bag, a goat, a kit.
    Piece,
}

impl Unit {
    /// The code stored and shown in exports (`g`, `ml`, `xof`, `piece`).
    pub fn code(self) -> &'static str {
        match self {
            Unit::Gram => "g",
            Unit::Millilitre => "ml",
            Unit::Xof => "xof",
            Unit::Piece => "piece",
        }
    }

    /// Reads a stored code back.
    pub fn parse(code: &str) -> Option<Unit> {
        match code {
            "g" => Some(Unit::Gram),
            "ml" => Some(Unit::Millilitre),
            "xof" => Some(Unit::Xof),
            "piece" => Some(Unit::Piece),
            _ => None,
        }
    }
}

/// Which way an amount goes when it is not a whole number of issue units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoundingDirection {
    /// To the next issue unit: nobody gets less than the ration.
    Up,
    /// To the issue unit below: the stock is never overdrawn.
    Down,
    /// To the closer one, halves up.
    Nearest,
}

/// Rounding to the unit that is actually handed over (a 0.5 L bottle, a
/// 25 kg sack), stored with the item so every entitlement shows the rule
/// that made it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rounding {
    /// The issue unit, in the item's unit (500 for 0.5 L bottles in mL).
    pub step: u64,
    /// Which way a remainder goes.
    pub direction: RoundingDirection,
}

impl Rounding {
    /// The amount rounded to a whole number of issue units. A step of 0 or
    /// 1 leaves it as it is.
    pub fn apply(self, amount: u64) -> u64 {
        if self.step <= 1 {
            return amount;
        }
        let below = amount / self.step * self.step;
        let rest = amount - below;
        if rest == 0 {
            return amount;
        }
        match self.direction {
            RoundingDirection::Down => below,
            RoundingDirection::Up => below.saturating_add(self.step),
            RoundingDirection::Nearest if rest * 2 >= self.step => below.saturating_add(self.step),
            RoundingDirection::Nearest => below,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oil_rounds_to_half_litre_bottles_either_way() {
        let up = Rounding { step: 500, direction: RoundingDirection::Up };
        let down = Rounding { step: 500, direction: RoundingDirection::Down };
        let nearest = Rounding { step: 500, direction: RoundingDirection::Nearest };
        assert_eq!(up.apply(5_250), 5_500);
        assert_eq!(down.apply(5_250), 5_000);
        assert_eq!(nearest.apply(5_250), 5_500);
        assert_eq!(nearest.apply(5_249), 5_000);
        assert_eq!(up.apply(5_000), 5_000, "a whole number of bottles is left alone");
        assert_eq!(Rounding { step: 0, direction: RoundingDirection::Up }.apply(7), 7);
    }

    #[test]
    fn unit_codes_read_back() {
        for unit in [Unit::Gram, Unit::Millilitre, Unit::Xof, Unit::Piece] {
            assert_eq!(Unit::parse(unit.code()), Some(unit));
        }
        assert_eq!(Unit::parse("kg"), None);
    }
}
