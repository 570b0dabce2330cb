//! The line format of `rules/lexicon/english.tsv`, shared by the library and the build
//! script that compiles the list into a perfect-hash table.

/// How a word is spelled in the word lists, and how common it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Spelled in lower case ("launched", "march").
    pub lower: bool,
    /// Spelled capitalized ("Syria", "March").
    pub capitalized: bool,
    /// Spelled in capitals ("NASA").
    pub upper: bool,
    /// 1 for the most common words, 2 for the standard list, 3 for rare words.
    pub tier: u8,
}

impl Entry {
    /// The entry in one byte: three form bits, then the tier.
    pub const fn to_bits(self) -> u8 {
        (self.lower as u8)
            | (self.capitalized as u8) << 1
            | (self.upper as u8) << 2
            | self.tier << 3
    }

    pub const fn from_bits(bits: u8) -> Self {
        Entry {
            lower: bits & 1 != 0,
            capitalized: bits & 2 != 0,
            upper: bits & 4 != 0,
            tier: bits >> 3,
        }
    }
}

/// One line: `word<TAB>forms<TAB>tier`, with forms from `l`, `c` and `u`. Comments (`#`)
/// and blank lines give `None`.
pub fn parse_line(line: &str) -> Result<Option<(&str, Entry)>, String> {
    if line.starts_with('#') || line.is_empty() {
        return Ok(None);
    }
    let mut fields = line.split('\t');
    let (Some(word), Some(forms), Some(tier), None) =
        (fields.next(), fields.next(), fields.next(), fields.next())
    else {
        return Err("expected three tab-separated fields".to_string());
    };
    let tier = match tier.parse::<u8>() {
        Ok(tier @ 1..=3) => tier,
        _ => return Err(format!("bad tier `{tier}`")),
    };
    if word.is_empty() || word.chars().any(char::is_uppercase) {
        return Err(format!("`{word}` is not a lower-case word"));
    }
    if forms.is_empty() || !forms.chars().all(|c| matches!(c, 'l' | 'c' | 'u')) {
        return Err(format!("bad forms `{forms}`"));
    }
    let entry = Entry {
        lower: forms.contains('l'),
        capitalized: forms.contains('c'),
        upper: forms.contains('u'),
        tier,
    };
    Ok(Some((word, entry)))
}

/// Bits of the filter of common names: a Bloom filter of the words whose entries are
/// [`is_common_name`], which rules out most other words before the lexicon is asked.
pub const NAME_FILTER_BITS: usize = 1 << 17;

/// Whether an entry is a common name: a word written only with a capital, in the common
/// tiers ("syria", "monday"). The name filter holds these words.
pub fn is_common_name(entry: Entry) -> bool {
    !entry.lower && entry.tier <= 2
}

/// The name filter's three bit positions for a word in lower case, from one hash of it.
pub fn name_filter_positions(word: &[u8]) -> [usize; 3] {
    // FNV-1a, then mixed so that all three slices of the hash vary with every byte.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in word {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h = (h ^ (h >> 29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let mask = NAME_FILTER_BITS - 1;
    [h as usize & mask, (h >> 21) as usize & mask, (h >> 42) as usize & mask]
}

/// Slots of the table of short words: every word of the lexicon of at most
/// [`SHORT_WORD_BYTES`] ASCII bytes, in open addressing (a little under half full).
pub const SHORT_WORD_SLOTS: usize = 1 << 16;

/// The longest word the table of short words holds.
pub const SHORT_WORD_BYTES: usize = 6;

/// The key of a short ASCII word in the table of short words: its bytes in lower case as a
/// little-endian number. `None` for a longer word, one with a byte outside ASCII or a NUL
/// (which would read as a shorter word's padding).
pub fn short_word_key(word: &[u8]) -> Option<u64> {
    if word.is_empty() || word.len() > SHORT_WORD_BYTES {
        return None;
    }
    // Byte by byte: a copy of a slice of unknown length would be a call to `memcpy`.
    let raw = word.iter().rev().fold(0u64, |raw, &b| raw << 8 | u64::from(b));
    // The document model's eight-byte helpers are out of reach: `build.rs` compiles this
    // file on its own.
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The padding made nonzero, so that a zero byte is a NUL of the word.
    let padded = raw | (ONES & !(u64::MAX >> (8 * (8 - word.len()))));
    let has_nul = padded.wrapping_sub(ONES) & !padded & HIGH != 0;
    if raw & HIGH != 0 || has_nul {
        return None;
    }
    // Lower case for the bytes of A to Z, eight at a time: 0x20 added where a byte lies in
    // that range (each byte is under 0x80, so no sum carries into the next).
    let at_least_a = raw.wrapping_add(0x3f3f_3f3f_3f3f_3f3f) & HIGH;
    let beyond_z = raw.wrapping_add(0x2525_2525_2525_2525) & HIGH;
    Some(raw | ((at_least_a & !beyond_z) >> 2))
}

/// The first slot a key is looked for at; the next ones follow it.
pub fn short_word_slot(key: u64) -> usize {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - SHORT_WORD_SLOTS.trailing_zeros())) as usize
}
