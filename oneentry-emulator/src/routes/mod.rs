//! The OneEntry endpoints the emulator implements, registered on the typed mock router by
//! their generated operations, and what every handler shares: the signed-in user, the
//! device, paging, and the provider or storage a path's marker names.
//!
//! No route is typed here: the router knows every endpoint of the spec from the generated
//! descriptions (`oneentry_client::api::ENDPOINTS`), parses each request into the generated
//! request type and answers with the generated response type, so a path, a parameter or a
//! shape the spec changes cannot be missed here. An endpoint of the spec with no handler
//! answers a OneEntry `501` that names it.

mod accounts;
mod auth;
mod blocks;
mod discounts;
mod form_data;
mod forms;
mod mailbox;
mod orders;
mod pages;
mod payments;
mod products;
mod providers;
mod refunds;
mod shop;
mod storages;
mod users;
mod users_me;

pub use users::ACTIVATION_EVENT;

use std::future::ready;
use std::sync::Arc;

use oneentry_client::api::DeviceInfo;
use oneentry_client::endpoint::Auth;
use oneentry_client::mock::{Ctx, MockError, Operation, Router};
use serde::Deserialize;

use crate::project::{AuthProvider, OrderStorage};
use crate::state::{AppState, lock};
use crate::tokens::AccessError;

/// The router of every implemented endpoint but those in `disabled` (endpoint ids), which
/// answer `501` like any endpoint without a handler.
pub(crate) fn router(state: &Arc<AppState>, disabled: &[String]) -> Router {
    // The request log and the app-token check happen before routing (`app.rs`), for
    // requests of every path, so the router keeps no log of its own.
    let router = Router::new(oneentry_client::api::ENDPOINTS)
        .request_log(0, 0)
        .ignore_trailing_slash();
    let routes = Routes {
        router: &router,
        state,
        disabled,
    };
    auth::register(&routes);
    users::register(&routes);
    providers::register(&routes);
    orders::register(&routes);
    storages::register(&routes);
    refunds::register(&routes);
    payments::register(&routes);
    accounts::register(&routes);
    mailbox::register(&routes);
    products::register(&routes);
    users_me::register(&routes);
    forms::register(&routes);
    form_data::register(&routes);
    pages::register(&routes);
    discounts::register(&routes);
    blocks::register(&routes);
    router
}

/// Registers handlers on the router, each behind the shared extractors.
pub(crate) struct Routes<'a> {
    router: &'a Router,
    state: &'a Arc<AppState>,
    disabled: &'a [String],
}

/// What a handler gets besides its typed request.
pub(crate) struct Call<'a> {
    pub(crate) state: &'a AppState,
    pub(crate) ctx: &'a Ctx,
    user: Option<String>,
}

/// The answer of a handler.
pub(crate) type Answer<Op> = Result<<Op as Operation>::Response, MockError>;

impl Routes<'_> {
    /// Answers `op` with `handler`. For an endpoint the spec declares `auth: user`, the
    /// bearer token is checked first ([`Call::user`]).
    pub(crate) fn on<Op, H>(&self, op: Op, handler: H)
    where
        Op: Operation,
        H: Fn(&Call<'_>, Op::Request) -> Answer<Op> + Send + Sync + 'static,
    {
        if self.disabled.iter().any(|id| id == Op::ENDPOINT.id) {
            return;
        }
        let state = Arc::clone(self.state);
        self.router.on_with_context(op, move |ctx, request| {
            ready(run::<Op, _>(&state, &ctx, request, &handler))
        });
    }

    /// Answers `op`, whose path names an auth provider or an order storage by `marker`,
    /// with `handler`, which gets that provider or storage; an unknown marker is a 404.
    pub(crate) fn by_marker<Op, T, H>(&self, op: Op, handler: H)
    where
        Op: Operation,
        Op::Request: Marked,
        T: ByMarker,
        H: Fn(&Call<'_>, &T, Op::Request) -> Answer<Op> + Send + Sync + 'static,
    {
        self.on(op, move |call: &Call<'_>, request: Op::Request| {
            let found = T::find(call.state, request.marker())?;
            handler(call, found, request)
        });
    }
}

fn run<Op: Operation, H>(
    state: &AppState,
    ctx: &Ctx,
    request: Op::Request,
    handler: &H,
) -> Answer<Op>
where
    H: Fn(&Call<'_>, Op::Request) -> Answer<Op>,
{
    let user = match Op::ENDPOINT.auth {
        Auth::User => Some(signed_in(state, ctx)?),
        Auth::None => None,
    };
    handler(&Call { state, ctx, user }, request)
}

/// The signed-in user (their e-mail), from `Authorization: Bearer <access token>`.
fn signed_in(state: &AppState, ctx: &Ctx) -> Result<String, MockError> {
    let header = ctx
        .headers()
        .get("authorization")
        .ok_or_else(|| MockError::unauthorized("Unauthorized"))?;
    let token = header
        .to_str()
        .ok()
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|token| !token.is_empty())
        .ok_or_else(|| {
            MockError::unauthorized("Unauthorized: expected `Authorization: Bearer <token>`")
        })?;
    match lock(&state.tokens).check(token) {
        Ok(user) => Ok(user.to_owned()),
        Err(AccessError::Expired) => Err(MockError::unauthorized("Access token has expired")),
        Err(AccessError::Unknown) => Err(MockError::unauthorized("Invalid access token")),
    }
}

