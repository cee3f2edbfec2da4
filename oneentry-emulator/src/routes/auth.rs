//! `AuthProvider`: sign-in (form and OAuth), token refresh, sign-out and open sessions
//! (docs/wire.md#auth-provider).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use oneentry_client::Secret;
use oneentry_client::api::{ActiveSession, AuthEntity, AuthRequest, DeviceInfo, OAuthRequest};
use oneentry_client::localized::DEFAULT_LANGUAGE;
use serde::Deserialize;

use crate::error::ApiError;
use crate::extract::{Device, JsonBody, PathParams, User};
use crate::project::AuthProvider;
use crate::respond::json;
use crate::state::{AppState, lock};
use crate::tokens::Issued;

const PROVIDER: &str = "/api/content/users-auth-providers/marker/{marker}";
const BASE: &str = "/api/content/users-auth-providers/marker/{marker}/users";

/// The `code` an OAuth sign-in accepts is this prefix followed by a registered user's e-mail.
pub(crate) const OAUTH_CODE_PREFIX: &str = "demo-code:";

pub(super) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(&format!("{BASE}/auth"), post(sign_in))
        .route(&format!("{BASE}/refresh"), post(refresh))
        .route(&format!("{BASE}/logout"), post(logout))
        .route(&format!("{BASE}/logout-all"), post(logout_all))
        .route(&format!("{BASE}/sessions"), get(sessions))
        .route(&format!("{PROVIDER}/oauth"), post(oauth))
}

/// Body of `refresh` and `logout`. The spec declares it as a body parameter, not as a
/// model, so the emulator names it here.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RefreshBody {
    refresh_token: Secret,
}

/// The provider of the path's marker; 404 when the project has none.
pub(super) fn provider<'a>(
    state: &'a AppState,
    marker: &str,
) -> Result<&'a AuthProvider, ApiError> {
    state
        .project
        .provider(marker)
        .ok_or_else(|| ApiError::not_found(format!("Auth provider `{marker}` not found")))
}

/// The value of the `authData` entry with `marker`.
pub(super) fn credential<'a>(
    auth_data: &'a [oneentry_client::api::AuthData],
    marker: &str,
) -> Result<&'a str, ApiError> {
    auth_data
        .iter()
        .find(|entry| entry.marker == marker)
        .map(|entry| entry.value.expose())
        .ok_or_else(|| ApiError::bad_request(format!("authData has no `{marker}` entry")))
}

/// The answer of a sign-in: the new pair, the user and the provider.
fn auth_entity(issued: Issued, user: String, provider: &AuthProvider) -> AuthEntity {
    let mut entity = AuthEntity::new(issued.access, issued.refresh);
    entity.user_identifier = Some(user);
    entity.auth_provider_identifier = Some(provider.marker.clone());
    entity
}

/// 403 for a signed-up user who has not been activated yet. Not 401: the credentials are
/// right, and a client that refreshes on 401 could not fix this.
fn not_activated(email: &str) -> ApiError {
    ApiError::forbidden(format!(
        "User `{email}` is not activated: activate the account with the code sent at sign-up"
    ))
}

/// POST .../auth: e-mail and password of an active user → a new session.
async fn sign_in(
    State(state): State<Arc<AppState>>,
    PathParams(marker): PathParams<String>,
    Device(device): Device,
    JsonBody(body): JsonBody<AuthRequest>,
) -> Result<Response, ApiError> {
    let provider = provider(&state, &marker)?;
    let login = credential(&body.auth_data, &provider.login_marker)?;
    let password = credential(&body.auth_data, &provider.password_marker)?;
    let wrong = ApiError::unauthorized("Wrong login or password");
    open_session(&state, provider, login, Some(password), device, wrong)
}

