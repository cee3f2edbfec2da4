//! Shared by the transport tests: servers on loopback, hostile and well-behaved.

#![allow(dead_code)] // each test binary uses a different subset

pub mod hostile;
pub mod loopback;
