//! Tables for SQL engines: packets, conversations and sessions as Apache Parquet (or CSV
//! for spreadsheets), typed and exact. Rows are made in batches on all cores and written
//! as they come, so memory stays bounded by a few batches and one row group.

pub mod flows;
pub mod packets;

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Int32Type, Int64Type, TimestampNanosecondType};
use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use rayon::prelude::*;

use crate::time::Decimal;

/// Rows per batch; a row group holds [`GROUP_ROWS`].
const BATCH_ROWS: usize = 1 << 16;
const GROUP_ROWS: usize = 1 << 18;

/// Why a table could not be made.
#[derive(Debug)]
pub struct TableError(pub String);

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<arrow_schema::ArrowError> for TableError {
    fn from(e: arrow_schema::ArrowError) -> Self {
        TableError(e.to_string())
    }
}

impl From<parquet::errors::ParquetError> for TableError {
    fn from(e: parquet::errors::ParquetError) -> Self {
        TableError(e.to_string())
    }
}

impl From<std::io::Error> for TableError {
    fn from(e: std::io::Error) -> Self {
        TableError(e.to_string())
    }
}

/// A column: name, type, whether it may be null, and what it holds.
pub type Column = (&'static str, DataType, bool, &'static str);

pub(crate) fn col(name: &'static str, t: DataType, null: bool, doc: &'static str) -> Column {
    (name, t, null, doc)
}

/// Text that repeats (file names, session keys): a dictionary of strings.
pub(crate) fn dict_type() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
}

/// A point in time, UTC, in nanoseconds: exact for every pcap and pcapng resolution to 1 ns.
pub(crate) fn ns_type() -> DataType {
    DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into()))
}

pub(crate) fn schema_of(cols: &[Column]) -> SchemaRef {
    Arc::new(Schema::new(
        cols.iter()
            .map(|(n, t, null, _)| Field::new(*n, t.clone(), *null))
            .collect::<Vec<_>>(),
    ))
}

/// A time as nanoseconds since the epoch (None past the year 2262).
pub(crate) fn nanos(t: Decimal) -> Option<i64> {
    let (s, n) = t.secs_nanos();
    s.checked_mul(1_000_000_000)?.checked_add(n as i64)
}

/// The file formats a table is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Parquet,
    Csv,
}

/// Writes `rows` rows made by `make(from, to)` (one batch each, made in parallel) to
/// `target`, whole or not at all; an existing file is replaced only with `overwrite`.
/// Returns the number of rows written.
pub fn write_rows(
    target: &Path,
    overwrite: bool,
    format: Format,
    schema: &SchemaRef,
    rows: usize,
    make: impl Fn(usize, usize) -> Result<RecordBatch, TableError> + Sync,
) -> Result<u64, String> {
    let starts: Vec<usize> = (0..rows).step_by(BATCH_ROWS).collect();
    let window = (rayon::current_num_threads() * 2).max(2);
    crate::capture::write::write_file(target, overwrite, |out| {
        // Batches are made on the pool while one thread encodes and writes those before.
        let (tx, rx) = std::sync::mpsc::sync_channel::<RecordBatch>(2);
        std::thread::scope(|scope| {
            let writer = scope.spawn(move || -> Result<(), TableError> {
                let mut w = Writer::new(format, out, schema)?;
                let mut any = false;
                for b in rx {
                    w.write(&b)?;
                    any = true;
                }
                if !any {
                    w.write(&RecordBatch::new_empty(schema.clone()))?;
                }
                w.close()
            });
            let mut made = Ok(());
            'all: for group in starts.chunks(window) {
                let batches: Vec<Result<RecordBatch, TableError>> = group
                    .par_iter()
                    .map(|&s| make(s, (s + BATCH_ROWS).min(rows)))
                    .collect();
                for b in batches {
                    match b {
                        // A closed channel: the writer stopped on an error it will report.
                        Ok(b) => {
                            if tx.send(b).is_err() {
                                break 'all;
                            }
                        }
                        Err(e) => {
                            made = Err(e);
                            break 'all;
                        }
                    }
                }
            }
            drop(tx);
            let written = writer
                .join()
                .unwrap_or_else(|_| Err(TableError("the table writer failed".into())));
            made.and(written).map_err(|e| e.0)
        })
    })
    .map(|_| rows as u64)
}

