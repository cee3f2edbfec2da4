//! How a spec name is spelled in Rust, and which names the generated code keeps for itself.
//!
//! The check phase derives every Rust name through these functions and stores it in
//! the IR, so a name that passed the checks is exactly the name that is generated.

use crate::naming;

/// The field of every struct that keeps the keys the spec does not name.
pub const EXTRA_FIELD: &str = "extra";

/// The variant of every string enum that keeps the values the spec does not list.
pub const OTHER_VARIANT: &str = "Other";

/// Methods of every request builder; a parameter setter cannot take these names.
pub const BUILDER_METHODS: &[&str] = &["send", "into_future", "new"];

/// `totalSum` → the struct field `total_sum`.
pub fn field(wire: &str) -> String {
    naming::snake_case(wire)
}

/// `KEEP_GIFT` → the enum variant `KeepGift`.
pub fn variant(wire: &str) -> String {
    naming::pascal_case(wire)
}

/// `AuthProvider` → the accessor `client.auth_provider()` and the builders' module `auth_provider`.
pub fn module_accessor(module: &str) -> String {
    naming::snake_case(module)
}

/// `createOrder` → the method `create_order`.
pub fn method(endpoint: &str) -> String {
    naming::snake_case(endpoint)
}

/// `createOrder` → the request builder `CreateOrder`.
pub fn builder(endpoint: &str) -> String {
    naming::pascal_case(endpoint)
}

/// `createOrder` → the `static CREATE_ORDER: Endpoint` that describes it on the wire.
pub fn endpoint_static(endpoint: &str) -> String {
    naming::snake_case(endpoint).to_uppercase()
}

/// `langCode` → the argument and setter `lang_code`.
pub fn param(wire: &str) -> String {
    naming::snake_case(wire)
}
