//! Views of the edit list: unified diff, JSON, `check` listing.

use scanno::{Cleaned, Edit, EditKind};
use serde_json::{json, Value};

/// A unified diff from the input to the cleaned text; `patch` applied to the input gives
/// exactly the cleaned text.
pub fn unified_diff(path: &str, input: &str, cleaned: &str) -> String {
    if input == cleaned {
        return String::new();
    }
    similar::TextDiff::from_lines(input, cleaned)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
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

/// `check` lines: `path:line:col: kind: "before" -> "after" (confidence; reason)`.
/// Reflow (line joining) is left out: it is layout, not a finding.
pub fn check_lines(path: &str, input: &str, cleaned: &Cleaned, out: &mut String) -> usize {
    let mut found = 0;
    let lines = Lines::of(input);
    let mut list = |e: &Edit, label: &str| {
        let (l, c) = lines.line_col(e.span.start);
        out.push_str(&format!(
            "{path}:{l}:{c}: {label}{}: {:?} -> {:?} ({:.2}; {})",
            e.kind, e.before, e.after, e.confidence, e.reason
        ));
        if !e.alternatives.is_empty() {
            out.push_str(&format!(" [or: {}]", e.alternatives.join(", ")));
        }
        out.push('\n');
    };
    for e in cleaned.edits.iter().filter(|e| e.kind != EditKind::Reflow) {
        list(e, "");
        found += 1;
    }
    for e in cleaned.suggestions.iter().filter(|e| e.kind != EditKind::Reflow) {
        list(e, "suggestion: ");
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

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
