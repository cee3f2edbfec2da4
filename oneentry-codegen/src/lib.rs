//! Generates a typed OneEntry API client from a JSON spec.
//!
//! The spec format is documented in `spec/README.md` of the oneentry-rs repository.
//! The same generator serves three front ends, which emit the same items:
//!
//! - the `oneentry_client::api!` macro, which calls [`generate()`] at compile time and
//!   turns every [`Diagnostic`] into a `compile_error!` pointing into the spec;
//! - a build script, which calls [`generate_file`] and writes formatted source to
//!   `OUT_DIR` (the generated code stays readable and greppable);
//! - the `oneentry-codegen` command, which prints that source, for review or for
//!   checking the file into a repository.
//!
//! # In a build script
//!
//! ```no_run
//! // build.rs, in `fn main()`:
//! // rebuild when the spec changes, and only then.
//! println!("cargo::rerun-if-changed=spec/shop.json");
//! let options = oneentry_codegen::Options::default();
//! let source = match oneentry_codegen::generate_file("spec/shop.json", &options) {
//!     Ok(source) => source,
//!     Err(error) => {
//!         // Every problem of the spec, one `file:line:col: at $.path: message` line each.
//!         eprintln!("{error}");
//!         std::process::exit(1);
//!     }
//! };
//! let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
//! std::fs::write(std::path::Path::new(&out_dir).join("shop.rs"), source)
//!     .expect("OUT_DIR is writable");
//! ```
//!
//! and in the crate, `mod shop { include!(concat!(env!("OUT_DIR"), "/shop.rs")); }` with
//! `use shop::ApiExt;` to reach `client.<module>()`. The crate depends on `oneentry-client`,
//! which the generated code names as `::oneentry_client`.
//!
//! # Phases
//!
//! One module per phase, each with its own input: `read` (text → JSON tree with a
//! line, column and JSON path on every value), `check` (every rule of the format,
//! collecting all problems and putting fallbacks in place of broken parts), `ir`
//! (the checked API as Rust sees it), `generate` (tokens from the IR only).

mod check;
mod diagnostics;
mod generate;
mod ir;
mod naming;
mod read;

use std::fmt;
use std::path::{Path, PathBuf};

use proc_macro2::{Ident, Span, TokenStream};
use quote::ToTokens;

pub use diagnostics::{Diagnostic, Diagnostics};
pub use read::JsonPath;

/// The name of the extension trait when none is given, as in `use shop::ApiExt;`.
pub const DEFAULT_TRAIT: &str = "ApiExt";

/// How the generated module handles are reached from a `Client` (`client.orders()`).
#[derive(Clone, Debug)]
pub enum Accessors {
    /// Inherent methods on `Client`; only possible inside `oneentry-client` itself,
    /// since Rust allows inherent impls only in the type's own crate.
    Inherent,
    /// An extension trait with this name, implemented for `Client`; what any other crate needs.
    Trait(Ident),
}

impl Accessors {
    /// An extension trait named `name`, checked to be a usable Rust identifier.
    pub fn trait_named(name: &str) -> Result<Self, Error> {
        syn::parse_str::<Ident>(name)
            .map(Accessors::Trait)
            .map_err(|_| Error::TraitName {
                name: name.to_owned(),
            })
    }
}

/// The trait [`DEFAULT_TRAIT`], as the macro uses when `client = ...` is not given.
impl Default for Accessors {
    fn default() -> Self {
        Accessors::Trait(Ident::new(DEFAULT_TRAIT, Span::call_site()))
    }
}

/// What to generate, and how to name the spec in diagnostics.
#[derive(Clone, Debug)]
pub struct Options {
    file: String,
    accessors: Accessors,
}

impl Options {
    /// Names the spec in diagnostics as the user wrote it (`spec/shop.json`), so
    /// messages stay short and the same on every machine.
    pub fn file(mut self, file: impl Into<String>) -> Self {
        self.file = file.into();
        self
    }

    /// Chooses how the module handles are reached; the default is the trait [`DEFAULT_TRAIT`].
    pub fn accessors(mut self, accessors: Accessors) -> Self {
        self.accessors = accessors;
        self
    }
}

/// Diagnostics name the spec `spec.json` and modules are reached through `ApiExt`.
impl Default for Options {
    fn default() -> Self {
        Options {
            file: "spec.json".to_owned(),
            accessors: Accessors::default(),
        }
    }
}

/// The items generated from a spec without problems.
#[derive(Clone, Debug)]
pub struct Generated {
    tokens: TokenStream,
}

impl Generated {
    /// The items, as a macro emits them.
    pub fn tokens(&self) -> &TokenStream {
        &self.tokens
    }

    /// The items, as a macro emits them.
    pub fn into_tokens(self) -> TokenStream {
        self.tokens
    }

