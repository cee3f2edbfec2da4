//! Measurements shared by the bench binaries.

#![allow(dead_code)]

pub mod decode;
pub mod table;
