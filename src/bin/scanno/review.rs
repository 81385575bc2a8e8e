//! `scanno review`: walk the proposed changes one at a time, like `git add -p`, and write
//! only the ones the reviewer accepts.
//!
//! At a terminal each answer is one keystroke (no Enter); from a pipe answers are read a line
//! at a time (a script can answer `y`/`n` lines), and only the documented keys count. The end
//! of the answers means `q`. The line joins (reflow) of a file are asked about as one group
//! first (`--all` asks about each), so nothing is written that was not answered. Nothing is
//! written until the session ends: then each file with accepted changes is written
//! atomically, in place (only if it has not changed meanwhile) or under `--out DIR`. Rejected
//! corrections and splits are remembered in the project's `.scanno-words`, which `clean` and
//! `review` load, so they are not proposed again.

use std::collections::HashSet;
use std::fs;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use scanno::edit::{self, Edit};
use scanno::{Cleaned, EditKind, Error, Options};

use crate::files::{self, Job};
use crate::{clean, config, report, CommonArgs};

#[derive(Debug, Args)]
pub struct ReviewArgs {
    #[command(flatten)]
    pub common: CommonArgs,

    /// Write the reviewed files under this folder, mirroring the inputs' relative paths.
    /// Without it each input with accepted changes is rewritten in place, atomically, once
    /// the session ends (and only if it did not change during the session).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Also ask about each line join (reflow) instead of about all of a file's as one group.
    #[arg(long)]
    pub all: bool,

    /// Show the numbers behind each correction (channel and context scores).
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

pub const KEYS_HELP: &str = "\
y - accept this change
n - reject it (a rejected correction or split is added to .scanno-words and not proposed again;
    use e to give the right word instead)
e - type your own replacement (\\n for a line break; an empty line goes back)
a - accept this and every remaining change of this kind in this file (suggestions are still asked)
d - reject this and every remaining change in this file
s - skip the rest of this file (changes accepted so far are kept)
q - quit: write what was accepted so far, leave the rest
u - undo the last answer
? - this help";

/// The keys a question accepts, as shown in its prompt.
const KEYS: &str = "y,n,e,a,d,s,q,u,?";
/// The keys of the question about a file's line joins (a group: nothing to type; `a` is `y`).
const GROUP_KEYS: &str = "y,n,a,d,s,q,u,?";

/// Context shown either side of a change, in characters.
const CONTEXT_CHARS: usize = 60;
/// Lines of a long passage shown at each end.
const SHOWN_LINES: usize = 3;
/// Characters of a long line shown at each end.
const SHOWN_CHARS: usize = 80;

/// What the reviewer decided about one document.
#[derive(Debug, Default, Clone)]
pub struct Reviewed {
    /// Accepted edits against the input: sorted, non-overlapping, ready for [`edit::apply`].
    pub accepted: Vec<Edit>,
    /// Words of rejected corrections and splits, to protect from now on.
    pub rejected_words: Vec<String>,
    /// The reviewer quit (or the answers ran out): review no further documents.
    pub quit: bool,
}

/// Counts for the closing summary.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub accepted: usize,
    pub rejected: usize,
    pub typed: usize,
    pub grouped: usize,
    pub left: usize,
}

/// One answer as read.
#[derive(Debug, PartialEq)]
pub enum Reply {
    /// A single key (lowercased).
    Key(char),
    /// Anything else: not an answer (the help is shown and the question asked again).
    Other,
}

/// Where answers come from: a terminal (one keystroke each) or a pipe (one line each).
pub trait Answers {
    /// The next answer; `None` at the end of the answers. Writes what the reviewer should
    /// see of it (a piped answer is echoed, a keystroke shown) to `out`.
    fn key(&mut self, out: &mut dyn Write) -> io::Result<Option<Reply>>;
    /// A typed line (a replacement); `None` at the end of the answers.
    fn line(&mut self, out: &mut dyn Write) -> io::Result<Option<String>>;
}

/// Answers one per line from a reader (a pipe or a file). Only a line holding exactly one
/// documented key counts ("accept" is not "a"); a line that is not UTF-8 is not an answer.
pub struct LineAnswers<R> {
    reader: R,
    /// Repeat each answer after its prompt (answers piped in do not show otherwise).
    echo: bool,
}

impl<R: BufRead> LineAnswers<R> {
    pub fn new(reader: R, echo: bool) -> LineAnswers<R> {
        LineAnswers { reader, echo }
    }

    /// One line as text (invalid UTF-8 replaced), without its line ending.
    fn raw_line(&mut self, out: &mut dyn Write) -> io::Result<Option<(String, bool)>> {
        let mut bytes = Vec::new();
        if self.reader.read_until(b'\n', &mut bytes)? == 0 {
            if self.echo {
                writeln!(out, "(no more answers: quitting)")?;
            } else {
                writeln!(out)?;
            }
            return Ok(None);
        }
        while bytes.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
            bytes.pop();
        }
        let valid = std::str::from_utf8(&bytes).is_ok();
        let line = String::from_utf8_lossy(&bytes).into_owned();
        if self.echo {
            writeln!(out, "{}", clean_display(&line))?;
        }
        Ok(Some((line, valid)))
    }
}

impl<R: BufRead> Answers for LineAnswers<R> {
    fn key(&mut self, out: &mut dyn Write) -> io::Result<Option<Reply>> {
        let Some((line, valid)) = self.raw_line(out)? else {
            return Ok(None);
        };
        let mut chars = line.trim().chars();
        Ok(Some(match (chars.next(), chars.next()) {
            (Some(c), None) if valid => Reply::Key(c.to_ascii_lowercase()),
            _ => Reply::Other,
        }))
    }

    fn line(&mut self, out: &mut dyn Write) -> io::Result<Option<String>> {
        Ok(self.raw_line(out)?.map(|(line, _)| line))
    }
}

