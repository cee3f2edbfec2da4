//! `AuthProvider`: sign-in (form and OAuth), token refresh, sign-out and open sessions
//! (docs/wire.md#auth-provider).

use oneentry_client::JsonValue;
use oneentry_client::api::auth_provider::ops;
use oneentry_client::api::{ActiveSession, AuthData, AuthEntity, DeviceInfo};
use oneentry_client::mock::MockError;

use super::{Answer, Call, Routes, marked};
use crate::project::AuthProvider;
use crate::state::lock;
use crate::tokens::Issued;

/// The `code` an OAuth sign-in accepts is this prefix followed by a registered user's e-mail.
pub(crate) const OAUTH_CODE_PREFIX: &str = "demo-code:";

pub(super) fn register(routes: &Routes<'_>) {
    routes.by_marker(ops::Auth, sign_in);
    routes.by_marker(ops::Refresh, refresh);
    routes.by_marker(ops::Logout, logout);
    routes.by_marker(ops::LogoutAll, logout_all);
    routes.by_marker(ops::GetActiveSessionsByMarker, sessions);
    routes.by_marker(ops::Oauth, oauth);
}

marked!(
    ops::AuthRequest,
    ops::RefreshRequest,
    ops::LogoutRequest,
    ops::LogoutAllRequest,
    ops::GetActiveSessionsByMarkerRequest,
    ops::OauthRequest,
);

/// The value of the `authData` entry with `marker`.
pub(super) fn credential<'a>(
    auth_data: &'a [AuthData],
    marker: &str,
) -> Result<&'a str, MockError> {
    auth_data
        .iter()
        .find(|entry| entry.marker == marker)
        .map(|entry| entry.value.expose())
        .ok_or_else(|| MockError::bad_request(format!("authData has no `{marker}` entry")))
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
fn not_activated(email: &str) -> MockError {
    MockError::forbidden(format!(
        "User `{email}` is not activated: activate the account with the code sent at sign-up"
    ))
}

/// POST .../auth: e-mail and password of an active user → a new session.
fn sign_in(
    call: &Call<'_>,
    provider: &AuthProvider,
    request: ops::AuthRequest,
) -> Answer<ops::Auth> {
    let auth_data = &request.body.auth_data;
    let login = credential(auth_data, &provider.login_marker)?;
    let password = credential(auth_data, &provider.password_marker)?;
    let wrong = MockError::unauthorized("Wrong login or password");
    open_session(call, provider, login, Some(password), wrong)
}

/// Issues tokens for the user `login` of `provider`, who must exist (with `password`, when
/// given) and be active; `unknown` is the answer otherwise. Shared by sign-in and OAuth.
fn open_session(
    call: &Call<'_>,
    provider: &AuthProvider,
    login: &str,
    password: Option<&str>,
    unknown: MockError,
) -> Result<AuthEntity, MockError> {
    let state = call.state;
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
    let device = call.device().unwrap_or_default();
    let issued = lock(&state.tokens).issue(&email, &provider.marker, device);
    Ok(auth_entity(issued, email, provider))
}

/// POST .../oauth: trades an authorization code for a session, without a real OAuth
/// provider. The provider's fixture names the accepted `client_id` and `client_secret`
/// (`demo-client` / `demo-secret` in the demo); `grant_type` must be
/// `authorization_code`, and the code `demo-code:<e-mail>` of a registered, active user.
fn oauth(
    call: &Call<'_>,
    provider: &AuthProvider,
    request: ops::OauthRequest,
) -> Answer<ops::Oauth> {
    let marker = &provider.marker;
    let body = request.body;
    let client = provider.oauth.as_ref().ok_or_else(|| {
        MockError::bad_request(format!(
            "Auth provider `{marker}` does not accept OAuth sign-ins"
        ))
    })?;
    if body.grant_type != "authorization_code" {
        return Err(MockError::bad_request(format!(
            "grant_type must be `authorization_code`, got `{}`",
            body.grant_type
        )));
    }
    if body.client_id != client.client_id || body.client_secret.expose() != client.client_secret {
        return Err(MockError::unauthorized(
            "Invalid client_id or client_secret",
        ));
    }
    let email = body
        .code
        .expose()
        .strip_prefix(OAUTH_CODE_PREFIX)
        .filter(|email| !email.is_empty())
        .ok_or_else(|| {
            MockError::unauthorized(format!(
                "Invalid authorization code: the emulator accepts `{OAUTH_CODE_PREFIX}<e-mail>`"
            ))
        })?;
    let unknown = MockError::unauthorized(format!(
        "Invalid authorization code: no user `{email}` in provider `{marker}`"
    ));
    open_session(call, provider, email, None, unknown)
}

/// POST .../refresh: rotates the refresh token; the old pair stops working.
fn refresh(
    call: &Call<'_>,
    provider: &AuthProvider,
    request: ops::RefreshRequest,
) -> Answer<ops::Refresh> {
    let device: Option<DeviceInfo> = call.device();
    let (user, issued) = lock(&call.state.tokens)
        .rotate(request.refresh_token.expose(), &provider.marker, device)
        .ok_or_else(|| MockError::unauthorized("Invalid or already used refresh token"))?;
    Ok(auth_entity(issued, user, provider))
}

/// POST .../logout: ends the session of the given refresh token, answers `true`.
///
/// A refresh token that is not one of the caller's sessions is a 400, not a 401: a 401
/// would make clients refresh and retry a request that cannot succeed.
fn logout(call: &Call<'_>, _: &AuthProvider, request: ops::LogoutRequest) -> Answer<ops::Logout> {
    if !lock(&call.state.tokens).revoke(request.refresh_token.expose(), call.user()?) {
        return Err(MockError::bad_request(
            "refreshToken is not a session of the signed-in user",
        ));
    }
    Ok(JsonValue::Bool(true))
}

/// POST .../logout-all (no body): ends every session of the caller with this provider,
/// the current one included, and answers `true`.
fn logout_all(
    call: &Call<'_>,
    provider: &AuthProvider,
    _: ops::LogoutAllRequest,
) -> Answer<ops::LogoutAll> {
    lock(&call.state.tokens).revoke_all(call.user()?, &provider.marker);
    Ok(JsonValue::Bool(true))
}

/// GET .../sessions: the caller's open sessions with this provider, oldest first, each
/// with the device of its last sign-in or refresh (`{}` when none was sent).
fn sessions(
    call: &Call<'_>,
    provider: &AuthProvider,
    _: ops::GetActiveSessionsByMarkerRequest,
) -> Answer<ops::GetActiveSessionsByMarker> {
    let sessions = lock(&call.state.tokens)
        .sessions(call.user()?, &provider.marker)
        .into_iter()
        .map(ActiveSession::new)
        .collect();
    Ok(sessions)
}
