//! Shared by the transport tests: a hostile HTTP server on loopback.

#![allow(dead_code)] // each test binary uses a different subset

pub mod hostile;
