//! Pretty JSON written in pieces on every core: `list --json` at 10,000 certificates is a
//! 6 MB document, and serializing it on one thread was a fifth of the command's time.
//! The bytes are exactly what `serde_json::to_writer_pretty` writes for the same document.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

/// Rows a piece: enough that splitting costs little, few enough that the threads share
/// the pieces out evenly (one slowed down does not hold the document up). A document of
/// fewer rows is written on one thread.
const ROWS_PER_PIECE: usize = 1000;

/// serde_json's pretty format (two spaces a level) started `depth` levels in, so that a
/// value can be written on its own and placed inside a larger document.
struct PrettyAt {
    depth: usize,
    has_value: bool,
}

impl PrettyAt {
    fn new(depth: usize) -> Self {
        PrettyAt {
            depth,
            has_value: false,
        }
    }
}

impl PrettyAt {
    /// An array or object begins: one level in, nothing in it yet.
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// An array value or object key begins: on a line of its own, after a comma unless
    /// it is the first.
    fn next_item<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        indent(w, self.depth)
    }

    /// It ends: back out, on a line of its own unless it was empty.
    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            indent(w, self.depth)?;
        }
        w.write_all(bracket)
    }
}

/// `depth` levels of serde_json's pretty indentation, two spaces a level.
fn indent<W: ?Sized + Write>(w: &mut W, depth: usize) -> io::Result<()> {
    const SPACES: &[u8; 32] = b"                                ";
    let mut left = 2 * depth;
    while left > 0 {
        let n = left.min(SPACES.len());
        w.write_all(&SPACES[..n])?;
        left -= n;
    }
    Ok(())
}

/// Whether serde_json writes byte `b` of a string escaped.
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

impl Formatter for PrettyAt {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.next_item(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.next_item(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// `value` written as serde_json's pretty format would write it `depth` levels in.
fn pretty_at<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T, depth: usize) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, PrettyAt::new(depth));
    value.serialize(&mut ser).map_err(io::Error::other)
}

/// Writes the pretty JSON object whose first key is `key`, holding the array `rows`,
/// followed by the keys of the object `rest` (so `key` must sort before them, as a
/// `serde_json::Value` would order it). The rows are written in pieces, in parallel:
/// `write_row(out, i, row)` appends row `i` as its value would be written two levels in
/// (see [`PrettyObject`]).
pub fn write_rows_first<W, T, F, R>(
    w: &mut W,
    key: &str,
    rows: &[T],
    write_row: F,
    rest: &R,
) -> io::Result<()>
where
    W: Write,
    T: Sync,
    F: Fn(&mut Vec<u8>, usize, &T) + Sync,
    R: Serialize,
{
    use rayon::prelude::*;
    let mut head = b"{\n  ".to_vec();
    string(&mut head, key);
    head.extend_from_slice(b": [");
    w.write_all(&head)?;
    let pieces: Vec<Vec<u8>> = rows
        .par_chunks(ROWS_PER_PIECE)
        .enumerate()
        .map(|(n, piece)| {
            let mut out = Vec::with_capacity(piece.len() * 700);
            for (i, row) in piece.iter().enumerate() {
                out.extend_from_slice(if n == 0 && i == 0 {
                    b"\n    "
                } else {
                    b",\n    "
                });
                write_row(&mut out, n * ROWS_PER_PIECE + i, row);
            }
            out
        })
        .collect();
    for piece in pieces {
        w.write_all(&piece)?;
    }
    if !rows.is_empty() {
        w.write_all(b"\n  ")?;
    }
    w.write_all(b"]")?;
    // The rest of the document: its own keys, after the rows.
    let mut tail = Vec::new();
    pretty_at(&mut tail, rest, 0)?;
    match tail.strip_prefix(b"{") {
        Some(b"}") => w.write_all(b"\n}"),
        Some(keys) => {
            w.write_all(b",")?;
            w.write_all(keys)
        }
        None => Err(io::Error::other(
            "the rest of a JSON document is not an object",
        )),
    }
}

/// `s` as a JSON string, with serde_json's escapes. Most strings need none, and are
/// copied whole instead of looked up a byte at a time.
pub fn string(out: &mut Vec<u8>, s: &str) {
    // Every byte looked at, without an early exit, so that the check is vectorized.
    let escapes = s
        .bytes()
        .fold(0u8, |any, b| any | u8::from(needs_escape(b)));
    if escapes == 0 {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        // Writing a string into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    }
}

/// An object written by hand, byte for byte as serde_json's pretty format writes it
/// `depth` levels in: for rows written by the ten thousand, where serde's generic path
/// (escaping a byte at a time, a formatter call per token) was most of the cost. Keys are
/// written in the order given, and must need no escaping.
pub struct PrettyObject<'a> {
    out: &'a mut Vec<u8>,
    depth: usize,
    empty: bool,
}

impl<'a> PrettyObject<'a> {
    pub fn begin(out: &'a mut Vec<u8>, depth: usize) -> Self {
        out.push(b'{');
        PrettyObject {
            out,
            depth,
            empty: true,
        }
    }