    /// The items as formatted Rust source, as a build script writes them.
    pub fn to_source(&self) -> Result<String, Error> {
        format_source(&self.tokens)
    }
}

impl ToTokens for Generated {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.tokens.to_tokens(tokens);
    }
}

/// A spec with problems: all of them, and the items that stand in for the broken parts.
///
/// The fallback lets a macro emit its errors *and* the API around them, so one typo
/// in a type name yields one error instead of one per use of every generated item.
#[derive(Clone, Debug)]
pub struct Failure {
    diagnostics: Diagnostics,
    fallback: Option<TokenStream>,
}

impl Failure {
    /// Every problem found, in the order found.
    pub fn diagnostics(&self) -> &Diagnostics {
        &self.diagnostics
    }

    /// The items generated around the problems; `None` when not even the start of a
    /// JSON object could be read. After a JSON syntax error these are the items of
    /// the document recovered around it.
    pub fn fallback(&self) -> Option<&TokenStream> {
        self.fallback.as_ref()
    }

    /// The problems and the fallback items, to emit both.
    pub fn into_parts(self) -> (Diagnostics, Option<TokenStream>) {
        (self.diagnostics, self.fallback)
    }
}

/// One problem per line.
impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.diagnostics.fmt(f)
    }
}

impl std::error::Error for Failure {}

/// Why [`generate_file`] (or a helper around it) produced no source.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec file is missing or unreadable.
    #[error("cannot read the spec `{}`: {source}", path.display())]
    Read {
        /// The path as given.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The spec file is not UTF-8 text, as JSON must be.
    #[error("the spec `{}` is not UTF-8 text (invalid byte at offset {offset})", path.display())]
    NotUtf8 {
        /// The path as given.
        path: PathBuf,
        /// The byte offset of the first byte that is not UTF-8.
        offset: usize,
    },
    /// The spec has problems; each is a positioned diagnostic.
    #[error("{0}")]
    Spec(Failure),
    /// A trait name that Rust cannot use.
    #[error("`{name}` is not a usable trait name")]
    TraitName {
        /// The name as given.
        name: String,
    },
    /// The generated items did not parse back as Rust: a bug in this crate, not in the spec.
    #[error("the generated code is not valid Rust ({message}); this is a bug in oneentry-codegen")]
    Format {
        /// What the parser said.
        message: String,
    },
}

/// Generates the API described by `spec_text`.
///
/// Never panics, whatever the text. On problems the [`Failure`] carries every
/// positioned diagnostic and, unless the text is not JSON, the fallback items.
pub fn generate(spec_text: &str, options: &Options) -> Result<Generated, Failure> {
    let mut diagnostics = Diagnostics::new(options.file.as_str());
    let (root, syntax_error) = read::parse_recovering(spec_text);
    if let Some(error) = syntax_error {
        // One error for one mistake: what the checks would say about the tree
        // recovered around it is noise, but the items generated from it are not, as
        // they keep the rest of the API in place for its callers.
        diagnostics.error_at(error.pos, format!("invalid JSON: {}", error.message));
        let fallback = matches!(root.value, read::Value::Object(_)).then(|| {
            let mut ignored = Diagnostics::new(options.file.as_str());
            let api = check::check(&root, &options.accessors, &mut ignored);
            generate::generate(&api, &options.accessors)
        });
        return Err(Failure {
            diagnostics,
            fallback,
        });
    }
    let api = check::check(&root, &options.accessors, &mut diagnostics);
    let tokens = generate::generate(&api, &options.accessors);
    if diagnostics.is_empty() {
        Ok(Generated { tokens })
    } else {
        Err(Failure {
            diagnostics,
            fallback: Some(tokens),
        })
    }
}

/// Reads the spec at `spec_path` and returns the formatted Rust source of its API.
///
/// Diagnostics name the spec by `spec_path` as given (the `file` of `options` is
/// not used). The source starts with a `@generated` comment naming the spec file.
/// A build script should print `cargo::rerun-if-changed=<spec_path>` itself (see
/// the crate docs); this function writes nothing to stdout.
pub fn generate_file(spec_path: impl AsRef<Path>, options: &Options) -> Result<String, Error> {
    let path = spec_path.as_ref();
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
        path: path.to_owned(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    let options = options.clone().file(path.display().to_string());
    let generated = generate(&text, &options).map_err(Error::Spec)?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let header = format!(
        "// @generated by oneentry-codegen from {name}.\n// Do not edit: change the spec and generate again.\n\n"
    );
    Ok(header + &generated.to_source()?)
}

/// Pretty-prints items; they were generated as a file's worth of items, so they parse as one.
fn format_source(tokens: &TokenStream) -> Result<String, Error> {
    let file = syn::parse2::<syn::File>(tokens.clone()).map_err(|e| Error::Format {
        message: e.to_string(),
    })?;
    Ok(prettyplease::unparse(&file))
}

#[cfg(test)]
mod tests;