/// Answers from a terminal: one keystroke each, no Enter (Enter alone is ignored, so a
/// reviewer used to typing it loses nothing); Ctrl-D ends the answers (as `q`); Ctrl-C stops
/// the program and writes nothing.
pub struct KeyAnswers {
    term: console::Term,
}

impl KeyAnswers {
    /// Keystrokes from the terminal, if standard input and `term`'s stream are one.
    pub fn open() -> Option<KeyAnswers> {
        if !io::stdin().is_terminal() {
            return None;
        }
        [console::Term::stdout(), console::Term::stderr()]
            .into_iter()
            .find(console::Term::is_term)
            .map(|term| KeyAnswers { term })
    }
}

impl Answers for KeyAnswers {
    fn key(&mut self, out: &mut dyn Write) -> io::Result<Option<Reply>> {
        loop {
            let reply = match self.term.read_key()? {
                console::Key::Char('\u{4}') => {
                    writeln!(out)?;
                    return Ok(None);
                }
                console::Key::Char(c) if !c.is_control() => {
                    writeln!(out, "{c}")?;
                    if c.is_ascii() {
                        Reply::Key(c.to_ascii_lowercase())
                    } else {
                        Reply::Other
                    }
                }
                // Bytes that are no character (invalid UTF-8 typed or pasted): not an answer.
                console::Key::Unknown => Reply::Other,
                _ => continue,
            };
            return Ok(Some(reply));
        }
    }

    fn line(&mut self, out: &mut dyn Write) -> io::Result<Option<String>> {
        out.flush()?;
        self.term.read_line().map(Some)
    }
}

/// One question-and-answer session over any number of documents.
pub struct Session<'a, W> {
    answers: Box<dyn Answers + 'a>,
    out: W,
    /// Colour the changes (a terminal) or mark them `[-…-]{+…+}` (anything else).
    color: bool,
    /// Ask about reflow edits one by one.
    all: bool,
    /// Show the scores behind a correction beside its plain reason.
    pub verbose: bool,
    /// Words rejected so far in this session: their corrections are not asked again.
    protected: Options,
    pub tally: Tally,
}

/// One question: a change, or all of a file's line joins at once.
struct Item {
    /// One edit, or the line joins of a group.
    edits: Vec<Edit>,
    /// Below the confidence threshold: `clean` would not apply it.
    suggested: bool,
    /// All of a file's line joins, asked about at once.
    group: bool,
}

impl Item {
    fn edit(&self) -> &Edit {
        &self.edits[0]
    }

    fn group(&self) -> bool {
        self.group
    }
}

enum Answer {
    Accept,
    Reject,
    Typed(String),
    AcceptKind,
    RejectRest,
    SkipFile,
    Quit,
    Undo,
}

/// The state of one document's review, kept after each answer so `u` can go back.
#[derive(Clone)]
struct Snapshot {
    at: usize,
    done: Reviewed,
    decided: Vec<bool>,
    protected: HashSet<String>,
    tally: Tally,
}

