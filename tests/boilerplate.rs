//! Template author bios measured on real bios of the generator and on genuine author bios, when
//! the shared corpus is present; the vocabulary comes from the pack alone, never from the
//! corpus files.

use std::path::PathBuf;

use mtlint::rules::{BUILTIN_PACKS, PackSource, RuleSet, builtin_sources, load_pack, load_packs};
use mtlint::{Category, Document};

/// A short, clean news story the bios are appended to.
const ARTICLE: &str = "Flood barriers held along the river on Tuesday\n\
\n\
Flood barriers along the lower river held overnight as the water peaked a metre below the \
level of last spring, the regional authority said on Tuesday. Crews worked through the night \
to reinforce two sections near the old harbour, and about 300 residents who had left their \
homes were told they could return by the evening.\n\
\n\
\"The defences did what they were built to do,\" said the authority's chief engineer, Maria \
Lund. She added that inspections would continue for the rest of the week.\n\
\n\
The river is expected to fall steadily over the next three days. Rail services between the \
two main towns, suspended on Monday, resumed at noon.";

const TEMPLATE_BIO: &str = "boilerplate/template-bio";

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/bios");
    if dir.join("template.txt").is_file() && dir.join("genuine.txt").is_file() {
        Some(dir)
    } else {
        eprintln!("note: {} not found; skipping the bio measurement", dir.display());
        None
    }
}

fn read_lines(path: PathBuf) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn builtin() -> RuleSet {
    let (rules, errors) = load_packs(&builtin_sources());
    assert!(errors.is_empty(), "{errors:?}");
    RuleSet::new(rules)
}

/// Where a bio is placed after the article.
#[derive(Debug, Clone, Copy)]
enum Placement {
    OwnParagraph,
    OwnLineInQuotes,
    EndOfParagraph,
}

const PLACEMENTS: [Placement; 3] =
    [Placement::OwnParagraph, Placement::OwnLineInQuotes, Placement::EndOfParagraph];

/// The article with the bio appended, and the byte range of the bio.
fn with_bio(bio: &str, placement: Placement) -> (String, std::ops::Range<usize>) {
    let (before, after) = match placement {
        Placement::OwnParagraph => ("\n\n", "\n"),
        Placement::OwnLineInQuotes => ("\n“", "”\n"),
        Placement::EndOfParagraph => (" ", "\n"),
    };
    let start = ARTICLE.len() + before.len();
    (format!("{ARTICLE}{before}{bio}{after}"), start..start + bio.len())
}

/// How a bio fared: found at all (a template-bio finding overlaps it), and whether that
/// finding covers the whole bio and nothing of the article.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    caught: usize,
    whole: usize,
    total: usize,
}

impl Tally {
    fn rate(&self) -> f64 {
        self.caught as f64 / self.total.max(1) as f64
    }
}

fn measure(set: &RuleSet, bios: &[String], placement: Placement) -> Tally {
    let mut tally = Tally { total: bios.len(), ..Tally::default() };
    for bio in bios {
        let (text, range) = with_bio(bio, placement);
        let found = set.lint(&Document::new(text));
        let hits: Vec<_> = found
            .iter()
            .filter(|d| d.rule == TEMPLATE_BIO)
            .filter(|d| d.span.start < range.end && range.start < d.span.end)
            .collect();
        if !hits.is_empty() {
            tally.caught += 1;
        }
        if hits.iter().any(|d| d.span == range) {
            tally.whole += 1;
        }
    }
    tally
}

#[test]
fn the_article_alone_has_no_boilerplate() {
    let found = builtin().lint(&Document::new(ARTICLE));
    let boilerplate: Vec<_> =
        found.iter().filter(|d| d.category == Category::Boilerplate).collect();
    assert!(boilerplate.is_empty(), "{boilerplate:#?}");
}

#[test]
fn generator_bios_are_caught() {
    let Some(dir) = corpus() else { return };
    let bios = read_lines(dir.join("template.txt"));
    let set = builtin();
    for placement in PLACEMENTS {
        let tally = measure(&set, &bios, placement);
        eprintln!(
            "template bios, {placement:?}: caught {}/{}, whole bio {}/{}",
            tally.caught, tally.total, tally.whole, tally.total
        );
        assert!(tally.rate() >= 0.95, "{placement:?}: {tally:?}");
    }
}

/// The file split in two halves, each measured on its own: nothing is learnt from either at
/// run time, so each half is as unseen as the other.
#[test]
fn generator_bios_are_caught_in_each_half() {
    let Some(dir) = corpus() else { return };
    let bios = read_lines(dir.join("template.txt"));
    let set = builtin();
    let (first, second) = bios.split_at(bios.len() / 2);
    for (name, half) in [("first half", first), ("second half", second)] {
        let tally = measure(&set, half, Placement::OwnParagraph);
        eprintln!("template bios, {name}: caught {}/{}", tally.caught, tally.total);
        assert!(tally.rate() >= 0.95, "{name}: {tally:?}");
    }
}

/// Words the lists lack: every fourth entry of the vocabulary is dropped from the pack (from
/// both lists, where a word is in both), and the structure has to carry the bios that used
/// them.
#[test]
fn generator_bios_are_caught_with_a_quarter_of_the_vocabulary_left_out() {
    let Some(dir) = corpus() else { return };
    let bios = read_lines(dir.join("template.txt"));
    let text = BUILTIN_PACKS.iter().find(|(name, _)| *name == "boilerplate.toml").unwrap().1;
    let mut pack: toml::Table = toml::from_str(text).unwrap();
    let rules = pack["rule"].as_array_mut().unwrap();
    let bio_rule = rules.iter_mut().find(|r| r["name"].as_str() == Some("template-bio")).unwrap();
    let mut vocabulary: Vec<String> = ["adjectives", "nouns"]
        .iter()
        .flat_map(|key| bio_rule[*key].as_array().unwrap().clone())
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    vocabulary.sort();
    vocabulary.dedup();
    let dropped: Vec<String> =
        vocabulary.into_iter().enumerate().filter(|(i, _)| i % 4 == 3).map(|(_, w)| w).collect();
    for key in ["adjectives", "nouns"] {
        let list = bio_rule[key].as_array_mut().unwrap();
        list.retain(|v| !dropped.iter().any(|d| Some(d.as_str()) == v.as_str()));
    }
    let source = PackSource {
        path: "reduced.toml".into(),
        text: toml::to_string(&pack).unwrap(),
        verify_examples: false,
    };
    let set = RuleSet::new(load_pack(&source).unwrap());
    let tally = measure(&set, &bios, Placement::OwnParagraph);
    eprintln!(
        "template bios, {} vocabulary entries left out: caught {}/{}, whole bio {}/{}",
        dropped.len(),
        tally.caught,
        tally.total,
        tally.whole,
        tally.total
    );
    assert!(tally.rate() >= 0.90, "{tally:?}");
}

#[test]
fn genuine_bios_are_not_flagged() {
    let Some(dir) = corpus() else { return };
    let bios = read_lines(dir.join("genuine.txt"));
    let set = builtin();
    let mut flagged = Vec::new();
    for bio in &bios {
        for placement in PLACEMENTS {
            let (text, _) = with_bio(bio, placement);
            let found = set.lint(&Document::new(text));
            flagged.extend(
                found
                    .into_iter()
                    .filter(|d| d.category == Category::Boilerplate)
                    .map(|d| (placement, d.rule, d.matched)),
            );
        }
    }
    eprintln!("genuine bios: {} of {} flagged", flagged.len(), bios.len());
    assert!(flagged.is_empty(), "{flagged:#?}");
}
