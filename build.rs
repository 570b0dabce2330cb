//! Turns committed data into the forms the binary embeds, so that nothing is parsed, analysed
//! or indexed when the program starts: the English word list becomes a finite-state transducer
//! (an `fst` map), the gazetteer gets its line index, the built-in rule packs are parsed into
//! a compact binary form, and their regexes get their prefilter analysis. Tests check each
//! against a fresh computation.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

#[path = "src/lexicon/format.rs"]
#[allow(dead_code)]
mod format;

#[path = "src/diagnostic.rs"]
#[allow(dead_code)]
mod diagnostic;

#[path = "src/rules/spec.rs"]
#[allow(dead_code)]
mod spec;

#[path = "src/rules/names/key_index.rs"]
#[allow(dead_code)]
mod key_index;

#[path = "src/rules/names/near_index.rs"]
#[allow(dead_code)]
mod near_index;

#[path = "src/rules/prefilter/analyze.rs"]
#[allow(dead_code)]
mod analyze;

const LEXICON: &str = "rules/lexicon/english.tsv";
const GAZETTEER: &str = "rules/lexicon/gazetteer.tsv";

fn main() {
    link_position_dependent();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR is set"));
    lexicon(&out);
    language_profiles(&out);
    gazetteer_lines(&out);
    let packs = builtin_packs();
    packed_packs(&out, &packs);
    regex_analyses(&out, &packs);
}

