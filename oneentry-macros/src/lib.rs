//! Generates a typed OneEntry client from a JSON spec at compile time.
//!
//! Use it through `oneentry_client::api!`; the spec format is documented in
//! `spec/README.md` of the oneentry-rs repository. This crate only finds the spec
//! and hands it to `oneentry-codegen`, which does all the work (and also serves
//! build scripts and the command line, with the same output).

mod input;
mod locate;

use quote::{quote, quote_spanned};

/// Expands a spec file into models, one client struct per module and one request
/// builder per endpoint.
///
/// ```ignore
/// oneentry_client::api!(spec = "spec/shop.json");
/// // or, naming the extension trait that adds `client.<module>()`:
/// oneentry_client::api!(spec = "spec/shop.json", client = trait ShopApi);
/// ```
///
/// The path is relative to the directory of the invoking crate's `Cargo.toml`. When
/// no file is there, it is looked up next to the source file of the call, as
/// `include_str!` does; that is what tests compiled outside their crate need.
/// Cargo rebuilds the crate when the spec changes. Every problem of the spec is a
/// `compile_error!` naming `file:line:column` and the JSON path, all in one build.
#[proc_macro]
pub fn api(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let mut input = syn::parse_macro_input!(input as input::Input);
    let inherent_error = input.take_misplaced_inherent();
    let relative = input.spec.value();
    let span = input.spec.span();
    let (absolute, text) = match locate::read_spec(&relative) {
        Ok(found) => found,
        Err(message) => return quote_spanned!(span=> ::core::compile_error!(#message);).into(),
    };
    let track = quote! {
        // Makes cargo rebuild this crate whenever the spec changes.
        const _: &[u8] = include_bytes!(#absolute);
    };
    let options = oneentry_codegen::Options::default()
        .file(relative)
        .accessors(input.accessors);
    match oneentry_codegen::generate(&text, &options) {
        Ok(generated) => quote!(#inherent_error #track #generated).into(),
        // The errors, and the items around them so that one mistake is one error.
        Err(failure) => {
            let (diagnostics, fallback) = failure.into_parts();
            let errors = diagnostics.to_compile_errors(span);
            match fallback {
                Some(items) => quote!(#inherent_error #errors #track #items).into(),
                None => quote!(#inherent_error #errors).into(),
            }
        }
    }
}

/// Keeps the item it is put on. `oneentry_client` re-exports it as
/// `__private::mock_only` when built with its `mock` feature, so the mock operations that
/// generated code marks with it are compiled.
#[doc(hidden)]
#[proc_macro_attribute]
pub fn __keep(
    _: proc_macro::TokenStream,
    item: proc_macro::TokenStream,
) -> proc_macro::TokenStream {
    item
}

/// Drops the item it is put on. `oneentry_client` re-exports it as `__private::mock_only`
/// without its `mock` feature: generated code is expanded in the user's crate, where `cfg`
/// cannot ask for the client's features, and an attribute (unlike a wrapping macro) leaves
/// the generated items readable, formatted like the others.
#[doc(hidden)]
#[proc_macro_attribute]
pub fn __strip(_: proc_macro::TokenStream, _: proc_macro::TokenStream) -> proc_macro::TokenStream {
    proc_macro::TokenStream::new()
}
