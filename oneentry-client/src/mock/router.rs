//! [`Router`]: endpoint descriptions and typed handlers in, HTTP answers out.

use std::future::{Future, ready};
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, PoisonError, RwLock};

use hyper::header::{ALLOW, HeaderValue};
use hyper::http::request;

use super::context::APP_TOKEN_HEADER;
use super::record::{Log, RecordedRequest};
use super::routing::{Lookup, PathParams, Route, find};
use super::{
    Bytes, Ctx, FromParts, MockError, Operation, Parts, Reply, Request, Response, StatusCode,
};
use crate::Secret;
use crate::endpoint::Endpoint;

/// How many requests the log keeps by default (the oldest go first).
pub const DEFAULT_REQUEST_LOG_CAPACITY: usize = 1000;

/// How many bytes (bodies, headers, URIs) the log keeps by default.
pub const DEFAULT_REQUEST_LOG_MAX_BYTES: usize = 16 * 1024 * 1024;

/// The answer to one request, once its handler has run.
pub type ResponseFuture = Pin<Box<dyn Future<Output = Response<Bytes>> + Send + 'static>>;

/// Routes requests to typed handlers by the endpoint descriptions of a spec.
///
/// Handlers can be added at any time, also while a server is answering: a test registers
/// what it needs after [`MockServer::start`](super::MockServer::start). An endpoint of the
/// list without a handler answers `501` naming it, so a test that forgot one reads which.
pub struct Router {
    table: RwLock<Table>,
    app_token: Option<Secret>,
    log: Log,
    ignore_trailing_slash: bool,
}

#[derive(Default)]
struct Table {
    routes: Vec<Route>,
    handlers: Vec<Option<Arc<dyn Handler>>>,
}

impl Router {
    /// A router for `endpoints` (a generated `ENDPOINTS` list), none with a handler yet,
    /// accepting any app token and recording requests.
    pub fn new(endpoints: &[&'static Endpoint]) -> Self {
        let routes: Vec<Route> = endpoints.iter().copied().map(Route::new).collect();
        let handlers = routes.iter().map(|_| None).collect();
        Self {
            table: RwLock::new(Table { routes, handlers }),
            app_token: None,
            log: Log::new(DEFAULT_REQUEST_LOG_CAPACITY, DEFAULT_REQUEST_LOG_MAX_BYTES),
            ignore_trailing_slash: false,
        }
    }

    /// Routes `/a/b/` to the endpoint at `/a/b` (and the other way round) when no endpoint
    /// takes the request's method on the exact path, as servers with non-strict routing
    /// (Express's default) do; a client that normalises slashes then still reaches the
    /// endpoint. Off by default, so a mock catches a client that sends the wrong path.
    #[must_use]
    pub fn ignore_trailing_slash(mut self) -> Self {
        self.ignore_trailing_slash = true;
        self
    }

    /// Requires `x-app-token: <token>` on every request; others get a OneEntry `403`.
    #[must_use]
    pub fn app_token(mut self, token: impl Into<Secret>) -> Self {
        self.app_token = Some(token.into());
        self
    }

    /// Keeps at most `capacity` requests and `max_bytes` of them; `0` records nothing (a
    /// server with a log of its own saves the copy).
    #[must_use]
    pub fn request_log(mut self, capacity: usize, max_bytes: usize) -> Self {
        self.log = Log::new(capacity, max_bytes);
        self
    }

    /// Answers the requests of the operation `op` (a generated `ops::CreateReview`) with
    /// `handler`, which gets the typed request and returns the typed answer or an error.
    /// Replaces an earlier handler of `op`; an endpoint that is not in the router's list is
    /// added.
    ///
    /// The operation is passed as a value (the unit struct), not as `on::<Op>`, so that the
    /// handler's and its future's types are inferred.
    pub fn on<Op, F, Fut>(&self, op: Op, handler: F) -> &Self
    where
        Op: Operation,
        F: Fn(Op::Request) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Op::Response, MockError>> + Send + 'static,
    {
        self.on_with_context(op, move |_ctx, request| handler(request))
    }

    /// Like [`on`](Router::on), with the request's [`Ctx`] (headers, tokens, language) first.
    pub fn on_with_context<Op, F, Fut>(&self, op: Op, handler: F) -> &Self
    where
        Op: Operation,
        F: Fn(Ctx, Op::Request) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Op::Response, MockError>> + Send + 'static,
    {
        self.on_reply(op, move |ctx, request| {
            let pending = handler(ctx, request);
            async move { pending.await.map(Reply::new) }
        })
    }

    /// Like [`on_with_context`](Router::on_with_context), for handlers that choose the
    /// status, language or headers of a successful answer ([`Reply`]).
    pub fn on_reply<Op, F, Fut>(&self, _op: Op, handler: F) -> &Self
    where
        Op: Operation,
        F: Fn(Ctx, Op::Request) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Reply<Op::Response>, MockError>> + Send + 'static,
    {
        let handler: Arc<dyn Handler> = Arc::new(Typed::<Op, F> {
            handler,
            op: PhantomData,
        });
        let mut table = self.table.write().unwrap_or_else(PoisonError::into_inner);
        let index = match table
            .routes
            .iter()
            .position(|r| *r.endpoint == *Op::ENDPOINT)
        {
            Some(index) => index,
            None => {
                table.routes.push(Route::new(Op::ENDPOINT));
                table.handlers.push(None);
                table.routes.len() - 1
            }
        };
        table.handlers[index] = Some(handler);
        self
    }

    /// The typed requests `Op`'s endpoint received, oldest first: those the log still holds
    /// and that parse (a request answered `400` is only in [`requests`](Router::requests)).
    pub fn received<Op: Operation>(&self) -> Vec<Op::Request> {
        self.log
            .snapshot()
            .iter()
            .filter_map(RecordedRequest::parse::<Op>)
            .collect()
    }

    /// Every request received, oldest first, routed or not.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.log.snapshot()
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        self.log.clear();
    }

