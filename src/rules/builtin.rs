//! The default rule packs, embedded in the binary as text and in the packed form that
//! `build.rs` parses them into.

use super::PackSource;

/// The text of every pack in `rules/`, and the packed form `build.rs` made of it.
macro_rules! builtin_packs {
    ($($name:literal),* $(,)?) => {
        /// File name and text of every pack in `rules/`; a test checks that none is missing.
        pub const BUILTIN_PACKS: &[(&str, &str)] =
            &[$(($name, include_str!(concat!("../../rules/", $name)))),*];

        /// The packed form of each pack of [`BUILTIN_PACKS`], in the same order: empty for a
        /// pack that did not parse at build time.
        const PACKED: &[&[u8]] =
            &[$(include_bytes!(concat!(env!("OUT_DIR"), "/packs/", $name, ".bin"))),*];
    };
}

builtin_packs![
    "core.toml",
    "mt.toml",
    "boilerplate.toml",
    "language.toml",
    "calques.toml",
    "names.toml",
    "unicode.toml",
    "typography.toml",
];

/// The packed form of the built-in pack with this text, if it is one: loading it that way
/// skips parsing TOML, the bulk of loading the default packs.
pub(super) fn packed_form(text: &str) -> Option<&'static [u8]> {
    let index = BUILTIN_PACKS.iter().position(|&(_, builtin)| builtin == text)?;
    Some(PACKED[index]).filter(|packed| !packed.is_empty())
}

/// The embedded packs as sources. Their examples are run by the test suite, not at start-up.
pub fn builtin_sources() -> Vec<PackSource> {
    BUILTIN_PACKS
        .iter()
        .map(|(name, text)| PackSource {
            path: format!("<builtin>/rules/{name}"),
            text: (*text).to_string(),
            verify_examples: false,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::spec::{self, PackFile};

    #[test]
    fn packed_forms_match_a_fresh_parse() {
        for (name, text) in BUILTIN_PACKS {
            let fresh: PackFile = toml::from_str(text).expect("built-in packs parse");
            let packed = packed_form(text).expect("a packed form");
            assert_eq!(packed, spec::pack(&fresh), "{name}");
            let unpacked = spec::unpack(packed).expect("the packed form reads back");
            assert_eq!(format!("{unpacked:?}"), format!("{fresh:?}"), "{name}");
        }
        assert!(packed_form("[pack]\nname = \"x\"\ndescription = \"\"\n").is_none());
        let packed = packed_form(BUILTIN_PACKS[0].1).unwrap();
        assert!(spec::unpack(&packed[..packed.len() - 1]).is_none(), "cut short");
    }
}