impl<'a, W: Write> Session<'a, W> {
    pub fn new(answers: impl Answers + 'a, out: W, color: bool, all: bool) -> Session<'a, W> {
        Session {
            answers: Box::new(answers),
            out,
            color,
            all,
            verbose: false,
            protected: Options::default(),
            tally: Tally::default(),
        }
    }

    /// Asks about every change proposed for one document (applied edits and suggestions, in
    /// text order; its line joins first, as one group, unless `--all`) and returns the
    /// accepted ones.
    pub fn review_document(
        &mut self,
        name: &str,
        input: &str,
        cleaned: &Cleaned,
    ) -> io::Result<Reviewed> {
        let mut singles: Vec<Item> = cleaned
            .edits
            .iter()
            .map(|e| (e, false))
            .chain(cleaned.suggestions.iter().map(|e| (e, true)))
            .filter(|(e, _)| self.all || e.kind != EditKind::Reflow)
            .map(|(e, suggested)| Item { edits: vec![e.clone()], suggested, group: false })
            .collect();
        singles.sort_by_key(|i| (i.edit().span.start, i.edit().span.end, i.suggested));
        let mut items = Vec::with_capacity(singles.len() + 1);
        if !self.all {
            let joins: Vec<Edit> =
                cleaned.edits.iter().filter(|e| e.kind == EditKind::Reflow).cloned().collect();
            if !joins.is_empty() {
                items.push(Item { edits: joins, suggested: false, group: true });
            }
        }
        items.extend(singles);
        if items.is_empty() {
            writeln!(self.out, "{name}: nothing to review")?;
        }
        let total = items.len();
        let mut done = Reviewed::default();
        let mut decided = vec![false; total];
        let mut history: Vec<Snapshot> = Vec::new();
        let mut at = 0;
        while at < total {
            if decided[at] {
                at += 1;
                continue;
            }
            let item = &items[at];
            let e = item.edit();
            if !item.group() && self.protected.touches_protected(e) {
                writeln!(self.out, "{name}: {:?} -> {:?} left out: you rejected this word earlier", e.before, e.after)?;
                self.tally.rejected += 1;
                decided[at] = true;
                continue;
            }
            if let Some(blocker) = blocker(&done.accepted, item) {
                let (l, c) = report::line_col(input, blocker.span.start);
                writeln!(
                    self.out,
                    "{name}: {:?} -> {:?} left out: it overlaps the change you accepted at {l}:{c}",
                    e.before, e.after
                )?;
                self.tally.left += 1;
                decided[at] = true;
                continue;
            }
            self.show(name, input, item, &done.accepted, at + 1, total)?;
            let answer = self.ask(item)?;
            if let Answer::Undo = answer {
                match history.pop() {
                    Some(s) => {
                        writeln!(self.out, "(undone: back to question {})", s.at + 1)?;
                        at = s.at;
                        done = s.done;
                        decided = s.decided;
                        self.protected.protected = s.protected;
                        self.tally = s.tally;
                    }
                    None => writeln!(self.out, "(nothing to undo in this file)")?,
                }
                continue;
            }
            history.push(Snapshot {
                at,
                done: done.clone(),
                decided: decided.clone(),
                protected: self.protected.protected.clone(),
                tally: self.tally,
            });
            decided[at] = true;
            let undecided = |decided: &[bool]| decided.iter().filter(|d| !**d).count();
            match answer {
                Answer::Accept if item.group() => {
                    done.accepted.extend(item.edits.iter().cloned());
                    self.tally.grouped += item.edits.len();
                }
                Answer::Accept => self.accept(&mut done.accepted, e.clone(), name, input)?,
                Answer::AcceptKind => {
                    self.accept(&mut done.accepted, e.clone(), name, input)?;
                    let mut more = 0;
                    for m in at + 1..total {
                        let other = &items[m];
                        let o = other.edit();
                        if decided[m] || other.suggested || other.group() || o.kind != e.kind {
                            continue;
                        }
                        if self.protected.touches_protected(o) || blocker(&done.accepted, other).is_some() {
                            continue;
                        }
                        self.accept_quietly(&mut done.accepted, o.clone());
                        decided[m] = true;
                        more += 1;
                    }
                    if more > 0 {
                        writeln!(self.out, "(accepted {more} more {} change{} in this file)", e.kind, report::plural(more))?;
                    }
                }
                Answer::Reject if item.group() => self.tally.rejected += item.edits.len(),
                Answer::Reject => {
                    self.tally.rejected += 1;
                    if let Some(word) = rememberable(e) {
                        self.protected.protected.insert(word.to_lowercase());
                        done.rejected_words.push(word);
                    }
                }
                Answer::Typed(after) => {
                    let typed = Edit {
                        after,
                        confidence: 1.0,
                        reason: "typed by the reviewer".to_string(),
                        rule: "review.typed".to_string(),
                        alternatives: Vec::new(),
                        ..e.clone()
                    };
                    self.tally.typed += 1;
                    self.accept(&mut done.accepted, typed, name, input)?;
                }
                Answer::RejectRest => {
                    self.tally.rejected += 1 + undecided(&decided);
                    break;
                }
                Answer::SkipFile => {
                    self.tally.left += 1 + undecided(&decided);
                    break;
                }
                Answer::Quit => {
                    self.tally.left += 1 + undecided(&decided);
                    done.quit = true;
                    break;
                }
                Answer::Undo => unreachable!("handled above"),
            }
            at += 1;
        }
        edit::sort(&mut done.accepted);
        Ok(done)
    }

    /// Adds `e` to the accepted edits, replacing accepted edits it covers (a suggestion
    /// lifted over earlier edits already includes their result).
    fn accept(&mut self, accepted: &mut Vec<Edit>, e: Edit, name: &str, input: &str) -> io::Result<()> {
        let replaced = self.accept_quietly(accepted, e.clone());
        if replaced > 0 {
            let (l, c) = report::line_col(input, e.span.start);
            writeln!(
                self.out,
                "{name}:{l}:{c}: this replaces {replaced} change{} accepted before",
                report::plural(replaced)
            )?;
        }
        Ok(())
    }

    /// [`Session::accept`] without the message; returns how many accepted edits it replaced.
    fn accept_quietly(&mut self, accepted: &mut Vec<Edit>, e: Edit) -> usize {
        let before = accepted.len();
        accepted.retain(|a| !(overlaps(a, &e) && contains(&e, a)));
        let replaced = before - accepted.len();
        accepted.push(e);
        self.tally.accepted += 1;
        replaced
    }

    /// Reads answers until one is a decision.
    fn ask(&mut self, item: &Item) -> io::Result<Answer> {
        let e = item.edit();
        loop {
            if item.group() {
                write!(self.out, "Accept {} line join{} [{GROUP_KEYS}]? ", if item.edits.len() == 1 { "this".to_string() } else { format!("these {}", item.edits.len()) }, report::plural(item.edits.len()))?;
            } else {
                write!(self.out, "Accept this {} [{KEYS}]? ", e.kind)?;
            }
            self.out.flush()?;
            let Some(reply) = self.answers.key(&mut self.out)? else {
                return Ok(Answer::Quit);
            };
            let key = match reply {
                Reply::Key(k) => k,
                Reply::Other => '?',
            };
            match key {
                'y' => return Ok(Answer::Accept),
                'n' => return Ok(Answer::Reject),
                'd' => return Ok(Answer::RejectRest),
                's' => return Ok(Answer::SkipFile),
                'q' => return Ok(Answer::Quit),
                'u' => return Ok(Answer::Undo),
                'a' if item.group() => return Ok(Answer::Accept),
                'a' => return Ok(Answer::AcceptKind),
                'e' if !item.group() => {
                    write!(self.out, "Replace {:?} with (\\n = line break, empty = back): ", e.before)?;
                    self.out.flush()?;
                    let Some(typed) = self.answers.line(&mut self.out)? else {
                        return Ok(Answer::Quit);
                    };
                    let typed = unescape(&typed);
                    if !typed.is_empty() {
                        return Ok(Answer::Typed(typed));
                    }
                }
                _ => writeln!(self.out, "{KEYS_HELP}")?,
            }
        }
    }

    /// Shows where a change is, the line with the change (and the changes accepted around
    /// it) marked, and why.
    fn show(&mut self, name: &str, input: &str, item: &Item, accepted: &[Edit], n: usize, total: usize) -> io::Result<()> {
        let e = item.edit();
        let (l, c) = report::line_col(input, e.span.start);
        let label = if item.suggested { " suggestion" } else { "" };
        let (bold, reset) = if self.color { ("\x1b[1m", "\x1b[0m") } else { ("", "") };
        let count = if item.group() { format!(" ×{}", item.edits.len()) } else { String::new() };
        let confidence = item.edits.iter().map(|e| e.confidence).fold(f32::INFINITY, f32::min);
        writeln!(self.out)?;
        writeln!(
            self.out,
            "{bold}{name}:{l}:{c}  [{n}/{total}]  {}{count}{label}, confidence {confidence:.2}{reset}",
            e.kind
        )?;
        let mut shown = String::new();
        self.mark(input, e, accepted, &mut shown);
        for line in shown.split('\n') {
            writeln!(self.out, "  | {line}")?;
        }
        if item.group() {
            let more = item.edits.len() - 1;
            writeln!(
                self.out,
                "  {}the lines of each paragraph become running text (--all asks about each join)",
                if more > 0 { format!("and {more} more line join{} like it: ", report::plural(more)) } else { String::new() }
            )?;
            return Ok(());
        }
        writeln!(self.out, "  {} -> {}", brief(&e.before), brief(&e.after))?;
        let plain = plain_reason(input, e);
        let why = clean_display(plain.as_deref().unwrap_or(&e.reason));
        writeln!(self.out, "  why: {}", shorten_line(&why, 2 * SHOWN_CHARS))?;
        if self.verbose && plain.is_some() {
            writeln!(self.out, "  scores: {}", shorten_line(&clean_display(&e.reason), 2 * SHOWN_CHARS))?;
        }
        if !e.alternatives.is_empty() {
            let alts: Vec<String> = e.alternatives.iter().take(3).map(|a| format!("{a:?}")).collect();
            writeln!(self.out, "  or: {}", alts.join(", "))?;
        }
        Ok(())
    }

    /// The line around `e` with the removed text and its replacement marked, and the
    /// changes already accepted on it applied.
    fn mark(&self, input: &str, e: &Edit, accepted: &[Edit], out: &mut String) {
        let line_start = input[..e.span.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = input[e.span.end..].find('\n').map_or(input.len(), |i| e.span.end + i);
        let left_all = with_accepted(input, line_start..e.span.start, accepted);
        let right_all = with_accepted(input, e.span.end..line_end, accepted);
        let left = tail_chars(&left_all, CONTEXT_CHARS);
        let right = head_chars(&right_all, CONTEXT_CHARS);
        let (del, ins) = if self.color {
            (("\x1b[31;9m", "\x1b[0m"), ("\x1b[32;1m", "\x1b[0m"))
        } else {
            (("[-", "-]"), ("{+", "+}"))
        };
        if left.len() < left_all.len() {
            out.push('…');
        }
        out.push_str(&clean_display(left));
        push_marked(out, &visible_blank(&shorten_lines(&e.before)), del);
        push_marked(out, &visible_blank(&shorten_lines(&e.after)), ins);
        out.push_str(&clean_display(right));
        if right.len() < right_all.len() {
            out.push('…');
        }
    }
}

/// The accepted edit that keeps `item` from being asked: one overlapping it that it does not
/// cover (a suggestion lifted over an accepted edit covers it and may replace it).
fn blocker<'e>(accepted: &'e [Edit], item: &Item) -> Option<&'e Edit> {
    item.edits.iter().find_map(|e| accepted.iter().find(|a| overlaps(a, e) && !contains(e, a)))
}

