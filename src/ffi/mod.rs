//! The C ABI (feature `capi`): opaque handles, `#[repr(C)]` request and result structs, and
//! `extern "C"` functions, in the style of rustls-ffi and minijinja-cabi.
//!
//! No behaviour lives here. Each export checks its pointers (NULL and UTF-8 errors name the
//! argument), translates to the core's types, calls the core, and translates back, all inside a
//! panic boundary: a panic returns `CERTCENTRAL_STATUS_PANIC` and never unwinds into C.
//! `include/certcentral.h` is generated from this module by cbindgen (see `build.rs`).
#![allow(non_camel_case_types)]

mod arena;
mod boundary;
mod client;
mod endpoints;
mod error;
mod iter;
mod reads;
mod requests;
mod results;

pub use client::*;
pub use endpoints::*;
pub use error::*;
pub use iter::*;
pub use reads::*;
pub use requests::*;
pub use results::*;

#[cfg(test)]
mod tests {
    #[test]
    fn the_committed_header_is_current() {
        let fresh = include_str!(concat!(env!("OUT_DIR"), "/certcentral.h"));
        let committed_path = concat!(env!("CARGO_MANIFEST_DIR"), "/include/certcentral.h");
        let committed = std::fs::read_to_string(committed_path).unwrap_or_default();
        assert!(
            fresh == committed,
            "include/certcentral.h is stale: run `make header` and commit the result"
        );
    }
}