enum Writer<W: Write + Send> {
    Parquet(Box<ArrowWriter<W>>),
    Csv(W),
}

impl<W: Write + Send> Writer<W> {
    fn new(format: Format, out: W, schema: &SchemaRef) -> Result<Self, TableError> {
        Ok(match format {
            Format::Parquet => {
                let props = WriterProperties::builder()
                    .set_compression(Compression::SNAPPY)
                    .set_max_row_group_row_count(Some(GROUP_ROWS))
                    .set_created_by(format!("pcapsh {}", env!("CARGO_PKG_VERSION")))
                    .build();
                Writer::Parquet(Box::new(ArrowWriter::try_new(
                    out,
                    schema.clone(),
                    Some(props),
                )?))
            }
            Format::Csv => {
                let mut out = out;
                let names: Vec<String> =
                    schema.fields().iter().map(|f| csv_cell(f.name())).collect();
                writeln!(out, "{}", names.join(","))?;
                Writer::Csv(out)
            }
        })
    }

    fn write(&mut self, b: &RecordBatch) -> Result<(), TableError> {
        match self {
            Writer::Parquet(w) => w.write(b)?,
            Writer::Csv(out) => {
                let mut line = String::new();
                for row in 0..b.num_rows() {
                    line.clear();
                    for (c, a) in b.columns().iter().enumerate() {
                        if c > 0 {
                            line.push(',');
                        }
                        line.push_str(&csv_value(a.as_ref(), row));
                    }
                    line.push('\n');
                    out.write_all(line.as_bytes())?;
                }
            }
        }
        Ok(())
    }

    fn close(self) -> Result<(), TableError> {
        match self {
            Writer::Parquet(w) => {
                w.close()?;
            }
            Writer::Csv(mut out) => out.flush()?,
        }
        Ok(())
    }
}

/// A text cell, quoted as Python's csv module quotes (only when it must be).
fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One value as CSV text: empty for null, times as exact epoch seconds (9 decimals),
/// lists joined with ';'.
fn csv_value(a: &dyn Array, row: usize) -> String {
    if a.is_null(row) {
        return String::new();
    }
    match a.data_type() {
        DataType::Int32 => a.as_primitive::<Int32Type>().value(row).to_string(),
        DataType::Int64 => a.as_primitive::<Int64Type>().value(row).to_string(),
        DataType::Utf8 => csv_cell(a.as_string::<i32>().value(row)),
        DataType::Dictionary(..) => {
            let d = a.as_dictionary::<Int32Type>();
            let k = d.keys().value(row) as usize;
            csv_cell(d.values().as_string::<i32>().value(k))
        }
        DataType::Timestamp(..) => {
            let ns = a.as_primitive::<TimestampNanosecondType>().value(row);
            Decimal::new(ns as i128, 9).fixed()
        }
        DataType::List(_) => {
            let l = a.as_list::<i32>().value(row);
            (0..l.len())
                .map(|i| csv_value(l.as_ref(), i))
                .collect::<Vec<_>>()
                .join(";")
        }
        other => format!("<{other}>"),
    }
}

/// The columns of each table with what they hold, as Markdown (docs/scale.md).
pub fn columns_markdown() -> String {
    let mut out = String::new();
    for (name, cols) in [
        ("packets", packets::columns(true)),
        ("conversations", flows::conv_columns()),
        ("sessions", flows::session_columns()),
    ] {
        out.push_str(&format!(
            "### {name}\n\n| column | type | null | what |\n|---|---|---|---|\n"
        ));
        for (n, t, null, doc) in cols {
            let t = match t {
                DataType::Dictionary(..) => "string (dictionary)".to_string(),
                DataType::Utf8 => "string".into(),
                DataType::Timestamp(..) => "timestamp[ns, UTC]".into(),
                DataType::List(_) => "list<int32>".into(),
                other => other.to_string().to_lowercase(),
            };
            let null = if null { "yes" } else { "" };
            out.push_str(&format!("| `{n}` | {t} | {null} | {doc} |\n"));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn docs_list_the_columns_the_writers_write() {
        let doc = include_str!("../../../docs/scale.md");
        assert!(
            doc.contains(&super::columns_markdown()),
            "docs/scale.md is out of date: put the output of `pcapsh --columns` in it"
        );
    }
}