/// `input[range]` with the accepted edits that lie inside it applied.
fn with_accepted(input: &str, range: std::ops::Range<usize>, accepted: &[Edit]) -> String {
    let inside: Vec<Edit> = accepted
        .iter()
        .filter(|a| range.start <= a.span.start && a.span.end <= range.end && !(a.span.is_empty() && (a.span.start == range.start || a.span.start == range.end)))
        .map(|a| Edit { span: a.span.start - range.start..a.span.end - range.start, ..a.clone() })
        .collect();
    let slice = &input[range];
    edit::apply(slice, &inside).unwrap_or_else(|_| slice.to_string())
}

/// A correction's reason in plain words, from its `misreading of "word" (scores)` form:
/// `read as "and": the OCR read "nd" as "mi"; "and" fits between "Cairo" and "opposed"`.
/// Names keep their case as printed. `None` for other reasons (already plain).
fn plain_reason(input: &str, e: &Edit) -> Option<String> {
    if e.kind != EditKind::Correction || !e.reason.starts_with("misreading of ") {
        return None;
    }
    let before: Vec<char> = e.before.chars().collect();
    let after: Vec<char> = e.after.chars().collect();
    let same = |a: &char, b: &char| a.to_lowercase().eq(b.to_lowercase());
    let prefix = before.iter().zip(&after).take_while(|(a, b)| same(a, b)).count();
    let suffix = before[prefix..].iter().rev().zip(after[prefix..].iter().rev()).take_while(|(a, b)| same(a, b)).count();
    let read: String = before[prefix..before.len() - suffix].iter().collect();
    let printed: String = after[prefix..after.len() - suffix].iter().collect();
    let mut why = format!("read as {:?}", e.after);
    match (read.is_empty(), printed.is_empty()) {
        (false, false) => why.push_str(&format!(": the OCR read {printed:?} as {read:?}")),
        (true, false) => why.push_str(&format!(": the OCR lost {printed:?}")),
        (false, true) => why.push_str(&format!(": the OCR added {read:?}")),
        (true, true) => {}
    }
    let word = |s: &str| s.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    let left = input[..e.span.start].split_whitespace().last().map(word).filter(|w| !w.is_empty());
    let right = input[e.span.end..].split_whitespace().next().map(word).filter(|w| !w.is_empty());
    match (left, right) {
        (Some(l), Some(r)) => why.push_str(&format!("; {:?} fits between {l:?} and {r:?}", e.after)),
        (Some(l), None) => why.push_str(&format!("; {:?} fits after {l:?}", e.after)),
        (None, Some(r)) => why.push_str(&format!("; {:?} fits before {r:?}", e.after)),
        (None, None) => {}
    }
    Some(why)
}