    // Writing into a Vec cannot fail: the results of `indent` are not looked at.
    fn key(&mut self, key: &str) {
        debug_assert!(!key.bytes().any(needs_escape));
        self.out
            .extend_from_slice(if self.empty { b"\n" } else { b",\n" });
        self.empty = false;
        let _ = indent(self.out, self.depth + 1);
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\": ");
    }

    pub fn str(&mut self, key: &str, value: &str) {
        self.key(key);
        string(self.out, value);
    }

    /// A string, or `null`.
    pub fn opt_str(&mut self, key: &str, value: Option<&str>) {
        self.key(key);
        match value {
            Some(v) => string(self.out, v),
            None => self.out.extend_from_slice(b"null"),
        }
    }

    pub fn int(&mut self, key: &str, value: i64) {
        self.key(key);
        self.out
            .extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
    }

    pub fn bool(&mut self, key: &str, value: bool) {
        self.key(key);
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
    }

    pub fn end(self) {
        if !self.empty {
            self.out.push(b'\n');
            let _ = indent(self.out, self.depth);
        }
        self.out.push(b'}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        a: u32,
        b: Option<&'static str>,
        c: Vec<u32>,
        d: std::collections::BTreeMap<&'static str, u32>,
    }

    #[derive(Serialize)]
    struct Rest {
        expiring: Vec<&'static str>,
        updated: &'static str,
    }

    #[derive(Serialize)]
    struct Whole<'a> {
        entries: &'a [Row],
        expiring: Vec<&'static str>,
        updated: &'static str,
    }

    #[derive(Serialize)]
    struct Nothing {}

    fn by_serde(out: &mut Vec<u8>, _: usize, row: &Row) {
        pretty_at(out, row, 2).unwrap();
    }

    /// Strings that need each of serde_json's escapes, and some that need none.
    const STRINGS: &[&str] = &[
        "",
        "plain",
        "CN=worker,O=Acme",
        "quote \" back \\ slash",
        "tab\tnew\nline\r\u{1}\u{1f}",
        "del \u{7f}, é, ✓, \u{10ffff}",
        "/",
    ];

    #[derive(Serialize)]
    struct Flat<'a> {
        a_str: &'a str,
        b_none: Option<&'a str>,
        c_some: Option<&'a str>,
        d_int: i64,
        e_bool: bool,
    }

    #[test]
    fn strings_escaped_as_serde_json_escapes_them() {
        for s in STRINGS {
            let mut ours = Vec::new();
            string(&mut ours, s);
            assert_eq!(ours, serde_json::to_vec(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn objects_written_by_hand_read_as_serde_json_writes_them() {
        for depth in [0, 1, 2, 17, 18, 40] {
            for (i, s) in STRINGS.iter().enumerate() {
                let int = [0, -1, 1, i64::MIN, i64::MAX, 365][i % 6];
                let flat = Flat {
                    a_str: s,
                    b_none: None,
                    c_some: Some(s),
                    d_int: int,
                    e_bool: i % 2 == 0,
                };
                let mut ours = Vec::new();
                let mut obj = PrettyObject::begin(&mut ours, depth);
                obj.str("a_str", s);
                obj.opt_str("b_none", None);
                obj.opt_str("c_some", Some(s));
                obj.int("d_int", int);
                obj.bool("e_bool", i % 2 == 0);
                obj.end();
                let mut theirs = Vec::new();
                pretty_at(&mut theirs, &flat, depth).unwrap();
                assert_eq!(
                    String::from_utf8(ours).unwrap(),
                    String::from_utf8(theirs).unwrap()
                );
            }
            let mut ours = Vec::new();
            PrettyObject::begin(&mut ours, depth).end();
            let mut theirs = Vec::new();
            pretty_at(&mut theirs, &Nothing {}, depth).unwrap();
            assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn rows_written_in_pieces_read_as_serde_json_writes_them() {
        let row = |i: u32| Row {
            a: i,
            b: i.is_multiple_of(2).then_some("quote \" and \u{7f} and ✓"),
            c: (0..i % 3).collect(),
            d: (0..i % 2).map(|k| ("key", k)).collect(),
        };
        for n in [0, 1, 2, 999, 1000, 1001, 2500] {
            let rows: Vec<Row> = (0..n).map(row).collect();
            for expiring in [vec![], vec!["x", "y"]] {
                let mut ours = Vec::new();
                let rest = Rest {
                    expiring: expiring.clone(),
                    updated: "now",
                };
                write_rows_first(&mut ours, "entries", &rows, by_serde, &rest).unwrap();
                let theirs = serde_json::to_string_pretty(&Whole {
                    entries: &rows,
                    expiring,
                    updated: "now",
                })
                .unwrap();
                assert_eq!(String::from_utf8(ours).unwrap(), theirs, "{n} rows");
            }
            let mut ours = Vec::new();
            write_rows_first(&mut ours, "entries", &rows, by_serde, &Nothing {}).unwrap();
            #[derive(Serialize)]
            struct Alone<'a> {
                entries: &'a [Row],
            }
            let theirs = serde_json::to_string_pretty(&Alone { entries: &rows }).unwrap();
            assert_eq!(String::from_utf8(ours).unwrap(), theirs, "{n} rows alone");
        }
    }
}