/// Issues tokens for the user `login` of `provider`, who must exist (with `password`, when
/// given) and be active; `unknown` is the answer otherwise. Shared by sign-in and OAuth.
fn open_session(
    state: &AppState,
    provider: &AuthProvider,
    login: &str,
    password: Option<&str>,
    device: Option<DeviceInfo>,
    unknown: ApiError,
) -> Result<Response, ApiError> {
    let email = {
        let store = lock(&state.store);
        let user = store
            .user(&provider.marker, login)
            .filter(|user| password.is_none_or(|password| user.password == password))
            .ok_or(unknown)?;
        if !user.active {
            return Err(not_activated(&user.email));
        }
        user.email.clone()
    };
    let issued = lock(&state.tokens).issue(&email, &provider.marker, device.unwrap_or_default());
    let entity = auth_entity(issued, email, provider);
    Ok(json(StatusCode::CREATED, DEFAULT_LANGUAGE, &entity))
}

/// POST .../oauth: trades an authorization code for a session, without a real OAuth
/// provider. The provider's fixture names the accepted `client_id` and `client_secret`
/// (`demo-client` / `demo-secret` in the demo); `grant_type` must be
/// `authorization_code`, and the code `demo-code:<e-mail>` of a registered, active user.
async fn oauth(
    State(state): State<Arc<AppState>>,
    PathParams(marker): PathParams<String>,
    Device(device): Device,
    JsonBody(body): JsonBody<OAuthRequest>,
) -> Result<Response, ApiError> {
    let provider = provider(&state, &marker)?;
    let client = provider.oauth.as_ref().ok_or_else(|| {
        ApiError::bad_request(format!(
            "Auth provider `{marker}` does not accept OAuth sign-ins"
        ))
    })?;
    if body.grant_type != "authorization_code" {
        return Err(ApiError::bad_request(format!(
            "grant_type must be `authorization_code`, got `{}`",
            body.grant_type
        )));
    }
    if body.client_id != client.client_id || body.client_secret.expose() != client.client_secret {
        return Err(ApiError::unauthorized("Invalid client_id or client_secret"));
    }
    let email = body
        .code
        .expose()
        .strip_prefix(OAUTH_CODE_PREFIX)
        .filter(|email| !email.is_empty())
        .ok_or_else(|| {
            ApiError::unauthorized(format!(
                "Invalid authorization code: the emulator accepts `{OAUTH_CODE_PREFIX}<e-mail>`"
            ))
        })?;
    let unknown = ApiError::unauthorized(format!(
        "Invalid authorization code: no user `{email}` in provider `{marker}`"
    ));
    open_session(&state, provider, email, None, device, unknown)
}

/// POST .../refresh: rotates the refresh token; the old pair stops working.
async fn refresh(
    State(state): State<Arc<AppState>>,
    PathParams(marker): PathParams<String>,
    Device(device): Device,
    JsonBody(body): JsonBody<RefreshBody>,
) -> Result<Response, ApiError> {
    let provider = provider(&state, &marker)?;
    let (user, issued) = lock(&state.tokens)
        .rotate(body.refresh_token.expose(), &provider.marker, device)
        .ok_or_else(|| ApiError::unauthorized("Invalid or already used refresh token"))?;
    let entity = auth_entity(issued, user, provider);
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

/// POST .../logout-all (no body): ends every session of the caller with this provider,
/// the current one included, and answers `true`.
async fn logout_all(
    State(state): State<Arc<AppState>>,
    User(user): User,
    PathParams(marker): PathParams<String>,
) -> Result<Response, ApiError> {
    let provider = provider(&state, &marker)?;
    lock(&state.tokens).revoke_all(&user, &provider.marker);
    Ok(json(StatusCode::CREATED, DEFAULT_LANGUAGE, &true))
}

/// GET .../sessions: the caller's open sessions with this provider, oldest first, each
/// with the device of its last sign-in or refresh (`{}` when none was sent).
async fn sessions(
    State(state): State<Arc<AppState>>,
    User(user): User,
    PathParams(marker): PathParams<String>,
) -> Result<Response, ApiError> {
    let provider = provider(&state, &marker)?;
    let sessions: Vec<ActiveSession> = lock(&state.tokens)
        .sessions(&user, &provider.marker)
        .into_iter()
        .map(ActiveSession::new)
        .collect();
    Ok(json(StatusCode::OK, DEFAULT_LANGUAGE, &sessions))
}