/// Appends `text` between `open` and `close`, closing and reopening around each line break
/// (shown as `↵`) so every displayed line carries its own marking.
fn push_marked(out: &mut String, text: &str, (open, close): (&str, &str)) {
    if text.is_empty() {
        return;
    }
    let mut pieces = text.split('\n').peekable();
    let mut first = true;
    while let Some(piece) = pieces.next() {
        if !first {
            out.push('\n');
        }
        first = false;
        let mut shown = clean_display(piece);
        if pieces.peek().is_some() {
            shown.push('↵');
        }
        if !shown.is_empty() {
            out.push_str(open);
            out.push_str(&shown);
            out.push_str(close);
        }
    }
}

/// Spaces of a whitespace-only change shown as `␣` (a coloured space is invisible).
fn visible_blank(text: &str) -> String {
    if text.chars().all(char::is_whitespace) {
        text.replace(' ', "␣")
    } else {
        text.to_string()
    }
}

/// A long passage cut to its first and last lines, each long line to its ends (a column
/// repair can move a whole page: the reviewer sees where it starts and ends).
fn shorten_lines(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let cut = |ls: &[&str]| -> String {
        ls.iter()
            .map(|l| shorten_line(l, SHOWN_CHARS))
            .collect::<Vec<_>>()
            .join("\n")
    };
    if lines.len() <= 2 * SHOWN_LINES + 1 {
        return cut(&lines);
    }
    let hidden = lines.len() - 2 * SHOWN_LINES;
    let mut out = cut(&lines[..SHOWN_LINES]);
    out.push_str(&format!("\n… {hidden} more lines …\n"));
    out.push_str(&cut(&lines[lines.len() - SHOWN_LINES..]));
    out
}

/// `line` with its middle left out if it is longer than `keep` characters at each end.
fn shorten_line(line: &str, keep: usize) -> String {
    let n = line.chars().count();
    if n <= 2 * keep + 20 {
        return line.to_string();
    }
    format!(
        "{} … {} more characters … {}",
        head_chars(line, keep),
        n - 2 * keep,
        tail_chars(line, keep)
    )
}

/// The before or after of a change for its summary line: quoted, escaped, and cut in the
/// middle when long.
fn brief(text: &str) -> String {
    let quoted = format!("{text:?}");
    let n = quoted.chars().count();
    if n <= 2 * SHOWN_CHARS {
        return quoted;
    }
    format!(
        "{}…{} ({} characters)",
        head_chars(&quoted, SHOWN_CHARS / 2),
        tail_chars(&quoted, SHOWN_CHARS / 2),
        text.chars().count()
    )
}

