//! Compiles the English word list into a finite-state transducer (an `fst` map), embedded in
//! the binary and searched in place, so that nothing is parsed when the program starts.

use std::path::PathBuf;

#[path = "src/lexicon/format.rs"]
#[allow(dead_code)]
mod format;

const LEXICON: &str = "rules/lexicon/english.tsv";

fn main() {
    println!("cargo::rerun-if-changed={LEXICON}");
    println!("cargo::rerun-if-changed=src/lexicon/format.rs");
    let text = std::fs::read_to_string(LEXICON).expect("the lexicon is readable");
    let mut entries = Vec::new();
    for (number, line) in text.lines().enumerate() {
        match format::parse_line(line) {
            Ok(Some((word, entry))) => entries.push((word, entry.to_bits())),
            Ok(None) => {}
            Err(message) => panic!("{LEXICON}:{}: {message}", number + 1),
        }
    }
    // An fst takes its keys in byte order, each once.
    entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    if let Some(pair) = entries.windows(2).find(|pair| pair[0].0 == pair[1].0) {
        panic!("{LEXICON}: `{}` is listed twice", pair[0].0);
    }
    let mut builder = fst::MapBuilder::memory();
    for (word, bits) in entries {
        builder.insert(word, u64::from(bits)).expect("keys are sorted and unique");
    }
    let bytes = builder.into_inner().expect("the map builds");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR is set"));
    std::fs::write(out.join("english.fst"), bytes).expect("OUT_DIR is writable");
}
