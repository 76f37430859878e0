//! Every response decoder and the error-body parser, on arbitrary bytes: none may panic, a decoded
//! value must keep its exact text and re-encode to the same JSON, and an error body must be read
//! entry for entry (the entry point asserts each).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    certcentral::fuzzing::decode_response(data);
});
