//! The prose of a Markdown file: what a reader reads, with code, URLs, raw HTML and front
//! matter left out and block boundaries turned into paragraph breaks, mapped back to the bytes
//! of the file.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::offsets::{Builder, OffsetMap};

/// How a file's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    Text,
    Markdown,
    Html,
}

impl InputFormat {
    /// The format a file name implies: `.md`/`.markdown` and `.html`/`.htm`, plain text
    /// otherwise.
    pub fn from_path(path: &str) -> InputFormat {
        let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        match extension.as_deref() {
            Some("md" | "markdown" | "mdown" | "mkd") => InputFormat::Markdown,
            Some("html" | "htm" | "xhtml") => InputFormat::Html,
            _ => InputFormat::Text,
        }
    }
}

/// What separates two runs of prose in the derived text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    None,
    Space,
    Line,
    Paragraph,
}

impl Break {
    fn text(self) -> &'static str {
        match self {
            Break::None => "",
            Break::Space => " ",
            Break::Line => "\n",
            Break::Paragraph => "\n\n",
        }
    }
}

/// Extracts the prose of a Markdown document.
pub fn markdown_prose(source: &str) -> (String, OffsetMap) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut builder = Builder::new(source);
    // The strongest break seen since the last prose was written.
    let mut pending = Break::None;
    // Inside code blocks, metadata, autolinks and similar, nothing is prose.
    let mut skipping = 0usize;
    // For each open link, whether it is an autolink whose text is a bare address.
    let mut links: Vec<bool> = Vec::new();
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if is_block(&tag) {
                    pending = pending.max(Break::Paragraph);
                }
                if let Tag::Link { link_type, .. } = &tag {
                    let bare = matches!(link_type, LinkType::Autolink | LinkType::Email);
                    links.push(bare);
                    skipping += usize::from(bare);
                } else if skips_content(&tag) {
                    skipping += 1;
                }
            }
            Event::End(tag) => {
                if is_block_end(tag) {
                    pending = pending.max(Break::Paragraph);
                }
                let ends_skip = match tag {
                    TagEnd::Link => links.pop().unwrap_or(false),
                    _ => skips_content_end(tag),
                };
                if ends_skip {
                    skipping = skipping.saturating_sub(1);
                }
            }
            Event::Text(text) if skipping == 0 => {
                let gap = &source[builder.cursor().min(range.start)..range.start];
                let mut separator = if pending == Break::None && gap.contains('\n') {
                    Break::Line
                } else {
                    pending
                };
                // "Run `ls` now" reads "Run now", with one space.
                let mut text: &str = &text;
                if separator == Break::Space && builder.ends_with_white_space() {
                    separator = Break::None;
                    let trimmed = text.trim_start_matches(' ');
                    if trimmed.len() < text.len() && source[range.clone()] == *text {
                        builder.replace_until(range.start, "");
                        builder.replace_until(range.start + text.len() - trimmed.len(), "");
                        text = trimmed;
                    }
                }
                if builder.cursor() < range.start {
                    builder.replace_until(range.start, separator.text());
                }
                builder.replace_until(range.end, text);
                pending = Break::None;
            }
            // Left-out text still separates the words around it.
            Event::Text(_) | Event::Code(_) => pending = pending.max(Break::Space),
            Event::SoftBreak | Event::HardBreak if skipping == 0 => {
                pending = pending.max(Break::Line);
            }
            Event::InlineHtml(_) | Event::InlineMath(_) | Event::FootnoteReference(_) => {
                pending = pending.max(Break::Space);
            }
            Event::Html(_) | Event::DisplayMath(_) | Event::Rule => {
                pending = pending.max(Break::Paragraph);
            }
            _ => {}
        }
    }
    builder.finish("\n")
}

fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::MetadataBlock(_)
            | Tag::Image { .. }
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
    )
}

fn is_block_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
            | TagEnd::MetadataBlock(_)
            | TagEnd::Image
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
    )
}

fn skips_content(tag: &Tag) -> bool {
    matches!(tag, Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::HtmlBlock)
}

