//! Case handling: give a replacement the case pattern of the text it replaces.

/// "Teh" → "The", "TEH" → "THE", "teh" → "the": all capitals stay all capitals (for words
/// of two or more letters), a leading capital stays a leading capital.
pub fn match_case(original: &str, replacement: &str) -> String {
    let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
    let Some(first) = letters.first() else {
        return replacement.to_string();
    };
    if letters.len() > 1 && letters.iter().all(|c| !c.is_lowercase()) {
        return replacement.to_uppercase();
    }
    if first.is_uppercase() {
        let mut chars = replacement.chars();
        if let Some(head) = chars.next() {
            return head.to_uppercase().chain(chars).collect();
        }
    }
    replacement.to_string()
}

#[cfg(test)]
mod tests {
    use super::match_case;

    #[test]
    fn keeps_case_pattern() {
        assert_eq!(match_case("Teh", "the"), "The");
        assert_eq!(match_case("teh", "the"), "the");
        assert_eq!(match_case("TEH", "the"), "THE");
        assert_eq!(match_case("Could of", "could have"), "Could have");
        assert_eq!(match_case("à", "a"), "a");
        assert_eq!(match_case("Élan", "verve"), "Verve");
        assert_eq!(match_case("I", "me"), "Me");
    }
}
