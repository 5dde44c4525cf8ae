//! A site's stock for a cycle must balance, or be explained, before the
//! next cycle opens there (CARE's rule; requirement 14).

/// One item's movements at one site in one cycle, in the item's unit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Movements {
    /// In store when the cycle opened.
    pub opening: u64,
    /// Received on waybills.
    pub received: u64,
    /// Handed over: the sum of the cycle's receipts, never typed in.
    pub distributed: u64,
    /// Lost, spoilt or stolen, as recorded.
    pub losses: u64,
    /// Sent back.
    pub returned: u64,
    /// Counted in store at the close.
    pub counted: u64,
}

/// Why a reconciliation cannot be validated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReconciliationError {
    /// The count differs from the books and nobody said why.
    #[error("the count differs from the books by {difference} and no explanation is given")]
    Unexplained {
        /// Counted minus expected (negative: missing stock).
        difference: i128,
    },
}

impl Movements {
    /// What should be in store: opening + received − distributed − losses − returned.
    pub fn expected_closing(&self) -> i128 {
        i128::from(self.opening) + i128::from(self.received)
            - i128::from(self.distributed)
            - i128::from(self.losses)
            - i128::from(self.returned)
    }

    /// Counted minus expected: 0 when the books balance.
    pub fn difference(&self) -> i128 {
        i128::from(self.counted) - self.expected_closing()
    }

    /// Whether the reconciliation can be validated: it balances, or an
    /// explanation (not blank) is written.
    pub fn validate(&self, explanation: Option<&str>) -> Result<(), ReconciliationError> {
        let difference = self.difference();
        if difference == 0 || explanation.is_some_and(|text| !text.trim().is_empty()) {
            Ok(())
        } else {
            Err(ReconciliationError::Unexplained { difference })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirement_14_it_balances_or_it_is_explained() {
        let books = Movements {
            opening: 1_000_000,
            received: 5_000_000,
            distributed: 4_200_000,
            losses: 50_000,
            returned: 0,
            counted: 1_750_000,
        };
        assert_eq!(books.expected_closing(), 1_750_000);
        assert_eq!(books.validate(None), Ok(()));
        let short = Movements { counted: 1_700_000, ..books };
        assert_eq!(short.difference(), -50_000);
        assert_eq!(short.validate(None), Err(ReconciliationError::Unexplained { difference: -50_000 }));
        assert_eq!(
            short.validate(Some("   ")),
            Err(ReconciliationError::Unexplained { difference: -50_000 }),
            "a blank is no explanation"
        );
        assert_eq!(short.validate(Some("sac déchiré au déchargement")), Ok(()));
    }

    #[test]
    fn more_out_than_in_is_a_negative_expectation_not_an_overflow() {
        let books = Movements { opening: 0, received: 10, distributed: 25, losses: 0, returned: 0, counted: 0 };
        assert_eq!(books.expected_closing(), -15);
        assert_eq!(books.difference(), 15);
    }
}
