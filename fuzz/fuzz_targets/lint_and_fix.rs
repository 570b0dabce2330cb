//! Rule packs and documents from one input: bytes up to the first 0xFF are the pack part (an
//! odd first byte, then a pack's TOML; otherwise bytes that drive a generator of random packs),
//! the rest is the document. The packs are loaded, the document decoded, linted in every
//! format and fixed round by round with the packs' rules and the built-in ones, checking what
//! the fuzz test checks.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/harness.rs"]
#[allow(dead_code)]
mod harness;

fuzz_target!(|data: &[u8]| {
    harness::exercise_bytes(data);
});
