//! `reviews/*.csv`: exported product reviews, one per row, read with the `csv` crate
//! record by record (exports of 100,000 rows are fine), redacted like call notes.

use std::path::Path;

use super::csv_file::CsvRows;
use super::metrics::{field_spans, parse_day, value_span};
use crate::diagnostics::{did_you_mean, Diagnostic, SourceFile};
use crate::model::Review;
use crate::privacy::Redactor;

/// Finds the CSV files below `reviews/` (sorted; `_` and `.` names skipped).
pub fn review_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let root = dir.join("reviews");
    if !root.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !e.file_name().to_string_lossy().starts_with(['_', '.'])
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("csv"))
        })
        .map(|e| e.path().strip_prefix(dir).unwrap_or(e.path()).to_path_buf())
        .collect()
}

/// Reads one review export: `date` and `text` columns required; `rating` (1-5),
/// `product`, `source` and `id` optional; other columns ignored. A bad date is an
/// error at its cell; an empty text skips the row with a warning.
pub fn read_reviews(
    file: &SourceFile,
    rel: &str,
    redactor: &Redactor,
) -> (Vec<Review>, Vec<Diagnostic>) {
    let text = &*file.text;
    let mut diagnostics = Vec::new();
    let mut reviews = Vec::new();
    let mut rows = match CsvRows::open(
        file,
        "review",
        "export reviews with a header row naming at least `date` and `text`",
    ) {
        Ok(rows) => rows,
        Err(d) => return (reviews, vec![d]),
    };
    let (header, header_start) = (rows.header.clone(), rows.header_start);
    let names: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let column = |name: &str| names.iter().position(|n| n == name);
    let (date_col, text_col) = (column("date"), column("text"));
    let missing: Vec<&str> = [("date", date_col), ("text", text_col)]
        .iter()
        .filter(|(_, c)| c.is_none())
        .map(|(n, _)| *n)
        .collect();
    if !missing.is_empty() {
        let found = names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let suggestion = missing
            .iter()
            .filter_map(|m| did_you_mean(m, names.iter().map(String::as_str)))
            .collect::<Vec<_>>()
            .join(" ");
        diagnostics.push(
            file.error(
                header_start..header_start,
                format!(
                    "the header row has no {} column (found {found})",
                    missing
                        .iter()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            )
            .hint(format!(
                "{suggestion}{}review exports need a `date` column (YYYY-MM-DD) and a `text` column; `rating`, `product`, `source` and `id` are optional",
                if suggestion.is_empty() { "" } else { " " }
            )),
        );
        return (reviews, diagnostics);
    }
    let (date_col, text_col) = (date_col.unwrap_or(0), text_col.unwrap_or(0));
    let (rating_col, product_col, source_col, id_col) = (
        column("rating"),
        column("product"),
        column("source"),
        column("id"),
    );
    let (mut line, mut counted_to) = (1, 0);
    while let Some((record, start)) = rows.next_row(&mut diagnostics) {
        let cell = |i: usize| {
            field_spans(text, start)
                .get(i)
                .map_or(start..start, |r| value_span(text, r))
        };
        let raw_date = record.get(date_col).unwrap_or("").trim();
        let Some(date) = parse_day(raw_date) else {
            let message = if raw_date.is_empty() {
                "this review has no date".to_string()
            } else {
                format!("bad date {raw_date:?} in a review")
            };
            diagnostics.push(file.error(cell(date_col), message).hint(
                "write the day as YYYY-MM-DD, e.g. 2026-09-02 (spreadsheets: format the column as ISO dates before exporting)",
            ));
            continue;
        };
        let body = record.get(text_col).unwrap_or("").trim();
        // Lines counted on from the previous row: SourceFile::error would rescan the
        // file for every row, quadratic on a 100,000-row export.
        let row_start = field_spans(text, start).first().map_or(start, |r| r.start);
        if row_start > counted_to {
            line += text.as_bytes()[counted_to..row_start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            counted_to = row_start;
        }
        if body.is_empty() {
            // At the cell's first character: inside an empty `""` there is nothing to see.
            let cell_start = field_spans(text, start)
                .get(text_col)
                .map_or(start, |r| r.start);
            diagnostics.push(
                file.error(
                    cell_start..cell_start,
                    "this review has no text; it is skipped",
                )
                .hint("fill in the `text` cell, or delete the row")
                .warning(),
            );
            continue;
        }
        let optional = |c: Option<usize>| {
            c.and_then(|c| record.get(c))
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(|v| redactor.redact_owned(v))
        };
        let rating = optional(rating_col)
            .and_then(|r| r.parse::<f64>().ok())
            .filter(|r| (1.0..=5.0).contains(r));
        reviews.push(Review {
            date,
            text: redactor.redact_owned(body),
            rating,
            product: optional(product_col),
            source: optional(source_col),
            id: optional(id_col),
            origin: format!("{rel}:{line}"),
        });
    }
    (reviews, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<Review>, Vec<Diagnostic>) {
        let file = SourceFile::new("reviews/r.csv".into(), text.into());
        read_reviews(&file, "reviews/r.csv", &Redactor::new(true, Vec::new()))
    }

    #[test]
    fn quoted_commas_newlines_bom_crlf_and_redaction() {
        let (reviews, diags) = read(
            "\u{feff}Date,Rating,Text,Extra\r\n2026-09-02,4,\"Comfortable, and finally\r\na wide toe box.\",x\r\n2026-09-03,,Mail me at a@b.com,\r\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(reviews.len(), 2);
        assert_eq!(
            reviews[0].text,
            "Comfortable, and finally\r\na wide toe box."
        );
        assert_eq!(reviews[0].rating, Some(4.0));
        assert_eq!(reviews[1].text, "Mail me at (email redacted)");
        assert_eq!(reviews[1].origin, "reviews/r.csv:4");
    }

    #[test]
    fn an_empty_text_is_warned_at_the_start_of_its_cell() {
        let (reviews, diags) = read("date,rating,text\n2026-09-01,4,\"\"\n2026-09-02,5,\n");
        assert!(reviews.is_empty());
        let at: Vec<(usize, usize)> = diags.iter().map(|d| (d.line, d.col)).collect();
        assert_eq!(
            at,
            [(2, 14), (3, 14)],
            "the opening quote, the empty cell: {diags:?}"
        );
    }

    #[test]
    fn bad_dates_and_missing_columns_are_errors_and_empty_texts_warnings() {
        let (reviews, diags) = read("date,text\n2026-13-01,Hi\n2026-09-01,\n2026-09-02,Ok\n");
        assert_eq!(reviews.len(), 1);
        let error = diags
            .iter()
            .find(|d| d.message.contains("bad date"))
            .unwrap();
        assert_eq!((error.line, error.col), (2, 1));
        assert!(diags.iter().any(|d| d.message.contains("no text")
            && d.severity == crate::diagnostics::Severity::Warning));
        let (reviews, diags) = read("date,text\n2026-09-01,a, b\n2026-09-02,ok\n");
        assert_eq!(reviews.len(), 1, "the unquoted comma makes a row too wide");
        assert!(
            diags[0].message.contains("3 cells but the header has 2"),
            "{diags:?}"
        );
        let (_, diags) = read("date,text\n2026-09-01\n");
        assert_eq!(
            diags[0].message, "this row has 1 cell but the header has 2",
            "{diags:?}"
        );
        assert_eq!((diags[0].line, diags[0].col), (2, 1));
        let (_, diags) = read("day,body\n2026-09-01,x\n");
        assert!(
            diags[0].message.contains("no `date` or `text` column"),
            "{diags:?}"
        );
    }
}
