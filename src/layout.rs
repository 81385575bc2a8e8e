//! Layout: page furniture and running text.
use crate::edit::Edit;
use crate::pipeline::{Context, Stage};

/// Drops page furniture.
pub struct Furniture;
impl Stage for Furniture {
    fn name(&self) -> &'static str { "furniture" }
    fn propose(&self, _text: &str, _cx: &Context<'_>, _out: &mut Vec<Edit>) {}
}

/// Joins the lines of a paragraph into running text.
pub struct Reflow;
impl Stage for Reflow {
    fn name(&self) -> &'static str { "reflow" }
    fn propose(&self, _text: &str, _cx: &Context<'_>, _out: &mut Vec<Edit>) {}
}
