//! Phase 3, the IR: the checked API as Rust sees it, which is all code generation reads.
//!
//! Everything here is already checked (names are valid Rust identifiers, type
//! references resolve, path templates match their parameters), so `generate` never
//! has to report an error and never sees JSON. Rust names are decided once, while
//! checking (see [`symbols`]), and stored next to the spec's names.

mod endpoints;
pub mod symbols;
mod types;

pub use endpoints::{
    Auth, Default, Endpoint, HttpMethod, Module, Paging, Param, ParamLocation, Segment,
    SessionEffect, segments,
};
pub use types::{Field, TypeDef, TypeKind, TypeRef, Variant};

/// The whole spec.
#[derive(Debug, Default)]
pub struct Api {
    pub types: Vec<TypeDef>,
    pub modules: Vec<Module>,
}
