//! `AuthProvider`: sign-in, token refresh and sign-out (WIRE §7).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use oneentry_client::Secret;
use oneentry_client::api::{AuthEntity, AuthRequest};
use oneentry_client::localized::DEFAULT_LANGUAGE;
use serde::Deserialize;

use crate::error::ApiError;
use crate::extract::{JsonBody, PathParams, User};
use crate::project::AuthProvider;
use crate::respond::json;
use crate::state::{AppState, lock};

const BASE: &str = "/api/content/users-auth-providers/marker/{marker}/users";

pub(super) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(&format!("{BASE}/auth"), post(sign_in))
        .route(&format!("{BASE}/refresh"), post(refresh))
        .route(&format!("{BASE}/logout"), post(logout))
}

/// Body of `refresh` and `logout`. The spec declares it as a body parameter, not as a
/// model, so the emulator names it here.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RefreshBody {
    refresh_token: Secret,
}

fn provider<'a>(state: &'a AppState, marker: &str) -> Result<&'a AuthProvider, ApiError> {
    state
        .project
        .provider(marker)
        .ok_or_else(|| ApiError::not_found(format!("Auth provider `{marker}` not found")))
}

/// The value of the `authData` entry with `marker`.
fn credential<'a>(body: &'a AuthRequest, marker: &str) -> Result<&'a str, ApiError> {
    body.auth_data
        .iter()
        .find(|entry| entry.marker == marker)
        .map(|entry| entry.value.expose())
        .ok_or_else(|| ApiError::bad_request(format!("authData has no `{marker}` entry")))
}

/// POST .../auth: e-mail and password → a new session.
async fn sign_in(
    State(state): State<Arc<AppState>>,
    PathParams(marker): PathParams<String>,
    JsonBody(body): JsonBody<AuthRequest>,
) -> Result<Response, ApiError> {
    let provider = provider(&state, &marker)?;
    let login = credential(&body, &provider.login_marker)?;
    let password = credential(&body, &provider.password_marker)?;
    let user = provider
        .users
        .iter()
        .find(|user| user.email == login && user.password == password)
        .ok_or_else(|| ApiError::unauthorized("Wrong login or password"))?;
    let issued = lock(&state.tokens).issue(&user.email, &provider.marker);
    let mut entity = AuthEntity::new(issued.access, issued.refresh);
    entity.user_identifier = Some(user.email.clone());
    entity.auth_provider_identifier = Some(provider.marker.clone());
    Ok(json(StatusCode::CREATED, DEFAULT_LANGUAGE, &entity))
}

/// POST .../refresh: rotates the refresh token; the old pair stops working.
async fn refresh(
    State(state): State<Arc<AppState>>,
    PathParams(marker): PathParams<String>,
    JsonBody(body): JsonBody<RefreshBody>,
) -> Result<Response, ApiError> {
    let provider = provider(&state, &marker)?;
    let (user, issued) = lock(&state.tokens)
        .rotate(body.refresh_token.expose(), &provider.marker)
        .ok_or_else(|| ApiError::unauthorized("Invalid or already used refresh token"))?;
    let mut entity = AuthEntity::new(issued.access, issued.refresh);
    entity.user_identifier = Some(user);
    entity.auth_provider_identifier = Some(provider.marker.clone());
    Ok(json(StatusCode::CREATED, DEFAULT_LANGUAGE, &entity))
}

/// POST .../logout: ends the session of the given refresh token, answers `true`.
///
/// A refresh token that is not one of the caller's sessions is a 400, not a 401: a 401
/// would make clients refresh and retry a request that cannot succeed.
async fn logout(
    State(state): State<Arc<AppState>>,
    User(user): User,
    PathParams(marker): PathParams<String>,
    JsonBody(body): JsonBody<RefreshBody>,
) -> Result<Response, ApiError> {
    provider(&state, &marker)?;
    if !lock(&state.tokens).revoke(body.refresh_token.expose(), &user) {
        return Err(ApiError::bad_request(
            "refreshToken is not a session of the signed-in user",
        ));
    }
    Ok(json(StatusCode::CREATED, DEFAULT_LANGUAGE, &true))
}
