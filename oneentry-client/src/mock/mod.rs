//! A typed mock server for the endpoints of any spec (feature `mock`).
//!
//! Code generated from a spec (`oneentry_client::api!`) emits, when this feature is on, one
//! [`Operation`] per endpoint in the module's `ops` (`reviews::ops::CreateReview`) with a plain
//! request struct (`reviews::ops::CreateReviewRequest`) holding every parameter as the spec
//! types it, and a list `ENDPOINTS` of the spec's endpoints. A test starts a [`MockServer`] on
//! loopback for that list, registers a handler per endpoint it needs, points a client at
//! [`MockServer::url`] and asserts on what arrived. With the built-in spec:
//!
//! ```
//! use oneentry_client::api::{self, auth_provider::ops::GenerateCode};
//! use oneentry_client::mock::MockServer;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mock = MockServer::start(api::ENDPOINTS).await?;
//! mock.on(GenerateCode, |req| async move { Ok(req.user_identifier.into()) });
//!
//! let client = oneentry_client::Client::builder(mock.url()).build()?;
//! let sent_to = client.auth_provider().generate_code("email", "ann@example.com", "reg").await?;
//! assert_eq!(sent_to, "ann@example.com");
//! assert_eq!(mock.received::<GenerateCode>()[0].event_identifier, "reg");
//! # Ok(())
//! # }
//! ```
//!
//! A handler takes the operation's request type and returns its response type or a
//! [`MockError`]; one of another type does not compile. Everything the server answers on its
//! own has a OneEntry error body (`{"statusCode", "message", "localizeMessage", "error"}`,
//! `docs/wire.md#errors`): an endpoint of the list without a handler is a `501` naming it, a
//! parameter that does not parse a `400` naming it, an unknown path a `404`, a known path with
//! another method a `405`, a wrong app token (when one is configured) a `403`.
//!
//! The pieces are separate so that a server with state of its own (the emulator of the
//! built-in spec) can use them without [`MockServer`]'s accept loop: a [`Router`] routes an
//! `http::Request` by the endpoint descriptions (method and path segments, never a template
//! parsed per request), parses it into the typed request ([`FromParts`] on [`Parts`]) and
//! calls the handler with a [`Ctx`] (bearer token, language, headers) when asked for one.

mod context;
mod error;
mod parts;
mod record;
mod reply;
mod router;
mod routing;
mod server;
mod text;

pub use context::Ctx;
pub use error::MockError;
pub use hyper::body::Bytes;
pub use hyper::{HeaderMap, Method, Request, Response, StatusCode};
pub use parts::{ParamError, Parts};
pub use record::RecordedRequest;
pub use reply::Reply;
pub use router::{
    DEFAULT_REQUEST_LOG_CAPACITY, DEFAULT_REQUEST_LOG_MAX_BYTES, ResponseFuture, Router,
};
pub use server::{DEFAULT_MAX_BODY_BYTES, MockServer, MockServerBuilder};

use crate::endpoint::Endpoint;

/// One endpoint as a server sees it: emitted by generated code as a zero-sized type per
/// endpoint, so that a handler is registered by type and its argument and answer are checked
/// by the compiler.
pub trait Operation: Send + Sync + 'static {
    /// The endpoint's description (method, path, parameters): what requests are routed by.
    const ENDPOINT: &'static Endpoint;
    /// The wire name of the parameter that carries the language (the one the spec defaults to
    /// the client's language), if the endpoint has one: the language [`Ctx::language`] reports
    /// and `localized` fields of the answer are written in.
    const LANGUAGE: Option<&'static str>;
    /// Every parameter of the endpoint (and its body model as `body`), typed as in the spec.
    type Request: FromParts + Send + 'static;
    /// The type of a successful answer.
    type Response: serde::Serialize + Send + 'static;
}

/// Builds a typed request from the raw parts of an HTTP request; generated per endpoint.
pub trait FromParts: Sized {
    /// Reads every parameter from `parts`: path parameters by name, query pairs, body keys,
    /// then the body model from the remaining keys. The error names the first parameter that
    /// is missing or does not parse.
    fn from_parts(parts: &mut Parts<'_>) -> Result<Self, ParamError>;
}
