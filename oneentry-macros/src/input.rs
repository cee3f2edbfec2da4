//! The macro's own arguments: `spec = "path"` and, optionally, how modules are reached.
//!
//! ```text
//! api!(spec = "spec/shop.json");                            // trait `ApiExt`
//! api!(spec = "spec/shop.json", client = trait ShopApi);   // trait `ShopApi`
//! api!(spec = "../spec/oneentry.json", client = inherent); // inside oneentry-client only
//! ```

use proc_macro2::Ident;
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
