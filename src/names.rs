//! Names of people and places: a lexicon layer of its own, kept apart from the period
//! lexicon so that it is read only where a name can stand (a capitalised word) and never
//! offers a name as the reading of a lowercase word.
//!
//! Built by `tools/build_names.py` from the US Census 1990 surname and given-name lists and
//! GeoNames places (sources, licences and weights in `data/names/README.md`): 147,007 names
//! of four letters or more, with counts on the period lexicon's scale (estimated occurrences
//! per [`crate::lexicon::SCALE`] running words) and no word pairs.
//!
//! ```
//! let names = scanno::names::embedded();
//! assert!(names.contains("Shortland") && names.contains("Parramatta"));
//! assert!(!names.contains("tlie"));
//! ```

use once_cell::sync::Lazy;

use crate::lexicon::Lexicon;

static NAMES: &[u8] = include_bytes!("../data/names/names.lex");

static EMBEDDED: Lazy<Lexicon> = Lazy::new(|| Lexicon::from_static(NAMES).unwrap_or_default());

/// The embedded names-and-places layer (empty if its data were broken: tests check it).
///
/// Cost: the first call reads a 48-byte header; later calls return the same lexicon.
pub fn embedded() -> &'static Lexicon {
    &EMBEDDED
}
