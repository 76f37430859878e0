//! The C ABI (issue 3).