/// Links the `mtlint` binary as a position-dependent executable on x86-64 Linux with glibc.
/// A position-independent one makes the dynamic loader apply some 30,000 relocations to the
/// binary's tables at every start, writing to (and so copying) each of their pages: about
/// 1.5 ms of a one-article run that takes 10. Only the binary is linked so, and not in a
/// static build; `MTLINT_PIE=1` keeps the default (for packagers whose rules require PIE).
fn link_position_dependent() {
    println!("cargo::rerun-if-env-changed=MTLINT_PIE");
    let cfg = |key: &str| std::env::var(key).unwrap_or_default();
    let wanted = cfg("CARGO_CFG_TARGET_OS") == "linux"
        && cfg("CARGO_CFG_TARGET_ENV") == "gnu"
        && cfg("CARGO_CFG_TARGET_ARCH") == "x86_64"
        && !cfg("CARGO_CFG_TARGET_FEATURE").split(',').any(|f| f == "crt-static")
        && cfg("MTLINT_PIE") != "1";
    if wanted {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}

/// `english.fst`: the lexicon as an fst map from word to entry bits; `name-filter.bin`: the
/// Bloom filter of its common names (`format::is_common_name`), as little-endian `u64`s;
/// `short-words.bin`: the table of its short words.
fn lexicon(out: &Path) {
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
    let mut filter = vec![0u64; format::NAME_FILTER_BITS / 64];
    for (word, bits) in &entries {
        if format::is_common_name(format::Entry::from_bits(*bits)) {
            for bit in format::name_filter_positions(word.as_bytes()) {
                filter[bit / 64] |= 1 << (bit % 64);
            }
        }
    }
    let filter: Vec<u8> = filter.iter().flat_map(|w| w.to_le_bytes()).collect();
    std::fs::write(out.join("name-filter.bin"), filter).expect("OUT_DIR is writable");
    std::fs::write(out.join("short-words.bin"), short_words(&entries))
        .expect("OUT_DIR is writable");
    let mut builder = fst::MapBuilder::memory();
    for (word, bits) in entries {
        builder.insert(word, u64::from(bits)).expect("keys are sorted and unique");
    }
    let bytes = builder.into_inner().expect("the map builds");
    std::fs::write(out.join("english.fst"), bytes).expect("OUT_DIR is writable");
}

/// `short-words.bin`: the table of short words (see `format::short_word_key`): the key of
/// each slot as a little-endian `u64` (0 for an empty slot), then the entry bits of each slot.
fn short_words(entries: &[(&str, u8)]) -> Vec<u8> {
    let mut keys = vec![0u64; format::SHORT_WORD_SLOTS];
    let mut bits = vec![0u8; format::SHORT_WORD_SLOTS];
    for (word, entry) in entries {
        let Some(key) = format::short_word_key(word.as_bytes()) else { continue };
        let mut slot = format::short_word_slot(key);
        while keys[slot] != 0 {
            slot = (slot + 1) % format::SHORT_WORD_SLOTS;
        }
        keys[slot] = key;
        bits[slot] = *entry;
    }
    let filled = keys.iter().filter(|&&k| k != 0).count();
    assert!(2 * filled < format::SHORT_WORD_SLOTS, "the table of short words is over half full");
    keys.iter().flat_map(|k| k.to_le_bytes()).chain(bits).collect()
}

const LANGUAGE_PROFILES: &str = "rules/lexicon/language-profiles.tsv";

/// `language-profiles.rs`: the alphabets and trigram profiles of
/// `rules/lexicon/language-profiles.tsv` as sorted tables for
/// `src/rules/untranslated/identify.rs`: the profiled languages (`LANGS`); each letter of a
/// Latin alphabet with the set of profiled languages that have it and whether every alphabet
/// has it (`LETTERS`); and each profile trigram, as a number, with its language's index and
/// its rank (`TRIGRAMS`).
fn language_profiles(out: &Path) {
    println!("cargo::rerun-if-changed={LANGUAGE_PROFILES}");
    let text = std::fs::read_to_string(LANGUAGE_PROFILES).expect("the profiles are readable");
    let mut alphabets: Vec<(String, Vec<char>)> = Vec::new();
    let mut langs: Vec<String> = Vec::new();
    let mut trigrams: Vec<([char; 3], usize, usize)> = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let &[kind, code, value] = fields.as_slice() else {
            panic!("{LANGUAGE_PROFILES}:{}: expected three tab-separated fields", number + 1);
        };
        assert!(
            code.len() == 3 && code.bytes().all(|b| b.is_ascii_lowercase()),
            "{LANGUAGE_PROFILES}:{}: bad language code `{code}`",
            number + 1
        );
        match kind {
            "alphabet" => alphabets.push((code.to_string(), value.chars().collect())),
            "trigrams" => {
                for (rank, trigram) in value.split('|').enumerate() {
                    let chars: Vec<char> = trigram.chars().collect();
                    let Ok(chars) = <[char; 3]>::try_from(chars) else {
                        panic!("{LANGUAGE_PROFILES}:{}: `{trigram}` is no trigram", number + 1);
                    };
                    trigrams.push((chars, langs.len(), rank));
                }
                langs.push(code.to_string());
            }
            _ => panic!("{LANGUAGE_PROFILES}:{}: unknown line kind `{kind}`", number + 1),
        }
    }
    assert!(langs.len() <= 16, "{LANGUAGE_PROFILES}: at most 16 profiled languages");
    let mut letters: Vec<char> = alphabets.iter().flat_map(|(_, a)| a.iter().copied()).collect();
    letters.sort_unstable();
    letters.dedup();
    trigrams.sort();
    let mut rust = String::new();
    let variant = |code: &str| format!("Lang::{}{}", code[..1].to_uppercase(), &code[1..]);
    let names: Vec<String> = langs.iter().map(|c| variant(c)).collect();
    writeln!(rust, "pub const LANGS: &[Lang] = &[{}];", names.join(", ")).unwrap();
    writeln!(rust, "pub static LETTERS: &[(char, u16, bool)] = &[").unwrap();
    for c in letters {
        let has = |code: &str| alphabets.iter().any(|(l, a)| l == code && a.contains(&c));
        let set: u16 = langs.iter().enumerate().filter(|(_, l)| has(l)).map(|(i, _)| 1 << i).sum();
        let everywhere = alphabets.iter().all(|(_, a)| a.contains(&c));
        writeln!(rust, "    ({c:?}, {set}, {everywhere}),").unwrap();
    }
    writeln!(rust, "];").unwrap();
    writeln!(rust, "pub static TRIGRAMS: &[(u64, u8, u16)] = &[").unwrap();
    for ([a, b, c], lang, rank) in trigrams {
        // The trigram as one number that orders as the trigram does (`trigram_key`).
        let key = (a as u64) << 42 | (b as u64) << 21 | c as u64;
        writeln!(rust, "    ({key}, {lang}, {rank}),").unwrap();
    }
    writeln!(rust, "];").unwrap();
    std::fs::write(out.join("language-profiles.rs"), rust).expect("OUT_DIR is writable");
}

/// `gazetteer-lines.bin`: where each line of the gazetteer starts, as little-endian `u32`s;
/// `gazetteer-keys.bin`: its key index (`src/rules/names/key_index.rs`); and
/// `gazetteer-near.bin`: its near-miss index (`src/rules/names/near_index.rs`). Tests in
/// `src/rules/names/gazetteer.rs` check each against the table.
fn gazetteer_lines(out: &Path) {
    println!("cargo::rerun-if-changed={GAZETTEER}");
    let text = std::fs::read(GAZETTEER).expect("the gazetteer is readable");
    let mut bytes = Vec::new();
    for start in near_index::line_starts(&text) {
        let start = u32::try_from(start).expect("the gazetteer is under 4 GiB");
        bytes.extend_from_slice(&start.to_le_bytes());
    }
    std::fs::write(out.join("gazetteer-lines.bin"), bytes).expect("OUT_DIR is writable");
    println!("cargo::rerun-if-changed=src/rules/names/key_index.rs");
    let text = String::from_utf8(text).expect("the gazetteer is UTF-8");
    std::fs::write(out.join("gazetteer-keys.bin"), key_index::build(&key_index::runs(&text)))
        .expect("OUT_DIR is writable");
    println!("cargo::rerun-if-changed=src/rules/names/near_index.rs");
    std::fs::write(out.join("gazetteer-near.bin"), near_index::build(&text))
        .expect("OUT_DIR is writable");
}

