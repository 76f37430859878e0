//! Generates the C header with cbindgen (feature `capi`), and gives the shared library a SONAME.
//!
//! The header goes to `$OUT_DIR/certcentral.h`; a test compares it with the committed
//! `include/certcentral.h`. `CERTCENTRAL_UPDATE_HEADER=1` (what `make header` sets) rewrites the
//! committed copy.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    #[cfg(feature = "capi")]
    capi::generate_header();

    let linux = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux");
    let python = std::env::var_os("CARGO_FEATURE_PYTHON").is_some();
    if linux && !python {
        // C programs link against libcertcentral.so.0; the major version is the ABI version.
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libcertcentral.so.0");
    }
}

#[cfg(feature = "capi")]
mod capi {
    use std::path::PathBuf;

    pub fn generate_header() {
        for input in ["src/ffi", "src/error.rs", "cbindgen.toml"] {
            println!("cargo:rerun-if-changed={input}");
        }
        println!("cargo:rerun-if-env-changed=CERTCENTRAL_UPDATE_HEADER");
        let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
        let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))
            .expect("cbindgen.toml is readable");
        // Only the C face: src/ffi/ (cbindgen follows its `mod` declarations) and the `Status`
        // enum of src/error.rs, which the header names `certcentral_status`. The rest of the
        // crate is never read, so nothing in it can leak into the header.
        let bindings = cbindgen::Builder::new()
            .with_config(config)
            .with_src(crate_dir.join("src/ffi/mod.rs"))
            .with_src(crate_dir.join("src/error.rs"))
            .generate()
            .expect("cbindgen generates the header");
        let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
        bindings.write_to_file(out_dir.join("certcentral.h"));
        if std::env::var_os("CERTCENTRAL_UPDATE_HEADER").is_some_and(|v| v == "1") {
            bindings.write_to_file(crate_dir.join("include/certcentral.h"));
        }
    }
}
