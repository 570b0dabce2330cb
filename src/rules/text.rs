//! Small text helpers shared by rule kinds: word boundaries and regex match spans.

use std::ops::Range;

use regex::Regex;

/// Characters that make up words for boundary checks.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True when the range neither starts inside a word nor ends inside one (a side of the range
/// that is itself not a word character needs no boundary).
pub fn is_word_bounded(text: &str, range: &Range<usize>) -> bool {
    let inner = &text[range.clone()];
    let starts_with_word = inner.chars().next().is_some_and(is_word_char);
    let ends_with_word = inner.chars().next_back().is_some_and(is_word_char);
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    (!starts_with_word || !before.is_some_and(is_word_char))
        && (!ends_with_word || !after.is_some_and(is_word_char))
}

/// Match ranges of a regex; when it has a group named `flag`, the range of that group.
pub fn regex_matches(regex: &Regex, text: &str) -> Vec<Range<usize>> {
    let Some(flag) = regex.capture_names().position(|n| n == Some("flag")) else {
        return regex.find_iter(text).filter(|m| !m.is_empty()).map(|m| m.range()).collect();
    };
    regex
        .captures_iter(text)
        .filter_map(|caps| caps.get(flag))
        .filter(|m| !m.is_empty())
        .map(|m| m.range())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_bounds() {
        let text = "the theatre, [ad_1]x";
        assert!(is_word_bounded(text, &(0..3)));
        assert!(!is_word_bounded(text, &(4..7)));
        let ad = text.find('[').unwrap();
        assert!(is_word_bounded(text, &(ad..ad + 6)));
    }

    #[test]
    fn flag_group_narrows_the_match() {
        let regex = Regex::new(r"this (?P<flag>Thursday) \(\d+\)").unwrap();
        let text = "on this Thursday (12) he";
        let ranges = regex_matches(&regex, text);
        assert_eq!(&text[ranges[0].clone()], "Thursday");
    }
}
