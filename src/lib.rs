//! # scanno
//!
//! Repairs raw OCR text of historical printed matter. Every change is an [`Edit`] with
//! provenance (byte span in the input, before, after, kind, confidence, reason); the
//! cleaned text is the input with the accepted edits applied.
//!
//! ```
//! use scanno::{Cleaner, Lexicon, Options};
//! let cleaner = Cleaner::new(Lexicon::embedded(), Options::default());
//! let out = cleaner.clean("The Conference\npaid great attention\n\n- 2 -\n\nto the question.\n");
//! assert_eq!(out.text, "The Conference paid great attention to the question.\n");
//! for e in &out.edits {
//!     println!("{}..{} {:?} -> {:?} ({}, {:.2}): {}", e.span.start, e.span.end, e.before, e.after, e.kind, e.confidence, e.reason);
//! }
//! ```

// Layers, each importing only from those above it in this list:
// the text model; the models; shared analyses; the stage interface; the stages (which never
// import each other: tests/layers.rs checks); the pipeline and what drives it.
pub mod edit;
pub mod error;
pub mod hash;
mod bytes;
pub mod input;
pub mod tokens;
pub mod doc;

pub mod channel;
pub mod lexicon;
pub mod lm;
pub mod names;

pub mod words;

pub mod stage;

pub mod stages;

pub mod adapt;
pub mod pipeline;

#[cfg(test)]
mod test_support;

pub use stages::correct::misread;
pub use stages::correct::misskeys;
pub use stages::{columns, correct, dehyphen, join, layout, marks, segment};
pub use edit::{Edit, EditKind};
pub use error::{Error, ErrorKind, Result};
pub use lexicon::Lexicon;
pub use pipeline::{Cleaned, Cleaner, Options, Stage};

/// The README's Rust examples, compiled and run by `cargo test`.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeExamples;
