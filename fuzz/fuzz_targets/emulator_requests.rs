//! The emulator's request parsing and routing, on arbitrary requests: no input may panic it, and
//! every status must be one the route allows (the entry point asserts it).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    certcentral::fuzzing::emulator_request(data);
});
