//! Reading a CSV export (metric snapshots, reviews) one way everywhere: an empty
//! file is a warning, a broken header or row a located error, blank rows skipped.

use super::metrics::{csv_error, field_spans};
use crate::diagnostics::{Diagnostic, SourceFile};

/// A CSV file opened past its header row, read a row at a time (exports of 100,000
/// rows never sit in memory as records).
pub(crate) struct CsvRows<'a> {
    file: &'a SourceFile,
    reader: csv::Reader<&'a [u8]>,
    record: csv::StringRecord,
    /// The header row's cells as written.
    pub header: csv::StringRecord,
    /// Where the header row starts in the file.
    pub header_start: usize,
}

impl<'a> CsvRows<'a> {
    /// Opens `file`, a `kind` file ("metrics", "review"); an empty file gives a
    /// warning with `empty_hint` (what to write), an unreadable header an error.
    pub(crate) fn open(
        file: &'a SourceFile,
        kind: &str,
        empty_hint: &str,
    ) -> Result<Self, Diagnostic> {
        if file.text.trim().is_empty() {
            return Err(
                Diagnostic::at_file(&file.path, format!("this {kind} file is empty"))
                    .hint(empty_hint)
                    .warning(),
            );
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(file.text.as_bytes());
        let header = reader.headers().map_err(|e| csv_error(file, &e))?.clone();
        let header_start = header.position().map_or(0, |p| p.byte() as usize);
        Ok(CsvRows {
            file,
            reader,
            record: csv::StringRecord::new(),
            header,
            header_start,
        })
    }

    /// The next row with any text in it, and where it starts. A row of the wrong
    /// width is reported and skipped; any other error is reported and ends the file.
    pub(crate) fn next_row<'s>(
        &'s mut self,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<(&'s csv::StringRecord, usize)> {
        loop {
            match self.reader.read_record(&mut self.record) {
                Ok(true) => {}
                Ok(false) => return None,
                Err(e) => {
                    if let csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } = e.kind()
                    {
                        diagnostics.push(self.wrong_width(&e, *len, *expected_len));
                        continue;
                    }
                    diagnostics.push(csv_error(self.file, &e));
                    return None;
                }
            }
            if self.record.iter().any(|c| !c.trim().is_empty()) {
                let start = self.record.position().map_or(0, |p| p.byte() as usize);
                return Some((&self.record, start));
            }
        }
    }

    /// A row of `len` cells under a header of `expected`, at the row's start.
    fn wrong_width(&self, e: &csv::Error, len: u64, expected: u64) -> Diagnostic {
        let at = e.position().map_or(0, |p| p.byte() as usize);
        let start = field_spans(&self.file.text, at)
            .first()
            .map_or(at, |r| r.start);
        let cells = |n: u64| format!("{n} cell{}", if n == 1 { "" } else { "s" });
        self.file
            .error(
                start..start,
                format!(
                    "this row has {} but the header has {expected}",
                    cells(len)
                ),
            )
            .hint("give every row one cell per column (empty cells are fine); quote cells that contain commas, e.g. \"a, b\"")
    }
}
