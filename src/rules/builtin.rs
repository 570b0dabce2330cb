//! The default rule packs, embedded in the binary.

use super::PackSource;

/// File name and text of every pack in `rules/`; a test checks that none is missing.
pub const BUILTIN_PACKS: &[(&str, &str)] = &[
    ("core.toml", include_str!("../../rules/core.toml")),
    ("mt.toml", include_str!("../../rules/mt.toml")),
    ("boilerplate.toml", include_str!("../../rules/boilerplate.toml")),
    ("language.toml", include_str!("../../rules/language.toml")),
    ("calques.toml", include_str!("../../rules/calques.toml")),
    ("names.toml", include_str!("../../rules/names.toml")),
    ("unicode.toml", include_str!("../../rules/unicode.toml")),
    ("typography.toml", include_str!("../../rules/typography.toml")),
];

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