/// The directory of the built-in packs; `src/rules/builtin.rs` embeds every `.toml` file in
/// it (a test checks that none is missing).
const PACKS: &str = "rules";

/// File name and parsed contents of each built-in pack, in name order; `None` for a pack
/// that does not parse, whose errors are reported when the binary loads it from its text.
fn builtin_packs() -> Vec<(String, Option<spec::PackFile>)> {
    for source in ["src/diagnostic.rs", "src/rules/spec.rs", "src/rules/prefilter/analyze.rs"] {
        println!("cargo::rerun-if-changed={source}");
    }
    println!("cargo::rerun-if-changed={PACKS}");
    let mut names: Vec<String> = std::fs::read_dir(PACKS)
        .expect("the rules directory is readable")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".toml"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let path = format!("{PACKS}/{name}");
            println!("cargo::rerun-if-changed={path}");
            let text = std::fs::read_to_string(&path).expect("a pack is readable");
            let file = toml::from_str(&text).ok();
            (name, file)
        })
        .collect()
}

/// `packs/NAME.bin`: each built-in pack in its packed form (see `spec::Packed`), empty for
/// one that does not parse.
fn packed_packs(out: &Path, packs: &[(String, Option<spec::PackFile>)]) {
    let dir = out.join("packs");
    std::fs::create_dir_all(&dir).expect("OUT_DIR is writable");
    for (name, file) in packs {
        let bytes = file.as_ref().map(spec::pack).unwrap_or_default();
        std::fs::write(dir.join(format!("{name}.bin")), bytes).expect("OUT_DIR is writable");
    }
}

/// `regex-analyses.rs`: the prefilter analysis of every regex of the built-in packs, as a
/// table sorted by case flag and regex for `src/rules/prefilter.rs`.
fn regex_analyses(out: &Path, packs: &[(String, Option<spec::PackFile>)]) {
    let mut regexes: Vec<(bool, String)> = Vec::new();
    for file in packs.iter().filter_map(|(_, file)| file.as_ref()) {
        for rule in &file.rule {
            let rule = rule.get_ref();
            // The rule's case flag, or both when the kind decides it.
            let flags = match &rule.ignorecase {
                Some(flag) => vec![*flag.get_ref()],
                None => vec![false, true],
            };
            let patterns =
                rule.patterns.iter().flat_map(|list| list.get_ref()).map(|p| p.get_ref());
            let swaps = rule
                .swap
                .iter()
                .filter(|_| rule.regex.as_ref().is_some_and(|r| *r.get_ref()))
                .flat_map(|swap| swap.get_ref().keys());
            for body in patterns.chain(swaps) {
                // Rule kinds compile regexes in NFC, as documents are matched in NFC.
                let body: String = body.nfc().collect();
                regexes.extend(flags.iter().map(|&flag| (flag, body.clone())));
            }
        }
    }
    regexes.sort();
    regexes.dedup();
    let mut code = String::from(
        "/// `(ignorecase, body, analysis)` for every regex of the built-in packs, sorted.\n\
         pub static BUILTIN_ANALYSES: &[(bool, &str, Analysis)] = &[\n",
    );
    for (ignorecase, body) in &regexes {
        let analysis = analyze::analyze(body, *ignorecase);
        let anchor = match &analysis.anchor {
            None => "None".to_string(),
            Some(anchor) => {
                let lead = match &anchor.lead {
                    None => "None".to_string(),
                    Some(class) => format!("Some(Cow::Borrowed(&{:?}))", class.as_ref()),
                };
                format!(
                    "Some(Anchor {{ lead: {lead}, lead_nonempty: {}, starts: {} }})",
                    anchor.lead_nonempty,
                    literals(&anchor.starts)
                )
            }
        };
        let required = literals(&analysis.required);
        let line_start = match &analysis.line_start {
            None => "None".to_string(),
            Some(class) => format!("Some(Cow::Borrowed(&{:?}))", class.as_ref()),
        };
        writeln!(
            code,
            "    ({ignorecase}, {body:?}, Analysis {{ anchor: {anchor}, required: {required}, \
             special_folds: {}, line_start: {line_start} }}),",
            analysis.special_folds
        )
        .expect("writing to a string");
    }
    code.push_str("];\n");
    std::fs::write(out.join("regex-analyses.rs"), code).expect("OUT_DIR is writable");
}

/// A list of byte strings as a borrowed `Cow` of borrowed `Cow`s.
fn literals(list: &[std::borrow::Cow<'static, [u8]>]) -> String {
    let items: Vec<String> =
        list.iter().map(|l| format!("Cow::Borrowed(&{:?})", l.as_ref())).collect();
    format!("Cow::Borrowed(&[{}])", items.join(", "))
}
