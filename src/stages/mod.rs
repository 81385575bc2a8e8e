//! The stages of the pipeline, one file each, in the order they run (see
//! [`crate::pipeline::default_stages`] and `docs/design.md`). A stage reads the text it is
//! given and the models, and proposes edits; it never imports another stage: a judgement two
//! stages share lives a layer lower ([`crate::words`], [`crate::lm`]).

pub mod layout;
pub mod dehyphen;
pub mod join;
pub mod segment;
pub mod columns;
pub mod marks;
pub mod correct;
