//! Reading the server's JSON: lenient field decoders (what the README's Decoding table
//! promises), the one body every object's `raw` points into, and list pages (an empty list
//! without its array included).

pub(crate) mod lenient;
mod page;
pub(crate) mod raw;

pub use page::{Listed, Page, PageInfo};
pub(crate) use raw::RawBody;
pub use raw::{decode, DecodeFailure, RawJson, Record, Response};