fn skips_content_end(tag: TagEnd) -> bool {
    matches!(tag, TagEnd::CodeBlock | TagEnd::MetadataBlock(_) | TagEnd::HtmlBlock)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(source: &str) -> String {
        markdown_prose(source).0
    }

    #[test]
    fn code_urls_html_and_front_matter_are_left_out() {
        let source = "---\ntitle: The the draft\n---\n\n# Ferry news\n\nRun `the the` now, see \
                      <https://example.org/the/the> or [the docs](https://example.org).\n\n\
                      ```\nthe the\n```\n\n<!-- a comment -->\n\nThe end.\n";
        let text = prose(source);
        assert!(!text.contains("title"), "{text:?}");
        assert!(!text.contains("the the"), "{text:?}");
        assert!(!text.contains("example.org"), "{text:?}");
        assert!(!text.contains("comment"), "{text:?}");
        assert!(text.contains("Ferry news\n\nRun"), "{text:?}");
        assert!(text.contains("Run now, see or the docs."), "{text:?}");
    }

    #[test]
    fn blocks_are_paragraphs() {
        let text = prose("# Markets fall in Asia\nThe main index dropped.\n\n- one item\n- two\n");
        assert!(text.contains("Markets fall in Asia\n\nThe main index dropped."), "{text:?}");
        assert!(text.contains("one item\n\ntwo"), "{text:?}");
        let table = prose("| City | Team |\n|---|---|\n| Homs | Al-Karamah |\n");
        assert!(table.contains("Homs\n\nAl-Karamah"), "{table:?}");
    }

    #[test]
    fn spans_map_back_to_the_markdown() {
        let source = "Intro with **AT&amp;T** and the\nthe end.\n";
        let (text, map) = markdown_prose(source);
        let att = text.find("AT&T").unwrap();
        assert_eq!(&source[map.to_source(att..att + 4)], "AT&amp;T");
        let doubled = text.find("the\nthe").unwrap();
        assert_eq!(&source[map.to_source(doubled..doubled + 7)], "the\nthe");
    }

    #[test]
    fn formats_follow_extensions() {
        assert_eq!(InputFormat::from_path("a/b.MD"), InputFormat::Markdown);
        assert_eq!(InputFormat::from_path("b.htm"), InputFormat::Html);
        assert_eq!(InputFormat::from_path("b.txt"), InputFormat::Text);
        assert_eq!(InputFormat::from_path("-"), InputFormat::Text);
    }
}

/// An HTML token of interest, at its byte range in the source.
#[derive(Debug)]
enum HtmlEvent {
    Start {
        tag: String,
        range: std::ops::Range<usize>,
    },
    End {
        tag: String,
        range: std::ops::Range<usize>,
    },
    /// An `alt` or `title` attribute value, read as a unit of its own.
    Attribute {
        value: std::ops::Range<usize>,
    },
    Text {
        range: std::ops::Range<usize>,
    },
}

/// Elements whose content is not prose.
fn skips_html_content(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "pre"
            | "code"
            | "noscript"
            | "template"
            | "head"
            | "svg"
            | "math"
            | "textarea"
            | "iframe"
            | "object"
    )
}

/// Elements that start and end a paragraph.
fn is_html_block(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hr"
            | "html"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "title"
            | "tr"
            | "ul"
    )
}

/// Tokenizes HTML with an HTML5 tokenizer and collects the events the prose is built from.
fn html_events(source: &str) -> Vec<HtmlEvent> {
    use std::cell::RefCell;
    use std::rc::Rc;

    use lol_html::html_content::{Element, TextChunk, TextType};
    use lol_html::{RewriteStrSettings, doc_text, element, end_tag, rewrite_str};

    let events: Rc<RefCell<Vec<HtmlEvent>>> = Rc::default();
    let on_element = {
        let events = Rc::clone(&events);
        element!("*", move |el: &mut Element| {
            let tag = el.tag_name().to_ascii_lowercase();
            let mut list = events.borrow_mut();
            list.push(HtmlEvent::Start { tag: tag.clone(), range: el.source_location().bytes() });
            for attribute in el.attributes() {
                if matches!(attribute.name().as_str(), "alt" | "title")
                    && let Some(at) = attribute.value_source_location()
                {
                    list.push(HtmlEvent::Attribute { value: at.bytes() });
                }
            }
            drop(list);
            if el.can_have_content() {
                let events = Rc::clone(&events);
                el.on_end_tag(end_tag!(move |end| {
                    let range = end.source_location().bytes();
                    events.borrow_mut().push(HtmlEvent::End { tag: tag.clone(), range });
                    Ok(())
                }))?;
            }
            Ok(())
        })
    };
    let on_text = {
        let events = Rc::clone(&events);
        doc_text!(move |chunk: &mut TextChunk| {
            // Script and style text is not prose, whatever element holds it.
            if matches!(chunk.text_type(), TextType::Data) && !chunk.as_str().is_empty() {
                let range = chunk.source_location().bytes();
                events.borrow_mut().push(HtmlEvent::Text { range });
            }
            Ok(())
        })
    };
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(on_element)
        .append_document_content_handler(on_text);
    // The rewriter only fails on memory limits or handler errors, none of which apply here;
    // whatever was collected before a failure is still the best reading of the text.
    let _ = rewrite_str(source, settings);
    let mut events = Rc::try_unwrap(events).map(RefCell::into_inner).unwrap_or_default();
    events.sort_by_key(|e| match e {
        HtmlEvent::Start { range, .. }
        | HtmlEvent::End { range, .. }
        | HtmlEvent::Text { range } => range.start,
        HtmlEvent::Attribute { value } => value.start,
    });
    events
}

