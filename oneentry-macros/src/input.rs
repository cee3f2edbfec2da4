//! The macro's own arguments: `spec = "path"` and, optionally, how modules are reached.
//!
//! ```text
//! api!(spec = "spec/shop.json");                            // trait `ApiExt`
//! api!(spec = "spec/shop.json", client = trait ShopApi);   // trait `ShopApi`
//! api!(spec = "../spec/oneentry.json", client = inherent); // inside oneentry-client only
//! ```

use proc_macro2::{Ident, TokenStream};
use quote::quote_spanned;
use syn::parse::{Parse, ParseStream};
use syn::{LitStr, Token};

use oneentry_codegen::Accessors;

/// The parsed arguments of one `api!` call.
pub struct Input {
    /// The spec path literal; its span is where spec errors point.
    pub spec: LitStr,
    pub accessors: Accessors,
    /// The `inherent` of `client = inherent`, where an error about it points.
    pub inherent: Option<Ident>,
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut spec = None;
        let mut accessors = None;
        let mut inherent = None;
        while !input.is_empty() {
            let key: Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            match key.to_string().as_str() {
                "spec" if spec.is_none() => spec = Some(input.parse::<LitStr>()?),
                "client" if accessors.is_none() => {
                    accessors = Some(if input.peek(Token![trait]) {
                        input.parse::<Token![trait]>()?;
                        Accessors::Trait(input.parse()?)
                    } else {
                        let word: Ident = input.parse()?;
                        if word != "inherent" {
                            return Err(syn::Error::new(
                                word.span(),
                                "expected `inherent` or `trait Name`",
                            ));
                        }
                        inherent = Some(word);
                        Accessors::Inherent
                    });
                }
                "spec" | "client" => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("`{key}` is given twice"),
                    ));
                }
                _ => {
                    return Err(syn::Error::new(
                        key.span(),
                        "unknown argument; expected `spec = \"path/to/spec.json\"` and optionally `client = trait Name`",
                    ));
                }
            }
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        let spec = spec.ok_or_else(|| {
            input.error(
                "missing `spec = \"path/to/spec.json\"` (relative to the crate's Cargo.toml)",
            )
        })?;
        let accessors = accessors.unwrap_or_default();
        Ok(Input {
            spec,
            accessors,
            inherent,
        })
    }
}

impl Input {
    /// Rust allows inherent methods on `Client` only in its own crate; elsewhere the orphan
    /// rule would answer with an error that does not say what to write. So outside
    /// oneentry-client, `client = inherent` becomes one error at the word `inherent`, and
    /// the API is generated with the default trait so that call sites add no errors.
    pub fn take_misplaced_inherent(&mut self) -> Option<TokenStream> {
        let word = self.inherent.take().filter(|_| !inside_client_crate())?;
        self.accessors = Accessors::default();
        let message = format!(
            "`client = inherent` adds methods to `oneentry_client::Client`, which only the oneentry-client crate itself may do; write `client = trait {}` (or another name) and `use` that trait where you call `client.<module>()`",
            oneentry_codegen::DEFAULT_TRAIT
        );
        Some(quote_spanned!(word.span()=> ::core::compile_error!(#message);))
    }
}

/// Whether the macro expands inside `oneentry-client` (its `pub mod api`), the one crate
/// where `client = inherent` can work.
fn inside_client_crate() -> bool {
    std::env::var("CARGO_CRATE_NAME").is_ok_and(|name| name == "oneentry_client")
}