    /// Answers one request: routes it, records it, checks the app token, parses the typed
    /// request and runs the handler. Never fails: every problem is an error answer.
    pub fn handle(&self, request: Request<Bytes>) -> ResponseFuture {
        let (head, body) = request.into_parts();
        let (found, handler) = {
            let table = self.table.read().unwrap_or_else(PoisonError::into_inner);
            let path = head.uri.path();
            match find(
                &table.routes,
                &head.method,
                path,
                self.ignore_trailing_slash,
            ) {
                Lookup::Route(index, params) => {
                    let endpoint = table.routes[index].endpoint;
                    let handler = table.handlers[index].clone();
                    (Ok((endpoint, params)), handler)
                }
                other => (Err(other), None),
            }
        };
        if self.log.is_enabled() {
            let (endpoint, params) = match &found {
                Ok((endpoint, params)) => (Some(*endpoint), params.clone()),
                Err(_) => (None, Vec::new()),
            };
            self.log
                .push(RecordedRequest::new(endpoint, params, &head, body.clone()));
        }
        if let Some(expected) = &self.app_token {
            let sent = head
                .headers
                .get(APP_TOKEN_HEADER)
                .map(HeaderValue::as_bytes);
            if sent != Some(expected.expose().as_bytes()) {
                let message = "Forbidden: missing or wrong x-app-token";
                return answer(MockError::forbidden(message));
            }
        }
        let (endpoint, params) = match found {
            Ok(found) => found,
            Err(Lookup::WrongMethod(methods)) => return wrong_method(&head, &methods),
            Err(_) => {
                let message = format!("Cannot {} {}", head.method, head.uri.path());
                return answer(MockError::not_found(message));
            }
        };
        match handler {
            Some(handler) => handler.call(params, head, body),
            None => answer(not_implemented(endpoint)),
        }
    }
}

impl std::fmt::Debug for Router {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let table = self.table.read().unwrap_or_else(PoisonError::into_inner);
        let ids: Vec<(&str, bool)> = table
            .routes
            .iter()
            .zip(&table.handlers)
            .map(|(route, handler)| (route.endpoint.id, handler.is_some()))
            .collect();
        f.debug_struct("Router")
            .field("endpoints", &ids)
            .field("app_token", &self.app_token.is_some())
            .finish_non_exhaustive()
    }
}

fn answer(error: MockError) -> ResponseFuture {
    Box::pin(ready(error.into_response()))
}

/// The `501` of an endpoint in the spec that has no handler.
pub(super) fn not_implemented(endpoint: &Endpoint) -> MockError {
    let message = format!(
        "{} ({} {}) is not implemented by this server: no handler is registered for it",
        endpoint.id,
        endpoint.method.as_str(),
        endpoint.template
    );
    MockError::new(StatusCode::NOT_IMPLEMENTED, message)
}

fn wrong_method(head: &request::Parts, methods: &[&str]) -> ResponseFuture {
    let message = format!(
        "Method {} is not allowed on {}: the path takes {}",
        head.method,
        head.uri.path(),
        methods.join(", ")
    );
    let mut error = MockError::new(StatusCode::METHOD_NOT_ALLOWED, message);
    error = error.header(ALLOW.as_str(), &methods.join(", "));
    answer(error)
}

/// A handler with its operation's types erased, so handlers of every endpoint share a table.
trait Handler: Send + Sync {
    fn call(&self, params: PathParams, head: request::Parts, body: Bytes) -> ResponseFuture;
}

struct Typed<Op, F> {
    handler: F,
    op: PhantomData<fn() -> Op>,
}

impl<Op, F, Fut> Handler for Typed<Op, F>
where
    Op: Operation,
    F: Fn(Ctx, Op::Request) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Reply<Op::Response>, MockError>> + Send + 'static,
{
    fn call(&self, params: PathParams, head: request::Parts, body: Bytes) -> ResponseFuture {
        let endpoint = Op::ENDPOINT;
        let mut parts = Parts::new(endpoint, &params, head.uri.query(), &head.headers, &body);
        let language = Op::LANGUAGE.and_then(|name| parts.language(name));
        parts.set_language(language.clone());
        let request = match Op::Request::from_parts(&mut parts) {
            Ok(request) => request,
            Err(err) => return answer(err.into()),
        };
        let ctx = Ctx::new(endpoint, head, language.clone());
        let pending = (self.handler)(ctx, request);
        Box::pin(async move {
            match pending.await {
                Ok(reply) => reply.into_response(endpoint, language.as_deref()),
                Err(error) => error.into_response(),
            }
        })
    }
}
