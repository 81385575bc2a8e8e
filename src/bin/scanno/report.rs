//! Views of the edit list: unified diff, JSON, `check` listing.

use scanno::{Cleaned, Edit};
use serde_json::{json, Value};

/// A unified diff from the input to the cleaned text, with git-style `a/PATH` and `b/PATH`
/// headers: `patch -p1`, run in the folder scanno ran in (in `/` for absolute paths), turns
/// the inputs into exactly the cleaned texts.
pub fn unified_diff(path: &str, input: &str, cleaned: &str) -> String {
    if input == cleaned {
        return String::new();
    }
    let path = diff_path(path);
    similar::TextDiff::from_lines(input, cleaned)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// The path of a diff header: without a leading `/` or `./` (no `a//tmp/x`, no `a/./x`).
fn diff_path(path: &str) -> &str {
    let mut p = path.trim_start_matches('/');
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.trim_start_matches('/');
    }
    p
}

/// A unified diff between two byte texts: for an input that is not UTF-8, against its bytes
/// on disk, so that `patch` applies and gives the (UTF-8) cleaned text.
pub fn unified_diff_bytes(path: &str, old: &[u8], new: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    if old == new {
        return out;
    }
    let diff = similar::TextDiff::from_lines(old, new);
    let mut udiff = diff.unified_diff();
    udiff.context_radius(2);
    let path = diff_path(path);
    out.extend_from_slice(format!("--- a/{path}\n+++ b/{path}\n").as_bytes());
    // (`UnifiedDiff::to_writer` writes hunks lossily as UTF-8; each hunk's own writer keeps the bytes.)
    for hunk in udiff.iter_hunks() {
        let _ = hunk.to_writer(&mut out);
    }
    out
}

pub fn edit_json(e: &Edit) -> Value {
    let mut v = json!({
        "start": e.span.start,
        "end": e.span.end,
        "before": e.before,
        "after": e.after,
        "kind": e.kind.as_str(),
        "confidence": ((e.confidence as f64) * 1000.0).round() / 1000.0,
        "reason": e.reason,
        "rule": e.rule,
    });
    if !e.alternatives.is_empty() {
        v["alternatives"] = json!(e.alternatives);
    }
    v
}

/// A stable hash of the input (FNV-1a, 64 bits) so a report can tell a changed file.
pub fn content_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// One JSON line for a cleaned document.
pub fn json_line(path: &str, input: &str, cleaned: &Cleaned) -> String {
    let v = json!({
        "path": path,
        "input_hash": content_hash(input),
        "edits": cleaned.edits.iter().map(edit_json).collect::<Vec<_>>(),
        "suggestions": cleaned.suggestions.iter().map(edit_json).collect::<Vec<_>>(),
    });
    v.to_string()
}

/// "s" unless `n` is 1: "1 file", "2 files".
pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// 1-based line and column (in characters) of a byte offset.
///
/// Cost: a scan of the text up to `offset`; for many offsets in one text use [`Lines`].
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

/// The line starts of a text, for turning many byte offsets into lines and columns.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn of(text: &'a str) -> Lines<'a> {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Lines { text, starts }
    }

    /// 1-based line and column (in characters) of a byte offset. Cost: a binary search and
    /// a count of the characters of the line before `offset`.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let col = self.text.get(start..offset).map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }
}

/// `check` lines: `path:line:col: kind: "before" -> "after" (confidence; reason)`, edits
/// and suggestions together in the order of the text. Returns how many edits `clean` would
/// apply (every kind counts: a line join changes the file too).
pub fn check_lines(path: &str, input: &str, cleaned: &Cleaned, out: &mut String) -> usize {
    let lines = Lines::of(input);
    let mut list = |e: &Edit, label: &str| {
        let (l, c) = lines.line_col(e.span.start);
        out.push_str(&format!(
            "{path}:{l}:{c}: {label}{}: {:?} -> {:?} ({:.2}; {}; {})",
            e.kind, e.before, e.after, e.confidence, e.rule, e.reason
        ));
        if !e.alternatives.is_empty() {
            out.push_str(&format!(" [or: {}]", e.alternatives.join(", ")));
        }
        out.push('\n');
    };
    let mut all: Vec<(&Edit, bool)> =
        cleaned.edits.iter().map(|e| (e, false)).chain(cleaned.suggestions.iter().map(|e| (e, true))).collect();
    all.sort_by_key(|(e, suggested)| (e.span.start, e.span.end, *suggested));
    for (e, suggested) in all {
        list(e, if suggested { "suggestion: " } else { "" });
    }
    cleaned.edits.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use scanno::EditKind;

    #[test]
    fn check_counts_every_kind_and_lists_in_text_order() {
        let input = "The cat sat\non the mat and\nwent to sleep. tlie end";
        let at = |s: &str| input.find(s).unwrap();
        let join = Edit::new(input, at("\non")..at("\non") + 1, " ", EditKind::Reflow, 0.9, "running text");
        let word = Edit::new(input, at("tlie")..at("tlie") + 4, "the", EditKind::Correction, 0.4, "x");
        let join2 = Edit::new(input, at("\nwent")..at("went"), " ", EditKind::Reflow, 0.9, "running text");
        let cleaned = Cleaned { text: String::new(), edits: vec![join2, join], suggestions: vec![word] };
        let mut out = String::new();
        assert_eq!(check_lines("p", input, &cleaned, &mut out), 2, "line joins count");
        let places: Vec<&str> = out.lines().map(|l| l.split(": ").next().unwrap()).collect();
        assert_eq!(places, ["p:1:12", "p:2:15", "p:3:16"], "{out}");
        assert!(out.lines().nth(2).unwrap().contains("suggestion: correction"));
    }

    #[test]
    fn diff_headers_take_patch_p1() {
        assert!(unified_diff("/tmp/x.txt", "a\n", "b\n").starts_with("--- a/tmp/x.txt\n+++ b/tmp/x.txt\n"));
        assert!(unified_diff("./d/x.txt", "a\n", "b\n").starts_with("--- a/d/x.txt\n"));
        assert!(unified_diff("d/x.txt", "a\n", "b\n").starts_with("--- a/d/x.txt\n"));
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\ncé d", 7), (2, 4));
        assert_eq!(line_col("x", 0), (1, 1));
        assert_eq!(line_col("ab\n", 3), (2, 1));
        let lines = Lines::of("one\ntwo\n\nfour");
        assert_eq!(lines.line_col(4), (2, 1));
        assert_eq!(lines.line_col(8), (3, 1));
        assert_eq!(lines.line_col(12), (4, 4));
    }
}
