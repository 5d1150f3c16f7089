//! `copy/*.md`: the company's own marketing copy, read as plain text blocks so the
//! language analysis can compare it with what customers say.

use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::quotes::markdown_options;
use crate::diagnostics::SourceFile;
use crate::model::CopyPage;
use crate::privacy::Redactor;

/// Reads one copy file: optional `+++` front matter is skipped; every heading,
/// paragraph, list item and table cell becomes one block, so a phrase never runs
/// from a heading into the paragraph under it.
pub fn read_copy(file: &SourceFile, source: String, redactor: &Redactor) -> CopyPage {
    let text = match super::fields::split_front_matter(file) {
        Ok(split) => split.body,
        Err(_) => &*file.text,
    };
    let mut blocks: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut title: Option<String> = None;
    let mut in_heading = false;
    let flush = |current: &mut String, blocks: &mut Vec<String>| {
        let block = current.split_whitespace().collect::<Vec<_>>().join(" ");
        if !block.is_empty() {
            blocks.push(redactor.redact_owned(&block));
        }
        current.clear();
    };
    for event in Parser::new_ext(text, markdown_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => current.push_str(&t),
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            Event::Start(Tag::Heading { .. }) => {
                flush(&mut current, &mut blocks);
                in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) => {
                if in_heading && title.is_none() {
                    title = Some(current.split_whitespace().collect::<Vec<_>>().join(" "));
                }
                in_heading = false;
                flush(&mut current, &mut blocks);
            }
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell)
            | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                flush(&mut current, &mut blocks);
            }
            _ => {}
        }
    }
    flush(&mut current, &mut blocks);
    let stem = Path::new(&source)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    CopyPage {
        title: redactor.redact_owned(&title.filter(|t| !t.is_empty()).unwrap_or(stem)),
        source,
        blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_is_split_into_blocks_and_redacted() {
        let file = SourceFile::new(
            "copy/home.md".into(),
            "# Trail Runner 2\n\n**$139**\n\nBuilt for *runners*.\nCall 555-123-4567.\n\n- Wide toe box\n- Free returns\n".into(),
        );
        let page = read_copy(
            &file,
            "copy/home.md".into(),
            &Redactor::new(true, Vec::new()),
        );
        assert_eq!(page.title, "Trail Runner 2");
        assert_eq!(
            page.blocks,
            [
                "Trail Runner 2",
                "$139",
                "Built for runners. Call (phone redacted).",
                "Wide toe box",
                "Free returns"
            ]
        );
    }
}
