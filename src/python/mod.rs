//! The pyo3 module (issue 4).
