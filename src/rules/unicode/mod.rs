//! The `unicode` rule kinds: characters that are wrong though the text reads fine — invisible
//! and control characters, mojibake, text not in NFC, look-alike letters of another script and
//! odd spaces between words.

mod confusables;
mod invisible;
mod mojibake;
mod names;
mod nfc;
mod scripts;
mod spaces;

use std::collections::HashSet;

use super::compile::{Compiler, Kind};
use super::spec::RuleSpec;
use super::{Check, PackError};
use invisible::{Class, Invisible};

/// The kinds of this module, for the compiler's kind tables.
pub const KINDS: &[Kind] = &[
    ("zero-width", &[], |_, _| invisible(Class::ZeroWidth)),
    ("soft-hyphen", &[], |_, _| invisible(Class::SoftHyphen)),
    ("bidi-control", &[], |_, _| invisible(Class::Bidi)),
    ("byte-order-mark", &[], |_, _| invisible(Class::ByteOrderMark)),
    ("control-character", &[], |_, _| invisible(Class::Control)),
    ("replacement-character", &[], |_, _| invisible(Class::Replacement)),
    ("mojibake", &[], |_, _| Ok(Box::new(mojibake::Mojibake))),
    ("not-nfc", &[], |_, _| Ok(Box::new(nfc::NotNfc))),
    ("mixed-script", &["allow"], compile_mixed_script),
    ("odd-space", &[], |_, _| Ok(Box::new(spaces::OddSpace))),
];

fn invisible(class: Class) -> Result<Box<dyn Check>, PackError> {
    Ok(Box::new(Invisible { class }))
}

fn compile_mixed_script(spec: &RuleSpec, _: &Compiler) -> Result<Box<dyn Check>, PackError> {
    let allow: HashSet<String> = spec
        .allow
        .as_ref()
        .map(|list| list.get_ref().iter().map(|w| w.get_ref().to_lowercase()).collect())
        .unwrap_or_default();
    Ok(Box::new(confusables::MixedScript { allow }))
}
