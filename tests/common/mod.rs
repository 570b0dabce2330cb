//! Helpers shared by the robustness and fuzz tests: text generators biased towards what the
//! built-in rules report, and the checks of [`harness`].

#![allow(dead_code)]

pub mod harness;

pub use harness::*;
use proptest::prelude::*;

/// Pieces that exercise the rules: words, names, markup, quotes, odd spaces and joiners,
/// combining marks, other scripts and mojibake.
pub fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("the ".to_string()),
        Just("The ".to_string()),
        Just("Launched ".to_string()),
        Just("Zelensky ".to_string()),
        Just("Zelenskiy ".to_string()),
        Just("de ".to_string()),
        Just("una mamma ".to_string()),
        Just(". ".to_string()),
        Just(", ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("\"".to_string()),
        Just("\u{a0}".to_string()),
        Just("\u{200b}".to_string()),
        Just("\u{200d}".to_string()),
        Just("\u{301}".to_string()),
        Just("e\u{301}".to_string()),
        Just("Ã©".to_string()),
        Just("â€™".to_string()),
        Just("Київ ".to_string()),
        Just("القدس ".to_string()),
        Just("東京 ".to_string()),
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("&amp;".to_string()),
        Just("# ".to_string()),
        Just("`code` ".to_string()),
        Just("[link](http://x.y) ".to_string()),
        Just("TKTK ".to_string()),
        Just("| Syria".to_string()),
        "[a-zA-Z]{1,8} ",
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

/// Pieces that the built-in rules fix: doubled words, wrong forms, mojibake, letters spelled
/// with combining marks, look-alike letters of other scripts, misplaced quotes and spaces,
/// invisible characters, line breaks of every kind.
pub fn fixable_piece() -> impl Strategy<Value = String> {
    const FIXED: &[&str] = &[
        "the the ",
        "The the ",
        "were were ",
        "the\nthe ",
        "the\r\nthe ",
        "could of ",
        "Alot ",
        "recieve ",
        "cafÃ© ",
        "fermÃ© ",
        "provinceâ€™s ",
        "province‚Äôs ",
        "cafÃƒÂ© ",
        "â€œ",
        "â€",
        "Â ",
        "MÃ¼nchen ",
        "Cafe\u{301} ",
        "Zu\u{308}rich ",
        "A\u{30a}se ",
        "n\u{303}",
        "\u{308}",
        "Ukr\u{430}ine ",
        "\u{420}\u{41e}LICE ",
        "Москв\u{61} ",
        "‘",
        "’",
        "„",
        "« ",
        " »",
        "\u{a0}: ",
        "lines , with ",
        "disadvantaged ”, ",
        "day, ”said ",
        "Finance,classified ",
        "function”he ",
        "micro -economic ",
        "Ger\u{ad}man ",
        "Ukr\u{200b}aine ",
        "minister\u{a0}said ",
        "long \u{a0}day ",
        "\u{feff}",
        "\u{fffd}",
        "\u{202e}",
        "\r\n",
        "\r\n\r\n",
        "\r",
        "Sweda ",
        "tuesday ",
        "first  image ",
        "said. the ",
    ];
    prop_oneof![
        4 => prop::sample::select(FIXED).prop_map(str::to_string),
        1 => "[a-z]{1,6}".prop_map(|w| format!("{w} {w} ")),
        1 => "[A-Z][a-z]{1,6}".prop_map(|w| format!("{w} {} ", w.to_lowercase())),
    ]
}

/// Article-like text that the built-in rules find things in and fix: the pieces above, with
/// an optional byte order mark and optionally every line break as CRLF.
pub fn article_text() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(prop_oneof![3 => fixable_piece(), 2 => piece()], 0..60),
    )
        .prop_map(|(bom, crlf, pieces)| {
            let mut text: String = pieces.concat();
            if crlf {
                text = text.replace("\r\n", "\n").replace('\n', "\r\n");
            }
            if bom {
                text.insert(0, '\u{feff}');
            }
            text
        })
}
