//! A map keyed by words, for the caches kept between texts (the classifiers' words, readability's
//! syllables): a word of at most 15 bytes is keyed by one integer, so a probe hashes and compares
//! one integer, with no key on the heap to load and compare; a longer word by its string.

type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// A word of at most 15 bytes as one integer (its bytes, then its length in the last byte):
/// distinct words give distinct keys.
pub fn short_key(word: &str) -> Option<u128> {
    let b = word.as_bytes();
    if b.len() > 15 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..b.len()].copy_from_slice(b);
    buf[15] = b.len() as u8;
    Some(u128::from_le_bytes(buf))
}

/// Words to values: short words by their `short_key`, longer ones by their string.
pub struct WordMap<V> {
    short: FxMap<u128, V>,
    long: FxMap<Box<str>, V>,
}

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        WordMap {
            short: FxMap::default(),
            long: FxMap::default(),
        }
    }
}

impl<V: Copy> WordMap<V> {
    #[inline]
    pub fn get(&self, word: &str) -> Option<V> {
        match short_key(word) {
            Some(k) => self.short.get(&k).copied(),
            None => self.long.get(word).copied(),
        }
    }

    pub fn insert(&mut self, word: &str, value: V) {
        match short_key(word) {
            Some(k) => self.short.insert(k, value),
            None => self.long.insert(word.into(), value),
        };
    }

    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn clear(&mut self) {
        self.short.clear();
        self.long.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_words_by_hand() {
        // short keys: the length tells "a" from "a\0"; a word of 16 bytes has none
        assert_ne!(short_key("a"), short_key("a\0"));
        assert_eq!(short_key("plan's"), short_key("plan's"));
        assert_ne!(short_key("plan's"), short_key("plan"));
        assert!(short_key("counter-intellig").is_none() && short_key("counter-intelli").is_some());
        let mut m = WordMap::default();
        m.insert("a", 1);
        m.insert("counter-intelligence", 2);
        m.insert("a", 3);
        assert_eq!(
            (m.get("a"), m.get("counter-intelligence"), m.get("a\0")),
            (Some(3), Some(2), None)
        );
        assert_eq!(m.len(), 2);
        m.clear();
        assert!(m.is_empty() && m.get("a").is_none());
    }
}
