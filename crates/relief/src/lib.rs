//! The rules of emergency relief, apart from any storage or page.
//!
//! What a household is owed in a cycle ([`ration`], [`displacement`]),
//! how a cycle's entitlements are generated again without duplicates
//! ([`cycle`]), who was reached and in which sex and age band
//! ([`reach`], [`sadd`]), whether a site's stock balances ([`stock`]),
//! what a P-code means in which edition of Mali's boundaries ([`pcode`]),
//! what a registration form must never ask ([`protection`]), what a
//! household card's QR code holds ([`card`]) and the 5W matrix the
//! clusters read ([`fivew`]), and what a KoBo export holds ([`kobo`]).
//!
//! Every quantity is an exact integer (grams, millilitres, francs CFA):
//! rations are multiplied and split, and a float would hand out 5.249 L.
//! The numbers the tests check come from `../shared/design/relief.md`,
//! section 6 (the twenty requirements), which names its sources.

pub mod card;
pub mod cycle;
pub mod displacement;
pub mod farm;
pub mod fivew;
pub mod kobo;
pub mod pcode;
pub mod protection;
pub mod quantity;
pub mod ration;
pub mod reach;
pub mod sadd;
pub mod stock;

pub use quantity::{Rounding, RoundingDirection, Unit};
pub use ration::{Basis, Entitlement, Exception, Inputs, Modality, RationItem};
