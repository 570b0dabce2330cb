//! Articles for the benchmarks, assembled from the project's example texts.
//!
//! `scripts/bench.py` builds its corpora with the same recipe, so that an article of a given
//! seed and size is the same text in `cargo bench` and in `scripts/bench.sh`:
//!
//! - the pool is the paragraphs (blocks separated by a blank line, trimmed) of the texts in
//!   [`SOURCES`], in that order; the first paragraph of each text is a title, the rest is body;
//! - a SplitMix64 generator seeded with the article's seed picks, by `next() % len`, one title
//!   and then body paragraphs, which are kept while the article is still short of the target
//!   size and stopped before the one that would overshoot it by more than it would fall short;
//! - the article is the title and the paragraphs joined by blank lines, with a final newline.

/// The example texts, relative to the repository root.
pub const SOURCES: [(&str, &str); 2] = [
    ("examples/harbour-bridge.txt", include_str!("../../examples/harbour-bridge.txt")),
    ("tests/fixtures/formats/bridge.txt", include_str!("../../tests/fixtures/formats/bridge.txt")),
];

/// Sizes of the benchmarked articles, in bytes.
pub const SMALL: usize = 1_000;
pub const MEDIUM: usize = 5_000;
pub const LARGE: usize = 50_000;

/// The seed of the benchmarked articles.
pub const SEED: u64 = 1;

struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.trim().split("\n\n").map(str::trim).filter(|p| !p.is_empty())
}

/// A plain-text article of about `target` bytes.
pub fn article(seed: u64, target: usize) -> String {
    let mut titles = Vec::new();
    let mut body = Vec::new();
    for (_, text) in SOURCES {
        let mut paras = paragraphs(text);
        titles.extend(paras.next());
        body.extend(paras);
    }
    let mut rng = SplitMix64(seed);
    let mut parts = vec![titles[rng.below(titles.len())]];
    let mut size = parts[0].len() + 1;
    while size < target {
        let next = body[rng.below(body.len())];
        let grown = size + 2 + next.len();
        if grown > target && grown - target > target - size {
            break;
        }
        parts.push(next);
        size = grown;
    }
    parts.join("\n\n") + "\n"
}
