//! The gazetteer's near-miss index: for each line of the table, what the search for near
//! misses tests before it reads the line (the letters of the key as a bit set, its first byte,
//! its length and the tier), written by `build.rs` beside the table so that a search reads a
//! few bytes a line instead of parsing each one.

/// Bytes of one row: the letter mask (8, little-endian), then the key's first byte, length and
/// the tier byte.
pub const ROW_BYTES: usize = 11;

/// The length byte of a key longer than a byte can hold: its length is read from the table.
pub const LONG_KEY: u8 = u8::MAX;

/// The tier byte of a line without one: above every tier asked for.
#[cfg_attr(not(test), allow(dead_code))]
const NO_TIER: u8 = u8::MAX;

/// The set of letters and digits of an ASCII key, one bit each.
pub fn letter_mask(key: &[u8]) -> u64 {
    key.iter().fold(0, |mask, &b| match b {
        b'0'..=b'9' => mask | 1 << (b - b'0'),
        b'a'..=b'z' => mask | 1 << (b - b'a' + 10),
        _ => mask | 1 << 63,
    })
}

/// The key of a line: its bytes up to the first tab.
pub fn line_key(line: &[u8]) -> &[u8] {
    line.split(|&b| b == b'\t').next().unwrap_or_default()
}

/// The tier byte of a line: the first byte of its last field.
#[cfg_attr(not(test), allow(dead_code))]
pub fn line_tier(line: &[u8]) -> u8 {
    let last_tab = line.iter().rposition(|&b| b == b'\t');
    last_tab.and_then(|i| line.get(i + 1)).copied().unwrap_or(NO_TIER)
}

/// Where each line of a table starts, the text after the last line break included when
/// there is any: the lines of the gazetteer's line index, and of this index.
#[cfg_attr(not(test), allow(dead_code))]
pub fn line_starts(table: &[u8]) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(0)
        .chain(table.iter().enumerate().filter(|&(_, &b)| b == b'\n').map(|(i, _)| i + 1))
        .filter(|&start| start < table.len())
}

/// One row per line of `table`, in the order of [`line_starts`].
#[cfg_attr(not(test), allow(dead_code))]
pub fn build(table: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let bytes = table.as_bytes();
    for start in line_starts(bytes) {
        let end =
            bytes[start..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| start + i);
        let line = &bytes[start..end];
        let key = line_key(line);
        out.extend_from_slice(&letter_mask(key).to_le_bytes());
        out.push(key.first().copied().unwrap_or(0));
        out.push(u8::try_from(key.len()).unwrap_or(LONG_KEY));
        out.push(line_tier(line));
    }
    out
}

/// What the index says of one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub mask: u64,
    pub first: u8,
    /// The key's length, or [`LONG_KEY`].
    pub len: u8,
    pub tier: u8,
}

impl Row {
    fn read(row: &[u8]) -> Row {
        let mask: [u8; 8] = row[..8].try_into().expect("eight bytes");
        Row { mask: u64::from_le_bytes(mask), first: row[8], len: row[9], tier: row[10] }
    }
}

/// The index, read in place.
#[derive(Debug, Clone, Copy)]
pub struct NearIndex(pub &'static [u8]);

impl NearIndex {
    pub fn row(self, line: usize) -> Row {
        Row::read(&self.0[line * ROW_BYTES..(line + 1) * ROW_BYTES])
    }

    /// The rows of a range of lines, in order.
    pub fn rows(self, lines: std::ops::Range<usize>) -> impl Iterator<Item = Row> {
        self.0[lines.start * ROW_BYTES..lines.end * ROW_BYTES]
            .chunks_exact(ROW_BYTES)
            .map(Row::read)
    }

    #[cfg(test)]
    pub fn len(self) -> usize {
        self.0.len() / ROW_BYTES
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_of_a_small_table() {
        let table = "# head\nsweida\tSweida\tQ1\tSY\t2m\nx\n\nsyria\tSyria";
        let built = build(table);
        let index = NearIndex(Box::leak(built.into_boxed_slice()));
        assert_eq!(index.len(), 5);
        let row = index.row(1);
        assert_eq!((row.first, row.len, row.tier), (b's', 6, b'2'));
        assert_eq!(row.mask, letter_mask(b"sweida"));
        assert_eq!(letter_mask(b"ab") & letter_mask(b"b"), letter_mask(b"b"));
        assert_eq!((index.row(2).len, index.row(2).tier), (1, NO_TIER));
        assert_eq!(index.row(3).len, 0);
        assert_eq!((index.row(4).len, index.row(4).tier), (5, b'S'));
        let long = format!("{}\tLong\t1", "k".repeat(300));
        assert_eq!(NearIndex(Box::leak(build(&long).into_boxed_slice())).row(0).len, LONG_KEY);
    }
}
