//! Byte searches that test eight bytes at a time, for the scans of the document model that
//! pass over long runs of plain ASCII.

/// Whether a byte is one of the ASCII characters that `char::is_whitespace` accepts (the
/// vertical tab among them, unlike `u8::is_ascii_whitespace`).
#[inline]
pub const fn is_ascii_white_space(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// Eight copies of the byte 0x01.
pub const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of each of eight bytes.
pub const HIGH: u64 = 0x8080_8080_8080_8080;

/// Sixteen copies of the byte 0x01.
pub const ONES_16: u128 = ((ONES as u128) << 64) | ONES as u128;

/// The high bit of each of sixteen bytes.
pub const HIGH_16: u128 = ((HIGH as u128) << 64) | HIGH as u128;

/// The high bit of each byte of `v` that is zero, and possibly of bytes above a zero one;
/// nothing when no byte is zero.
pub fn zero_bytes(v: u64) -> u64 {
    v.wrapping_sub(ONES) & !v & HIGH
}

/// The offset of the first byte of `bytes` that is `wanted`. `may_hold` tells, from eight
/// bytes read as a little-endian number, whether any of them may be wanted (it must not miss
/// one); only the groups it lets through are read byte by byte.
pub fn first_where(
    bytes: &[u8],
    may_hold: impl Fn(u64) -> bool,
    wanted: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if may_hold(x)
            && let Some(k) = chunk.iter().position(|&b| wanted(b))
        {
            return Some(at + k);
        }
        at += 8;
    }
    bytes[at..].iter().position(|&b| wanted(b)).map(|k| at + k)
}

/// The length of the UTF-8 form of each of the marks that [`starts_with_curly_mark`] knows.
pub const CURLY_MARK_LEN: usize = 3;

/// Whether `bytes` start with a dash or curly quote (– — ‘ ’ “ ”), the characters outside
/// ASCII that English text sets most often.
pub fn starts_with_curly_mark(bytes: &[u8]) -> bool {
    matches!(bytes, [0xE2, 0x80, 0x93 | 0x94 | 0x98 | 0x99 | 0x9C | 0x9D, ..])
}

/// [`first_where`] sixteen bytes at a time, for searches that most long texts pass through
/// whole: `may_hold` is asked of sixteen bytes read as a little-endian number.
pub fn first_where_16(
    bytes: &[u8],
    may_hold: impl Fn(u128) -> bool,
    wanted: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut at = 0;
    while let Some(block) = bytes.get(at..at + 16) {
        let x = u128::from_le_bytes(block.try_into().expect("sixteen bytes"));
        if may_hold(x)
            && let Some(k) = block.iter().position(|&b| wanted(b))
        {
            return Some(at + k);
        }
        at += 16;
    }
    bytes[at..].iter().position(|&b| wanted(b)).map(|k| at + k)
}

/// The offset of the first byte of `bytes` from `from` on that is outside ASCII, or the length
/// if none is.
pub fn first_outside_ascii(bytes: &[u8], from: usize) -> usize {
    let rest = &bytes[from..];
    let found = first_where_16(rest, |x| x & HIGH_16 != 0, |b| !b.is_ascii());
    from + found.unwrap_or(rest.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The search sixteen bytes at a time finds what a search byte by byte finds.
        #[test]
        fn the_first_byte_outside_ascii_is_found_as_byte_by_byte(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![20 => 0u8..0x80, 1 => proptest::num::u8::ANY],
                0..70,
            )
        ) {
            for from in 0..=bytes.len() {
                let expected =
                    bytes[from..].iter().position(|b| !b.is_ascii()).map_or(bytes.len(), |k| from + k);
                proptest::prop_assert_eq!(first_outside_ascii(&bytes, from), expected);
            }
        }
    }
}
