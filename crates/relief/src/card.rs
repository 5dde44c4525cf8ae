//! The household card's QR code: an opaque household id, the card's
//! serial and the programme, signed with Ed25519 so a desk with no link
//! can tell a real card from a forged one — and nothing else. No name, no
//! size, no place: a lost card tells its finder nothing (requirement 11).

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use time::Date;

/// The first byte of every card, so a later layout can be told apart.
const VERSION: u8 = 1;
/// Version, household, programme, serial.
const SIGNED_LEN: usize = 1 + 16 + 16 + 4;
const LEN: usize = SIGNED_LEN + 64;
const ALPHABET: base32::Alphabet = base32::Alphabet::Rfc4648 { padding: false };

/// What a card says: opaque ids and a serial.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Card {
    /// The household's id (a UUID's bytes).
    pub household: [u8; 16],
    /// The programme's id (a UUID's bytes).
    pub programme: [u8; 16],
    /// The card's serial: a replacement card gets the next one.
    pub serial: u32,
}

/// Why a scanned card is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CardError {
    /// Not the text of a dugu card (a typo in a typed serial, another QR).
    #[error("not a household card")]
    Unreadable,
    /// The signature does not hold: forged, or signed by another key.
    #[error("the card's signature is not valid")]
    Forged,
    /// A card since replaced (lost, stolen): its serial is no longer the
    /// household's.
    #[error("card replaced on {on}")]
    Replaced {
        /// The day the newer card was issued.
        on: Date,
    },
}

impl Card {
    /// The text to print as a QR code: base32 (upper-case letters and
    /// digits, which QR's alphanumeric mode packs densely), 162 characters.
    pub fn sign(&self, key: &SigningKey) -> String {
        let mut bytes = self.signed_bytes().to_vec();
        bytes.extend_from_slice(&key.sign(&self.signed_bytes()).to_bytes());
        base32::encode(ALPHABET, &bytes)
    }

    /// Reads and verifies a scanned card with the programme's public key,
    /// offline. Case and surrounding spaces are forgiven (a typed card).
    pub fn verify(text: &str, key: &VerifyingKey) -> Result<Card, CardError> {
        let bytes = base32::decode(ALPHABET, &text.trim().to_ascii_uppercase()).ok_or(CardError::Unreadable)?;
        if bytes.len() != LEN || bytes[0] != VERSION {
            return Err(CardError::Unreadable);
        }
        let (signed, signature) = bytes.split_at(SIGNED_LEN);
        let signature = Signature::from_slice(signature).map_err(|_| CardError::Unreadable)?;
        key.verify(signed, &signature).map_err(|_| CardError::Forged)?;
        let array = |range: std::ops::Range<usize>| -> [u8; 16] {
            let mut out = [0; 16];
            out.copy_from_slice(&signed[range]);
            out
        };
        let mut serial = [0; 4];
        serial.copy_from_slice(&signed[33..37]);
        Ok(Card { household: array(1..17), programme: array(17..33), serial: u32::from_be_bytes(serial) })
    }

    /// The programme a scanned card names, read before it is verified:
    /// which programme's key to verify it with. Nothing else of an
    /// unverified card is to be believed.
    pub fn programme_of(text: &str) -> Option<[u8; 16]> {
        let bytes = base32::decode(ALPHABET, &text.trim().to_ascii_uppercase())?;
        if bytes.len() != LEN || bytes[0] != VERSION {
            return None;
        }
        let mut out = [0; 16];
        out.copy_from_slice(&bytes[17..33]);
        Some(out)
    }

    /// Refuses a card older than the household's current one.
    pub fn check_current(&self, current_serial: u32, replaced_on: Date) -> Result<(), CardError> {
        if self.serial < current_serial { Err(CardError::Replaced { on: replaced_on }) } else { Ok(()) }
    }

    fn signed_bytes(&self) -> [u8; SIGNED_LEN] {
        let mut bytes = [0; SIGNED_LEN];
        bytes[0] = VERSION;
        bytes[1..17].copy_from_slice(&self.household);
        bytes[17..33].copy_from_slice(&self.programme);
        bytes[33..37].copy_from_slice(&self.serial.to_be_bytes());
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn card() -> Card {
        Card { household: [7; 16], programme: [9; 16], serial: 2 }
    }

    #[test]
    fn requirement_11_a_card_verifies_offline_and_holds_only_ids() {
        let text = card().sign(&key(1));
        assert_eq!(text.len(), 162);
        assert!(text.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()), "QR alphanumeric mode: {text}");
        assert_eq!(Card::verify(&text, &key(1).verifying_key()), Ok(card()));
        assert_eq!(
            Card::verify(&format!("  {}\n", text.to_lowercase()), &key(1).verifying_key()),
            Ok(card()),
            "typed by hand"
        );
    }

    #[test]
    fn requirement_11_forged_altered_and_foreign_cards_are_refused() {
        let text = card().sign(&key(1));
        assert_eq!(Card::verify(&text, &key(2).verifying_key()), Err(CardError::Forged), "another programme's key");
        let mut altered = base32::decode(ALPHABET, &text).expect("base32");
        altered[35] ^= 1;
        assert_eq!(
            Card::verify(&base32::encode(ALPHABET, &altered), &key(1).verifying_key()),
            Err(CardError::Forged),
            "a serial changed"
        );
        assert_eq!(Card::programme_of(&text), Some([9; 16]), "whose key to verify with");
        assert_eq!(Card::programme_of("HELLO"), None);
        for junk in ["", "HELLO", &text[..100], "0189ABCDEF"] {
            assert_eq!(Card::verify(junk, &key(1).verifying_key()), Err(CardError::Unreadable), "{junk}");
        }
    }

    #[test]
    fn requirement_11_a_replaced_card_is_refused_with_the_day() {
        let old = card();
        assert_eq!(old.check_current(3, date!(2026 - 08 - 04)), Err(CardError::Replaced { on: date!(2026 - 08 - 04) }));
        assert_eq!(old.check_current(2, date!(2026 - 08 - 04)), Ok(()));
        assert_eq!(CardError::Replaced { on: date!(2026 - 08 - 04) }.to_string(), "card replaced on 2026-08-04");
    }
}
