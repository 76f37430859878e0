//! The C ABI (feature `capi`): opaque handles, `#[repr(C)]` request and result structs, and
//! `extern "C"` functions, in the style of rustls-ffi and minijinja-cabi.
//!
//! No behaviour lives here. Each export checks its pointers (NULL and UTF-8 errors name the
//! argument), translates to the core's types, calls the core, and translates back, all inside a
//! panic boundary: a panic returns `CERTCENTRAL_STATUS_PANIC` and never unwinds into C.
//! `include/certcentral.h` is generated from this module by cbindgen (see `build.rs`).
//!
//! One file per resource holds its request structs and their translation, its result structs
//! with their translation and `*_free` functions, and its exports: `invites`, `subaccounts`,
//! `users` (and service users), `organizations`, `containers` (and access roles) and
//! `keys` (API keys and their roles). Around them: `macros` (`ffi_fn!`, the body of every
//! export), `boundary` (the panic boundary and pointer helpers), `convert` (what the
//! resources share), `arena` (one allocation per result), `client` (the client, its builder,
//! and what is no resource), `iter` (the one iterator) and `error`.
#![allow(non_camel_case_types)]
// The header's preamble ("Pointers") states the one pointer contract of every export, and the
// header is where C programmers read it; a `# Safety` paragraph on each `unsafe extern "C" fn`
// would repeat it in the header once per function.
#![allow(clippy::missing_safety_doc)]

mod macros;

mod arena;
mod boundary;
mod client;
mod containers;
mod convert;
mod error;
mod invites;
mod iter;
mod keys;
mod organizations;
mod subaccounts;
mod users;

pub use client::*;
pub use containers::*;
pub use convert::*;
pub use error::*;
pub use invites::*;
pub use iter::*;
pub use keys::*;
pub use organizations::*;
pub use subaccounts::*;
pub use users::*;

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
