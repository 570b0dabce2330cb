//! The gazetteer's key index: an open-addressing hash table from a folded key to the lines
//! where runs of that key start, so a lookup probes a slot or two instead of binary-searching
//! the text. `build.rs` writes it with [`build`]; the gazetteer probes it in place.

/// Bits of a slot that hold the line number (plus one, so that zero marks an empty slot);
/// the rest hold a tag from the key's hash, which settles most mismatches without reading
/// the line.
pub const LINE_BITS: u32 = 19;
const LINE_MASK: u32 = (1 << LINE_BITS) - 1;

/// FNV-1a with a final mix, so that the low bits (the slot) and the high bits (the tag)
/// both depend on every byte.
pub fn hash(key: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in key {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

fn tag(hash: u64) -> u32 {
    (hash >> (64 - (32 - LINE_BITS))) as u32
}

/// The key and line number of each line of a gazetteer table that starts a run of one key
/// (a key has one run in each section it is in); comment and blank lines start none.
#[cfg_attr(not(test), allow(dead_code))]
pub fn runs(table: &str) -> Vec<(&[u8], usize)> {
    let mut runs: Vec<(&[u8], usize)> = Vec::new();
    let mut previous: Option<&str> = None;
    for (number, line) in table.lines().enumerate() {
        if line.starts_with('#') || line.is_empty() {
            previous = None;
            continue;
        }
        let key = line.split('\t').next().unwrap_or_default();
        if previous != Some(key) {
            runs.push((key.as_bytes(), number));
        }
        previous = Some(key);
    }
    runs
}

/// The table for `runs`, the key and line number of each line that starts a run of one key:
/// a power of two of slots, at most three quarters full, as little-endian `u32`s.
#[cfg_attr(not(test), allow(dead_code))]
pub fn build(runs: &[(&[u8], usize)]) -> Vec<u8> {
    let slots = (runs.len() * 4 / 3 + 1).next_power_of_two();
    let mut table = vec![0u32; slots];
    for &(key, line) in runs {
        let line = u32::try_from(line + 1).ok().filter(|l| *l <= LINE_MASK);
        let line = line.expect("the gazetteer has fewer lines than the index can number");
        let h = hash(key);
        let mut slot = h as usize & (slots - 1);
        while table[slot] != 0 {
            slot = (slot + 1) & (slots - 1);
        }
        table[slot] = tag(h) << LINE_BITS | line;
    }
    table.iter().flat_map(|s| s.to_le_bytes()).collect()
}

/// The index as embedded: little-endian `u32` slots, read in place.
#[derive(Debug, Clone, Copy)]
pub struct KeyIndex(pub &'static [u8]);

impl KeyIndex {
    fn slot(self, i: usize) -> u32 {
        let bytes: [u8; 4] = self.0[4 * i..4 * i + 4].try_into().expect("four bytes");
        u32::from_le_bytes(bytes)
    }

    /// The line numbers whose run may hold `key`, in probe order: every run of the key is
    /// among them, along with the rare line whose key shares the slot and tag.
    pub fn candidates(self, key: &[u8]) -> impl Iterator<Item = usize> {
        let slots = self.0.len() / 4;
        let h = hash(key);
        let wanted = tag(h);
        let mut slot = h as usize & (slots.max(1) - 1);
        std::iter::from_fn(move || {
            if slots == 0 {
                return None;
            }
            loop {
                let value = self.slot(slot);
                slot = (slot + 1) & (slots - 1);
                if value == 0 {
                    return None;
                }
                if value >> LINE_BITS == wanted {
                    return Some((value & LINE_MASK) as usize - 1);
                }
            }
        })
        .fuse()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leak(bytes: Vec<u8>) -> KeyIndex {
        KeyIndex(Vec::leak(bytes))
    }

    #[test]
    fn every_run_is_found_and_absent_keys_mostly_probe_nothing() {
        let keys: Vec<String> = (0..5000).map(|i| format!("key{i}")).collect();
        let runs: Vec<(&[u8], usize)> =
            keys.iter().enumerate().map(|(line, k)| (k.as_bytes(), line)).collect();
        let index = leak(build(&runs));
        assert!(index.0.len() / 4 >= runs.len() * 4 / 3);
        for (key, line) in &runs {
            assert!(index.candidates(key).any(|l| l == *line), "{line}");
        }
        // The tag leaves about one absent key in 8,192 with a candidate line to check.
        let stray =
            (0..5000).filter(|i| index.candidates(format!("absent{i}").as_bytes()).count() > 0);
        assert!(stray.count() < 10);
    }

    #[test]
    fn a_key_with_two_runs_yields_both_and_an_empty_index_yields_nothing() {
        let index = leak(build(&[(b"homs", 3), (b"hama", 4), (b"homs", 90)]));
        let mut lines: Vec<usize> = index.candidates(b"homs").collect();
        lines.sort_unstable();
        assert_eq!(lines, [3, 90]);
        assert_eq!(leak(Vec::new()).candidates(b"homs").count(), 0);
    }
}
