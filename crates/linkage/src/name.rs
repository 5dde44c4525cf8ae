//! A name as compared: the spelling kept, every word folded and keyed.

use crate::key::key;

/// A name as written, with its comparison forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// As typed.
    pub original: String,
    /// Folded words (no case, accents or punctuation), in written order.
    pub words: Vec<String>,
    /// The transliteration key of each word.
    pub keys: Vec<String>,
}

impl Name {
    /// Prepares a name (any number of words, in any order).
    pub fn new(original: &str) -> Name {
        let folded = dugu_domain::fold(original);
        let words: Vec<String> = folded.split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect();
        let keys = words.iter().map(|w| key(w)).collect();
        Name { original: original.to_string(), words, keys }
    }

    /// Whether some word of each name has the same key (word order and
    /// extra words — a second family name, a middle name — do not matter).
    pub fn shares_key(&self, other: &Name) -> bool {
        self.keys.iter().any(|k| !k.is_empty() && other.keys.contains(k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_kept_words_folded_order_free() {
        let n = Name::new("KEÏTA  Fatoumata-Binta");
        assert_eq!(n.original, "KEÏTA  Fatoumata-Binta");
        assert_eq!(n.words, ["keita", "fatoumata", "binta"]);
        assert!(Name::new("Coulibaly Traoré").shares_key(&Name::new("traore")));
        assert!(Name::new("Kulibali").shares_key(&Name::new("Coulibaly")));
        assert!(!Name::new("Diarra").shares_key(&Name::new("Diallo")));
    }
}
