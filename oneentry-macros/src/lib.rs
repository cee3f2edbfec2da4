//! Generates a typed OneEntry client from a JSON spec at compile time.
//!
//! Use it through `oneentry_client::api!`; the spec format is documented in
//! `spec/README.md` of the oneentry-rs repository. This crate only finds the spec
//! and hands it to `oneentry-codegen`, which does all the work (and also serves
//! build scripts and the command line, with the same output).

mod input;

use std::path::{Path, PathBuf};

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
    // Rust allows inherent methods on `Client` only in its own crate; elsewhere the
    // orphan rule would answer with an error that does not say what to write.
    let misplaced_inherent = input.inherent.take().filter(|_| !inside_client_crate());
    if misplaced_inherent.is_some() {
        input.accessors = oneentry_codegen::Accessors::default();
    }
    let inherent_error = misplaced_inherent.map(|word| {
        let message = format!(
            "`client = inherent` adds methods to `oneentry_client::Client`, which only the oneentry-client crate itself may do; write `client = trait {}` (or another name) and `use` that trait where you call `client.<module>()`",
            oneentry_codegen::DEFAULT_TRAIT
        );
        quote_spanned!(word.span()=> ::core::compile_error!(#message);)
    });
    let relative = input.spec.value();
    let span = input.spec.span();
    let candidates = spec_candidates(&relative);
    let found = candidates
        .iter()
        .find_map(|path| std::fs::read_to_string(path).ok().map(|text| (path, text)));
    let Some((absolute, text)) = found else {
        let looked = candidates
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" and ");
        let message = format!("cannot read the spec `{relative}` (looked for {looked})");
        return quote_spanned!(span=> ::core::compile_error!(#message);).into();
    };
    // `include_bytes!` resolves relative paths against the calling file, so the
    // path that makes cargo track the spec must be absolute.
    let absolute = std::fs::canonicalize(absolute).unwrap_or_else(|_| absolute.clone());
    let absolute = absolute.to_string_lossy();
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

/// Whether the macro expands inside `oneentry-client` (its `pub mod api`), the one
/// crate where `client = inherent` can work.
fn inside_client_crate() -> bool {
    std::env::var("CARGO_CRATE_NAME").is_ok_and(|name| name == "oneentry_client")
}

/// Where a spec path may point: first relative to the crate, then to the calling file.
fn spec_candidates(relative: &str) -> Vec<PathBuf> {
    let mut candidates = Vec::new();
    if let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
        candidates.push(Path::new(&dir).join(relative));
    }
    if let Some(dir) = proc_macro::Span::call_site()
        .local_file()
        .and_then(|file| file.parent().map(Path::to_path_buf))
    {
        candidates.push(dir.join(relative));
    }
    candidates
}
