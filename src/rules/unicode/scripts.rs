//! Coarse facts about scripts that decide whether an invisible character or a foreign letter
//! belongs where it is: which scripts shape letters with joiners, which are written without
//! spaces, which run right to left, and what counts as an emoji.

/// The scripts whose letters are confused with each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    Latin,
    Cyrillic,
    Greek,
    /// Any other script, or a letter of no script.
    Other,
}

/// The script of a letter; `None` for anything that is not a letter.
///
/// U+00B5 MICRO SIGN, U+2126 OHM SIGN and the like are letters of no script here, so that
/// "µm" and "kΩ" never read as mixed words.
pub fn script(c: char) -> Option<Script> {
    if !c.is_alphabetic() {
        return None;
    }
    Some(match c {
        'A'..='Z' | 'a'..='z' => Script::Latin,
        '\u{c0}'..='\u{24f}' if c != '\u{d7}' && c != '\u{f7}' => Script::Latin,
        '\u{1e00}'..='\u{1eff}' | '\u{2c60}'..='\u{2c7f}' | '\u{a720}'..='\u{a7ff}' => {
            Script::Latin
        }
        '\u{370}'..='\u{3ff}' | '\u{1f00}'..='\u{1fff}' => Script::Greek,
        '\u{400}'..='\u{52f}' | '\u{1c80}'..='\u{1c8f}' | '\u{2de0}'..='\u{2dff}' => {
            Script::Cyrillic
        }
        '\u{a640}'..='\u{a69f}' => Script::Cyrillic,
        _ => Script::Other,
    })
}

/// Scripts in which U+200C ZERO WIDTH NON-JOINER and U+200D ZERO WIDTH JOINER choose letter
/// forms: Arabic and Syriac (Persian "می‌خواهم"), N'Ko, the Indic scripts from Devanagari to
/// Sinhala, Tibetan, Myanmar, Khmer and Mongolian.
pub fn is_joining_script(c: char) -> bool {
    matches!(c,
        '\u{600}'..='\u{7ff}'
        | '\u{860}'..='\u{8ff}'
        | '\u{900}'..='\u{dff}'
        | '\u{f00}'..='\u{fff}'
        | '\u{1000}'..='\u{109f}'
        | '\u{1780}'..='\u{18af}'
        | '\u{a8e0}'..='\u{a8ff}'
        | '\u{fb50}'..='\u{fdff}'
        | '\u{fe70}'..='\u{feff}'
        | '\u{11000}'..='\u{111ff}'
    )
}

/// Scripts written without spaces between words, where U+200B ZERO WIDTH SPACE marks where a
/// line may break: Thai, Lao, Tibetan, Myanmar, Khmer, Javanese and CJK.
pub fn is_unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{e00}'..='\u{eff}'
        | '\u{f00}'..='\u{fff}'
        | '\u{1000}'..='\u{109f}'
        | '\u{1780}'..='\u{17ff}'
        | '\u{19e0}'..='\u{19ff}'
        | '\u{a980}'..='\u{a9df}'
        | '\u{2e80}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{ff00}'..='\u{ffef}'
        | '\u{20000}'..='\u{3ffff}'
    )
}

/// Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and their
/// presentation forms).
pub fn is_rtl(c: char) -> bool {
    matches!(c,
        '\u{590}'..='\u{8ff}'
        | '\u{fb1d}'..='\u{fdff}'
        | '\u{fe70}'..='\u{feff}'
        | '\u{10800}'..='\u{10fff}'
        | '\u{1e800}'..='\u{1efff}'
    )
}

/// Pictographs that take part in emoji sequences.
pub fn is_emoji(c: char) -> bool {
    matches!(c,
        '\u{a9}' | '\u{ae}'
        | '\u{203c}' | '\u{2049}' | '\u{2122}' | '\u{2139}'
        | '\u{2190}'..='\u{21ff}'
        | '\u{2300}'..='\u{23ff}'
        | '\u{24c2}'
        | '\u{25a0}'..='\u{27bf}'
        | '\u{2900}'..='\u{297f}'
        | '\u{2b00}'..='\u{2bff}'
        | '\u{3030}' | '\u{303d}' | '\u{3297}' | '\u{3299}'
        | '\u{1f000}'..='\u{1faff}'
    )
}

/// What may stand between an emoji and a U+200D ZERO WIDTH JOINER: variation selectors, skin
/// tone modifiers, the combining keycap and tag characters.
pub fn is_emoji_component(c: char) -> bool {
    matches!(c,
        '\u{fe0e}' | '\u{fe0f}' | '\u{20e3}'
        | '\u{1f3fb}'..='\u{1f3ff}'
        | '\u{e0020}'..='\u{e007f}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_of_letters() {
        assert_eq!(script('a'), Some(Script::Latin));
        assert_eq!(script('ş'), Some(Script::Latin));
        assert_eq!(script('а'), Some(Script::Cyrillic));
        assert_eq!(script('ο'), Some(Script::Greek));
        assert_eq!(script('ب'), Some(Script::Other));
        assert_eq!(script('µ'), Some(Script::Other));
        assert_eq!(script('\u{2126}'), Some(Script::Other));
        assert_eq!(script('1'), None);
        assert_eq!(script('×'), None);
    }

    #[test]
    fn script_families() {
        assert!(is_joining_script('ی'));
        assert!(is_joining_script('क'));
        assert!(!is_joining_script('a'));
        assert!(is_unspaced_script('ก'));
        assert!(is_unspaced_script('中'));
        assert!(is_rtl('א'));
        assert!(!is_rtl('a'));
        assert!(is_emoji('👩'));
        assert!(is_emoji('❤'));
        assert!(is_emoji_component('\u{fe0f}'));
    }
}
