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