impl Call<'_> {
    /// The language of the request's texts (the endpoint's language parameter, else
    /// `en_US`).
    pub(crate) fn language(&self) -> &str {
        self.ctx.language()
    }

    /// The signed-in user's e-mail on an endpoint that does not need one: `None` without a
    /// valid bearer token.
    pub(crate) fn optional_user(&self) -> Option<String> {
        self.user
            .clone()
            .or_else(|| signed_in(self.state, self.ctx).ok())
    }

    /// The signed-in user's e-mail. Checked before the handler runs for every endpoint the
    /// spec declares `auth: user`; asking for it on another endpoint is a bug (500).
    pub(crate) fn user(&self) -> Result<&str, MockError> {
        self.user.as_deref().ok_or_else(|| {
            let id = self.ctx.endpoint().id;
            MockError::internal(format!("{id} is not declared `auth: user` in the spec"))
        })
    }

    /// The device of `x-device-metadata` (`{"fingerprint", "deviceInfo": {os, browser,
    /// location}}`, `docs/wire.md`), stored with a session for `getActiveSessionsByMarker`.
    ///
    /// `None` when the header is absent or unreadable: the header is informational, and a
    /// sign-in must not fail because a client describes its device differently.
    pub(crate) fn device(&self) -> Option<DeviceInfo> {
        /// The part of `x-device-metadata` the emulator keeps.
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct DeviceMetadata {
            device_info: Option<DeviceInfo>,
        }
        let value = self.ctx.headers().get("x-device-metadata")?;
        serde_json::from_slice::<DeviceMetadata>(value.as_bytes())
            .ok()?
            .device_info
    }
}

/// What a path's `marker` names: an auth provider or an order storage.
pub(crate) trait ByMarker: Sized {
    /// The one of `marker`; 404 when the project has none.
    fn find<'a>(state: &'a AppState, marker: &str) -> Result<&'a Self, MockError>;
}

impl ByMarker for AuthProvider {
    fn find<'a>(state: &'a AppState, marker: &str) -> Result<&'a Self, MockError> {
        state
            .project
            .provider(marker)
            .ok_or_else(|| MockError::not_found(format!("Auth provider `{marker}` not found")))
    }
}

impl ByMarker for OrderStorage {
    fn find<'a>(state: &'a AppState, marker: &str) -> Result<&'a Self, MockError> {
        state
            .project
            .storage(marker)
            .ok_or_else(|| MockError::not_found(format!("Order storage `{marker}` not found")))
    }
}

/// A page of a list: the generated requests carry `offset` and `limit` as the spec's
/// integers, which may be negative.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Page {
    pub(crate) offset: usize,
    pub(crate) limit: usize,
}

impl Page {
    /// The page of `offset` and `limit`; a negative one is a 400 naming it.
    pub(crate) fn new(offset: i64, limit: i64) -> Result<Self, MockError> {
        let count = |name: &str, value: i64| {
            usize::try_from(value).map_err(|_| {
                MockError::bad_request(format!(
                    "{name} must be a non-negative integer, got `{value}`"
                ))
            })
        };
        Ok(Self {
            offset: count("offset", offset)?,
            limit: count("limit", limit)?,
        })
    }

    /// The items of `all` on this page.
    pub(crate) fn of<I: Iterator>(self, all: I) -> impl Iterator<Item = I::Item> {
        all.skip(self.offset).take(self.limit)
    }
}

/// A request whose path names an auth provider or an order storage by `marker`.
pub(crate) trait Marked {
    /// The marker of the path.
    fn marker(&self) -> &str;
}

/// Implements [`Marked`] for generated request types with a `marker` path parameter.
macro_rules! marked {
    ($($request:ty),* $(,)?) => {
        $(impl $crate::routes::Marked for $request {
            fn marker(&self) -> &str {
                &self.marker
            }
        })*
    };
}
pub(crate) use marked;

/// A storage's 404 for an order that is not the caller's (or does not exist).
pub(crate) fn order_not_found(id: i64) -> MockError {
    MockError::not_found(format!("Order {id} not found"))
}

#[cfg(test)]
mod tests {
    use oneentry_client::endpoint::Segment;
    use oneentry_client::mock::{Bytes, Request, StatusCode};

    use super::*;

    /// A request to every endpoint of the spec, with `1` for each path parameter: none may
    /// be the router's 501, which would mean an endpoint of the spec has no handler.
    #[tokio::test]
    async fn every_endpoint_of_the_spec_has_a_handler() {
        let state = Arc::new(AppState::demo());
        let router = router(&state, &[]);
        for endpoint in oneentry_client::api::ENDPOINTS {
            let path: String = endpoint
                .path
                .iter()
                .map(|segment| match segment {
                    Segment::Literal(text) => *text,
                    Segment::Param(_) => "1",
                })
                .collect();
            let request = Request::builder()
                .method(endpoint.method.as_str())
                .uri(&path)
                .body(Bytes::new())
                .expect("a request");
            let answer = router.handle(request).await;
            let body = String::from_utf8_lossy(answer.body());
            assert_ne!(answer.status(), StatusCode::NOT_IMPLEMENTED, "{body}");
            // A 404 of a handler (no provider `1`) is fine; the router's own is not.
            assert!(
                !body.contains("Cannot "),
                "{} ({path}): {body}",
                endpoint.id
            );
        }
    }
}