/// Copies `source[range]` into the prose with character references decoded and runs of
/// white space holding a line break folded into one space, as a browser shows them.
fn push_html_text(builder: &mut Builder, source: &str, range: std::ops::Range<usize>) {
    let text = &source[range.clone()];
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let Some(next) = rest.find(['&', '\n', '\r']) else { break };
        let at = i + next;
        builder.keep_until(range.start + at);
        if text[at..].starts_with('&') {
            let end = text[at..]
                .char_indices()
                .skip(1)
                .take(40)
                .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '#'))
                .map_or(text.len() - at, |(j, c)| if c == ';' { j + 1 } else { j });
            let reference = &text[at..at + end];
            let decoded = html_escape::decode_html_entities(reference);
            builder.replace_until(range.start + at + end, &decoded);
            i = at + end.max(1);
        } else {
            // A run of white space with a line break in it.
            let run_start = text[..at].trim_end_matches([' ', '\t']).len();
            let run_end = at + text[at..].len() - text[at..].trim_start().len();
            builder.keep_until(range.start + run_start);
            builder.replace_until(range.start + run_end, " ");
            i = run_end;
        }
    }
    builder.keep_until(range.end);
}

/// Extracts the prose of an HTML document: the text of the body outside code, scripts and
/// styles, with `alt` and `title` text as units of their own.
pub fn html_prose(source: &str) -> (String, OffsetMap) {
    let mut builder = Builder::new(source);
    let mut pending = Break::None;
    let mut skipping: Vec<String> = Vec::new();
    for event in html_events(source) {
        match event {
            HtmlEvent::Start { tag, .. } => {
                if tag == "br" {
                    pending = pending.max(Break::Line);
                } else if is_html_block(&tag) || tag == "img" {
                    pending = pending.max(Break::Paragraph);
                }
                if skips_html_content(&tag) {
                    skipping.push(tag);
                }
            }
            HtmlEvent::End { tag, .. } => {
                if is_html_block(&tag) {
                    pending = pending.max(Break::Paragraph);
                }
                if skipping.last() == Some(&tag) {
                    skipping.pop();
                }
            }
            HtmlEvent::Attribute { value }
                if skipping.is_empty() && value.start >= builder.cursor() && !value.is_empty() =>
            {
                builder.replace_until(value.start, Break::Paragraph.text());
                push_html_text(&mut builder, source, value);
                pending = Break::Paragraph;
            }
            HtmlEvent::Text { range } if skipping.is_empty() => {
                if range.start < builder.cursor() {
                    continue;
                }
                builder.replace_until(range.start, pending.text());
                push_html_text(&mut builder, source, range);
                pending = Break::None;
            }
            _ => {}
        }
    }
    builder.finish("\n")
}

#[cfg(test)]
mod html_tests {
    use super::*;

    #[test]
    fn body_text_without_scripts_code_or_markup() {
        let source = "<html><head><title>The the site</title><style>p{}</style></head>\n<body>\
                      <h1>Ferry news</h1><p>Crews said\n    the ferry was <b>late</b>.</p>\
                      <script>var the = the;</script><pre>the the</pre>\
                      <p>AT&amp;T paid&nbsp;more.<br>Next line.</p></body></html>";
        let (text, map) = html_prose(source);
        assert!(!text.contains("site"), "{text:?}");
        assert!(!text.contains("the the"), "{text:?}");
        assert!(!text.contains("var"), "{text:?}");
        assert!(text.contains("Ferry news\n\nCrews said the ferry was late."), "{text:?}");
        assert!(text.contains("AT&T paid\u{a0}more.\nNext line."), "{text:?}");
        let att = text.find("AT&T").unwrap();
        assert_eq!(&source[map.to_source(att..att + 4)], "AT&amp;T");
        let late = text.find("late").unwrap();
        assert_eq!(&source[map.to_source(late..late + 4)], "late");
    }

    #[test]
    fn alt_and_title_are_units_of_their_own() {
        let source = "<p>Before <img src=\"x.jpg\" alt=\"The mayor at the the pier\"> after.</p>";
        let (text, map) = html_prose(source);
        assert!(text.contains("\n\nThe mayor at the the pier\n\n"), "{text:?}");
        let doubled = text.find("the the").unwrap();
        let span = map.to_source(doubled..doubled + 7);
        assert_eq!(&source[span], "the the");
    }
}