/// Text safe to print on a terminal: control characters (escape sequences in a scan would
/// reach the terminal otherwise) and bidirectional overrides become `�`.
fn clean_display(text: &str) -> String {
    text.chars()
        .map(|c| {
            let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            if (c.is_control() && c != '\t') || bidi {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

fn tail_chars(s: &str, n: usize) -> &str {
    match s.char_indices().rev().nth(n.saturating_sub(1)) {
        Some((i, _)) if n > 0 => &s[i..],
        _ => s,
    }
}

fn head_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// `\n` in a typed replacement is a line break, `\\` a backslash.
fn unescape(typed: &str) -> String {
    let mut out = String::with_capacity(typed.len());
    let mut chars = typed.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Whether two edits touch the same bytes (two insertions at one point do not).
fn overlaps(a: &Edit, b: &Edit) -> bool {
    a.span.start < b.span.end && b.span.start < a.span.end
}

/// Whether `outer`'s span covers `inner`'s.
fn contains(outer: &Edit, inner: &Edit) -> bool {
    outer.span.start <= inner.span.start && inner.span.end <= outer.span.end
}

/// The word to protect when `e` is rejected: the one word a correction or split would have
/// changed. Edits spanning several words (a correction merged with a rejoined line break)
/// are not remembered: protecting a fragment could block good repairs elsewhere.
fn rememberable(e: &Edit) -> Option<String> {
    if !matches!(e.kind, EditKind::Correction | EditKind::Split)
        || e.before.chars().any(char::is_whitespace)
    {
        return None;
    }
    let token = scanno::tokens::tokens(&e.before).next()?;
    let (core, _) = token.core();
    core.chars()
        .any(char::is_alphabetic)
        .then(|| core.to_string())
}

/// Where rejected words go: the `.scanno-words` that `clean` would load for `input`, or a
/// new one beside the project's `scanno.toml`, or in the folder reviewed (a file's folder).
pub fn words_file_for(input: &Path) -> PathBuf {
    let dir = if input.is_dir() {
        input.to_path_buf()
    } else {
        input.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let dir = if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir
    };
    let dir = fs::canonicalize(&dir).unwrap_or(dir);
    if let Some(found) = config::find_upward(&dir, config::WORDS_FILE) {
        return found;
    }
    match config::find_upward(&dir, config::CONFIG_FILE)
        .and_then(|t| t.parent().map(Path::to_path_buf))
    {
        Some(project) => project.join(config::WORDS_FILE),
        None => dir.join(config::WORDS_FILE),
    }
}

/// Adds the words not already listed (case-insensitively) to the word list at `path`,
/// creating it if needed. Returns how many were added.
pub fn remember_words(path: &Path, words: &[String]) -> Result<usize, Error> {
    let existing = if path.exists() {
        fs::read_to_string(path).map_err(|e| Error::from(e).at(path))?
    } else {
        String::new()
    };
    let mut known: HashSet<String> = if path.exists() {
        config::read_word_list(path)?
            .into_iter()
            .map(|w| w.to_lowercase())
            .collect()
    } else {
        HashSet::new()
    };
    let mut text = existing.clone();
    if text.is_empty() {
        text.push_str("# Words scanno must not change, one per line. `scanno review` adds the corrections you reject.\n");
    } else if !text.ends_with('\n') {
        text.push('\n');
    }
    let mut added = 0;
    for w in words {
        if known.insert(w.to_lowercase()) {
            text.push_str(w);
            text.push('\n');
            added += 1;
        }
    }
    if added > 0 {
        files::write_atomic(path, text.as_bytes())?;
    }
    Ok(added)
}

/// A document read and reviewed, waiting to be written.
struct Done<'j> {
    job: &'j Job,
    input: String,
    accepted: Vec<Edit>,
}

/// Runs `scanno review`. Returns the exit code.
pub fn run(args: &ReviewArgs) -> Result<i32, Error> {
    let common = &args.common;
    if common.paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(Error::bad_data(
            "review reads your answers on standard input: give files or folders, not `-`",
        ));
    }
    if let Some(out) = &args.out {
        files::check_out_folder(&common.paths, out, "choose another folder")?;
    }
    let jobs = files::collect(&common.paths, &common.glob, args.out.as_deref())?;
    if jobs.is_empty() {
        return Err(Error::bad_data(format!(
            "no files matching {:?} in the given paths",
            common.glob
        )));
    }
    let cleaner = clean::build_cleaner(common, &crate::config::load(&common.paths[0])?)?;
    let max_bytes = common.max_file_size.saturating_mul(1_000_000);
    let batch = (jobs.len() > 1).then(|| clean::batch_vocab(&jobs, max_bytes));
    let words_file = words_file_for(&common.paths[0]);

    let stdin = io::stdin();
    let stdout = io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let keys = KeyAnswers::open();
    let single_keys = keys.is_some();
    let mut session = match keys {
        Some(keys) => Session::new(keys, stdout.lock(), color, args.all),
        None => Session::new(LineAnswers::new(stdin.lock(), !stdin.is_terminal()), stdout.lock(), color, args.all),
    };
    session.verbose = args.verbose;
    let mut failed = 0usize;
    let mut done: Vec<Done<'_>> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    writeln!(
        session.out,
        "Reviewing {} file{}; nothing is written until the end. Keys: y n e a d s q u ? ({})",
        jobs.len(),
        report::plural(jobs.len()),
        if single_keys { "one keystroke each" } else { "one per line" }
    )?;
    for job in &jobs {
        let decoded = match files::read(job, max_bytes) {
            Ok(d) => d,
            Err(e) if job.from_walk => {
                if !common.quiet {
                    eprintln!("scanno: warning: {e}");
                }
                continue;
            }
            Err(e) => {
                failed += 1;
                eprintln!("scanno: error: {e}");
                continue;
            }
        };
        let cleaned = cleaner.clean_in_batch(&decoded.text, batch.as_ref());
        let reviewed = session.review_document(&job.display(), &decoded.text, &cleaned)?;
        words.extend(reviewed.rejected_words);
        let quit = reviewed.quit;
        done.push(Done {
            job,
            input: decoded.text,
            accepted: reviewed.accepted,
        });
        if quit {
            break;
        }
    }
    let tally = session.tally;
    drop(session);

    let mut written = 0usize;
    for d in &done {
        match write_reviewed(d, args.out.as_deref(), max_bytes) {
            Ok(true) => written += 1,
            Ok(false) => {}
            Err(e) => {
                failed += 1;
                eprintln!("scanno: error: {e}");
            }
        }
    }
    let remembered = remember_words(&words_file, &words)?;
    if !common.quiet {
        let unseen = jobs.len() - done.len() - failed.min(jobs.len() - done.len());
        eprintln!(
            "scanno: review: {} accepted ({} typed), {} rejected, {} not decided, {} line join(s) accepted as a group; {written} file{} written{}{}",
            tally.accepted,
            tally.typed,
            tally.rejected,
            tally.left,
            tally.grouped,
            report::plural(written),
            if unseen > 0 { format!(", {unseen} not reviewed") } else { String::new() },
            if remembered > 0 { format!("; {remembered} word(s) added to {}", words_file.display()) } else { String::new() },
        );
    }
    Ok(if failed > 0 { 2 } else { 0 })
}

/// Writes one reviewed document. Returns whether a file was written.
fn write_reviewed(d: &Done<'_>, out: Option<&Path>, max_bytes: u64) -> Result<bool, Error> {
    let path = d.job.path.as_deref().unwrap_or(Path::new("-"));
    let text = edit::apply(&d.input, &d.accepted).map_err(|e| Error::from(e).at(path))?;
    if let Some(dir) = out {
        files::write_atomic(&dir.join(&d.job.rel), text.as_bytes())?;
        return Ok(true);
    }
    if text == d.input {
        return Ok(false);
    }
    // The file may have been edited during a long session: never overwrite that.
    let now = files::read(d.job, max_bytes)?;
    if now.text != d.input {
        return Err(Error::bad_data(
            "changed during the review; not written (run the review again)",
        )
        .at(path));
    }
    files::write_atomic(path, text.as_bytes())?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use scanno::layout::{Furniture, Reflow};
    use scanno::pipeline::Context;
    use scanno::{Cleaner, Lexicon, Stage};

    /// A stand-in for the correction stage: fixed misreadings of a 1890s page.
    struct Misreadings;

    impl Stage for Misreadings {
        fn name(&self) -> &'static str {
            "misreadings"
        }

        fn propose(&self, doc: &scanno::doc::Doc<'_>, _cx: &Context<'_>, out: &mut Vec<Edit>) {
            let text = doc.text;
            let fixes = [
                ("tlie", "the", 0.9),
                ("Cleckbeaton", "Cleckheaton", 0.8),
                ("rnill", "mill", 0.4),
            ];
            for t in &doc.tokens {
                let (core, range) = t.core();
                if let Some((_, after, conf)) = fixes.iter().find(|(b, _, _)| *b == core) {
                    let span = range;
                    out.push(
                        Edit::new(
                            text,
                            span,
                            *after,
                            EditKind::Correction,
                            *conf,
                            "test misreading",
                        )
                        .with_alternatives(vec!["thee".into()]),
                    );
                }
            }
        }
    }

    const PAGE: &str =
        "The meeting at tlie Cleckbeaton\nrnill was well attended by tlie men.\n\n- 3 -\n\nThe chairman spoke of tlie\nwages paid.\n";

    fn cleaner(protected: &[&str]) -> Cleaner {
        let options = Options {
            protected: protected.iter().map(|w| w.to_lowercase()).collect(),
            ..Options::default()
        };
        Cleaner::with_stages(
            Lexicon::empty(),
            options,
            vec![Box::new(Furniture), Box::new(Reflow), Box::new(Misreadings)],
        )
    }

    fn session(answers: &str) -> Session<'_, Vec<u8>> {
        Session::new(LineAnswers::new(answers.as_bytes(), true), Vec::new(), false, false)
    }

    fn review(answers: &str, protected: &[&str]) -> (Reviewed, String, String) {
        let cleaned = cleaner(protected).clean(PAGE);
        let mut s = session(answers);
        let r = s.review_document("page.txt", PAGE, &cleaned).unwrap();
        let text = edit::apply(PAGE, &r.accepted).unwrap();
        (r, text, String::from_utf8(s.out).unwrap())
    }

    #[test]
    fn accepted_changes_are_written_and_rejected_ones_are_not() {
        // Order: the line joins (a group), tlie, Cleckbeaton, rnill (a suggestion), tlie,
        // the page number, tlie.
        let (r, text, shown) = review("y\ny\nn\ny\ny\ny\nn\n", &[]);
        assert_eq!(text, "The meeting at the Cleckbeaton mill was well attended by the men.\n\nThe chairman spoke of tlie wages paid.\n");
        assert_eq!(r.rejected_words, ["Cleckbeaton", "tlie"]);
        assert!(!r.quit);
        assert!(shown.contains("Accept these 2 line joins [y,n,a,d,s,q,u,?]?"), "{shown}");
        assert!(shown.contains("at [-tlie-]{+the+} Cleckbeaton"), "{shown}");
        assert!(
            shown.contains("correction suggestion, confidence 0.40"),
            "{shown}"
        );
    }

    #[test]
    fn a_rejected_word_is_not_asked_again_in_the_session_nor_proposed_next_run() {
        let (r, _, shown) = review("y\nn\nn\nn\nn\n", &[]);
        assert_eq!(r.rejected_words, ["tlie", "Cleckbeaton", "rnill"]);
        assert!(shown.contains("left out: you rejected this word earlier"));
        // The next run with the remembered words proposes none of them.
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join(config::WORDS_FILE);
        assert_eq!(remember_words(&list, &r.rejected_words).unwrap(), 3);
        assert_eq!(
            remember_words(&list, &["TLIE".to_string()]).unwrap(),
            0,
            "no duplicates"
        );
        let words = config::read_word_list(&list).unwrap();
        let protected: Vec<&str> = words.iter().map(String::as_str).collect();
        let again = cleaner(&protected).clean(PAGE);
        assert!(again
            .edits
            .iter()
            .chain(&again.suggestions)
            .all(|e| e.kind != EditKind::Correction));
        assert!(
            again.edits.iter().any(|e| e.kind == EditKind::Furniture),
            "other repairs still proposed"
        );
    }

    #[test]
    fn typed_replacement_accept_kind_skip_and_quit() {
        // e: type a replacement for the first tlie; a: accept Cleckbeaton and every remaining
        // correction at once (the suggestion is still asked: rejected), then at the page
        // number skip the rest of the file (the last tlie, accepted by `a`, stays accepted).
        let (r, text, _) = review("y\ne\nthe  \na\nn\ns\n", &[]);
        assert_eq!(
            text,
            "The meeting at the   Cleckheaton rnill was well attended by the men.\n\n- 3 -\n\nThe chairman spoke of the wages paid.\n"
        );
        assert!(!r.quit);
        // Answers running out mean quit: accepted so far are kept.
        let (r, text, shown) = review("y\ny\n", &[]);
        assert!(r.quit);
        assert!(shown.contains("no more answers"));
        assert!(text.starts_with("The meeting at the Cleckbeaton rnill"));
        let (r, _, _) = review("y\n?\nbogus\nq\n", &[]);
        assert!(r.quit && r.accepted.iter().all(|e| e.kind == EditKind::Reflow));
    }

    #[test]
    fn accept_all_of_a_kind_then_skip_or_quit_keeps_them_all() {
        // Join the lines, then `a` at the first tlie: every correction of the file (not the
        // suggestion) is accepted at once, so `s` or `q` right after keeps them all.
        for stop in ["s", "q"] {
            let (r, text, shown) = review(&format!("y\na\n{stop}\n"), &[]);
            assert_eq!(
                text,
                "The meeting at the Cleckheaton rnill was well attended by the men.\n\n- 3 -\n\nThe chairman spoke of the wages paid.\n",
                "{shown}"
            );
            assert_eq!(r.quit, stop == "q");
            assert!(shown.contains("accepted 3 more correction changes"), "{shown}");
        }
    }

    #[test]
    fn no_answers_write_nothing_not_even_the_line_joins() {
        let (r, text, shown) = review("", &[]);
        assert!(r.quit && r.accepted.is_empty(), "{shown}");
        assert_eq!(text, PAGE);
    }

    #[test]
    fn only_the_documented_keys_count_and_bad_bytes_are_not_an_answer() {
        // "accept", "nope" and a line that is not UTF-8 are not answers: help, asked again.
        let cleaned = cleaner(&[]).clean(PAGE);
        let answers: &[u8] = b"accept\nnope\n\xff\xfe\nY\nq\n";
        let mut s = Session::new(LineAnswers::new(answers, true), Vec::new(), false, false);
        let r = s.review_document("page.txt", PAGE, &cleaned).unwrap();
        let shown = String::from_utf8(s.out).unwrap();
        assert_eq!(shown.matches("u - undo the last answer").count(), 3, "{shown}");
        assert!(r.quit);
        assert!(!r.accepted.is_empty() && r.accepted.iter().all(|e| e.kind == EditKind::Reflow));
    }

    #[test]
    fn d_rejects_the_rest_and_u_undoes_the_last_answer() {
        // Joins yes, tlie yes, Cleckbeaton no, undo (back to Cleckbeaton: not remembered),
        // yes, then d: nothing more accepted.
        let (r, text, shown) = review("y\ny\nn\nu\ny\nd\n", &[]);
        assert!(shown.contains("(undone: back to question 3)"), "{shown}");
        assert!(r.rejected_words.is_empty(), "the undone rejection is forgotten");
        assert_eq!(
            text,
            "The meeting at the Cleckheaton rnill was well attended by tlie men.\n\n- 3 -\n\nThe chairman spoke of tlie wages paid.\n"
        );
        // Undo across an `a`: its whole group goes back.
        let (_, text, _) = review("y\na\nu\nn\nq\n", &[]);
        assert!(text.starts_with("The meeting at tlie Cleckbeaton"), "{text}");
    }

    #[test]
    fn the_context_shows_accepted_changes_and_the_reason_in_plain_words() {
        let (_, _, shown) = review("y\ny\nq\n", &[]);
        // Cleckbeaton is asked after tlie was accepted: its line shows "the".
        assert!(shown.contains("at the [-Cleckbeaton-]{+Cleckheaton+}"), "{shown}");
        let input = "The Cairo mi opposed it.";
        let e = Edit::new(input, 10..12, "and", EditKind::Correction, 0.9, "misreading of \"and\" (channel -6.6, context -19.7; kept as is 0%)");
        assert_eq!(
            plain_reason(input, &e).unwrap(),
            "read as \"and\": the OCR read \"and\" as \"mi\"; \"and\" fits between \"Cairo\" and \"opposed\""
        );
        let cleaned = Cleaned { text: String::new(), edits: vec![e], suggestions: vec![] };
        for verbose in [false, true] {
            let mut s = session("y\n");
            s.verbose = verbose;
            s.review_document("t", input, &cleaned).unwrap();
            let shown = String::from_utf8(s.out).unwrap();
            assert!(shown.contains("why: read as \"and\""), "{shown}");
            assert_eq!(shown.contains("channel -6.6"), verbose, "{shown}");
        }
    }

    #[test]
    fn reflow_is_asked_one_by_one_with_all() {
        let cleaned = cleaner(&[]).clean(PAGE);
        let answers = "n\n".repeat(20);
        let mut s = Session::new(LineAnswers::new(answers.as_bytes(), true), Vec::new(), false, true);
        let r = s.review_document("page.txt", PAGE, &cleaned).unwrap();
        assert!(r.accepted.is_empty());
        assert_eq!(edit::apply(PAGE, &r.accepted).unwrap(), PAGE);
        assert!(String::from_utf8(s.out)
            .unwrap()
            .contains("Accept this reflow"));
    }

    #[test]
    fn a_suggestion_covering_an_accepted_edit_replaces_it_and_partial_overlaps_are_left_out() {
        let input = "ab cd ef";
        let edit = Edit::new(input, 0..2, "AB", EditKind::Dehyphen, 0.9, "x");
        let wider = Edit::new(input, 0..5, "AB-CD", EditKind::Correction, 0.3, "y");
        let partial = Edit::new(input, 3..8, "CDEF", EditKind::Join, 0.3, "z");
        let cleaned = Cleaned {
            text: String::new(),
            edits: vec![edit],
            suggestions: vec![partial, wider],
        };
        let mut s = session("y\ny\ny\n");
        let r = s.review_document("t", input, &cleaned).unwrap();
        assert_eq!(edit::apply(input, &r.accepted).unwrap(), "AB-CD ef");
        let shown = String::from_utf8(s.out).unwrap();
        assert!(shown.contains("replaces 1 change"));
        assert!(shown.contains("left out: it overlaps"));
    }

    #[test]
    fn display_is_safe_and_short() {
        assert_eq!(
            clean_display("a\x1b[2Jb\u{202e}c"),
            "a\u{fffd}[2Jb\u{fffd}c"
        );
        assert_eq!(unescape(r"a\nb\\n\q"), "a\nb\\n\\q");
        assert_eq!(tail_chars("é—abc", 2), "bc");
        assert_eq!(head_chars("é—abc", 2), "é—");
        let long: String = (0..20).map(|i| format!("line {i}\n")).collect();
        let short = shorten_lines(&long);
        assert!(short.contains("more lines") && short.lines().count() < 10);
        let wide = "word ".repeat(200);
        let short = shorten_lines(&wide);
        assert!(short.contains("more characters") && short.chars().count() < 250);
        assert_eq!(brief("tlie"), "\"tlie\"");
        let b = brief(&format!("{wide}\n"));
        assert!(
            b.starts_with("\"word ") && b.ends_with("word \\n\" (1001 characters)"),
            "{b}"
        );
        assert!(b.chars().count() < 120, "{b}");
        let multi = Edit::new(
            "con-\ntaincd",
            0..11,
            "contained",
            EditKind::Correction,
            0.9,
            "x",
        );
        assert_eq!(rememberable(&multi), None);
        let one = Edit::new("“Tlie,", 0..8, "“The,", EditKind::Correction, 0.9, "x");
        assert_eq!(rememberable(&one).as_deref(), Some("Tlie"));
    }
}
