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
    ArrayStyle, Auth, Default, Endpoint, Ends, Grant, HttpMethod, Module, Paging, Param,
    ParamLocation, Refresh, Segment, SessionEffect, segments,
};
pub use types::{Field, IntVariant, TypeDef, TypeKind, TypeRef, Union, UnionVariant, Variant};

/// The whole spec.
#[derive(Debug, Default)]
pub struct Api {
    pub types: Vec<TypeDef>,
    pub modules: Vec<Module>,
}

impl Api {
    /// The refresh endpoint and its module, if the spec declares one (the checks allow one).
    pub fn refresh_endpoint(&self) -> Option<(&Module, &Endpoint, &Refresh)> {
        self.modules.iter().find_map(|module| {
            module
                .endpoints
                .iter()
                .find_map(|endpoint| match &endpoint.session {
                    SessionEffect::Refreshes(refresh) => Some((module, endpoint, refresh)),
                    _ => None,
                })
        })
    }
}
