//! Every response decoder and the error-body parser, on arbitrary bytes: none may panic, and a
//! decode error must keep the body it could not decode.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    certcentral::fuzzing::decode_response(data);
});
