//! `AuthProvider`: sign-up, one-time codes, activation and password change (docs/wire.md#auth-provider).
//!
//! Codes are never sent anywhere: the emulator keeps the last code of every (user, event)
//! so that tests can read it with [`Emulator::last_code`](crate::Emulator::last_code), as
//! they would read an e-mail. Sign-up stores one for [`ACTIVATION_EVENT`].

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use oneentry_client::Secret;
use oneentry_client::api::{SignUpEntity, SignUpRequest};
use oneentry_client::localized::DEFAULT_LANGUAGE;
use serde::Deserialize;

use super::auth::{credential, provider};
use crate::error::ApiError;
use crate::extract::{JsonBody, PathParams};
use crate::project::AuthProvider;
use crate::respond::json;
use crate::state::{AppState, Store, UserRecord, lock};
use crate::time::now_iso8601;

const BASE: &str = "/api/content/users-auth-providers/marker/{marker}/users";

/// The event whose code activates a signed-up user (`activateUser`).
pub const ACTIVATION_EVENT: &str = "activate";

pub(super) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(&format!("{BASE}/sign-up"), post(sign_up))
        .route(&format!("{BASE}/generate-code"), post(generate_code))
        .route(&format!("{BASE}/check-code"), post(check_code))
        .route(&format!("{BASE}/activate"), post(activate))
        .route(&format!("{BASE}/change-password"), post(change_password))
}

/// Body of `generateCode`; the spec sends its fields as body parameters, not as a model.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GenerateCode {
    user_identifier: String,
    event_identifier: String,
}

/// Body of `checkCode`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CheckCode {
    user_identifier: String,
    event_identifier: String,
    code: Secret,
}

/// Body of `activateUser`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Activate {
    user_identifier: String,
    code: Secret,
}

/// Body of `changePassword`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChangePassword {
    user_identifier: String,
    event_identifier: String,
    code: Secret,
    r#type: i64,
    password1: Secret,
    password2: Secret,
}

fn unknown_user(email: &str, provider: &AuthProvider) -> ApiError {
    ApiError::not_found(format!(
        "User `{email}` not found in auth provider `{}`",
        provider.marker
    ))
}

fn non_empty<'a>(value: &'a str, name: &str) -> Result<&'a str, ApiError> {
    if value.is_empty() {
        Err(ApiError::bad_request(format!("{name} must not be empty")))
    } else {
        Ok(value)
    }
}

/// Stores a fresh code for (user, event). Locks the tokens inside the store lock, the only
/// place that takes both: nothing locks them in the other order.
fn new_code(state: &AppState, store: &mut Store, provider: &str, user: &str, event: &str) {
    let code = lock(&state.tokens).code();
    tracing::info!(user, event, code, "one-time code");
    if state.print_codes {
        eprintln!("one-time code for {user} (event `{event}`): {code}");
    }
    store.set_code(provider, user, event, code);
}

/// POST .../sign-up: registers a user, inactive with an activation code when the provider
/// checks codes; 400 for a login that is already registered.
async fn sign_up(
    State(state): State<Arc<AppState>>,
    PathParams(marker): PathParams<String>,
    JsonBody(body): JsonBody<SignUpRequest>,
) -> Result<Response, ApiError> {
    let provider = provider(&state, &marker)?;
    if let Some(form) = &provider.form_identifier
        && &body.form_identifier != form
    {
        return Err(ApiError::bad_request(format!(
            "formIdentifier `{}` is not the registration form of provider `{marker}` (expected `{form}`)",
            body.form_identifier
        )));
    }
    let login = non_empty(
        credential(&body.auth_data, &provider.login_marker)?,
        &provider.login_marker,
    )?;
    let password = non_empty(
        credential(&body.auth_data, &provider.password_marker)?,
        &provider.password_marker,
    )?;
    let lang = match body.extra.get("langCode").and_then(|lang| lang.as_str()) {
        Some(lang) if !lang.is_empty() => lang.to_owned(),
        _ => DEFAULT_LANGUAGE.to_owned(),
    };
    let now = now_iso8601();
    let user = {
        let mut store = lock(&state.store);
        if store.user(&provider.marker, login).is_some() {
            return Err(ApiError::bad_request(format!(
                "User `{login}` is already registered with provider `{marker}`"
            )));
        }
        let user = UserRecord {
            id: store.next_user_id(),
            provider: provider.marker.clone(),
            email: login.to_owned(),
            password: password.to_owned(),
            active: !provider.check_code,
            form_data: body.form_data,
            notification: Some(body.notification_data),
            created_date: now.clone(),
            updated_date: now,
        };
        store.add_user(user.clone());
        if provider.check_code {
            new_code(
                &state,
                &mut store,
                &provider.marker,
                login,
                ACTIVATION_EVENT,
            );
        }
        user
    };
    let mut entity = SignUpEntity::new(user.id, user.email, user.active);
    entity.version = Some(0);
    entity.created_date = Some(user.created_date);
    entity.updated_date = Some(user.updated_date);
    entity.form_data = Some(user.form_data);
    entity.notification_data = user.notification;
    entity.locale = Some(lang.clone());
    entity.is_deleted = Some(false);
    entity.state = Some(serde_json::json!({}));
    Ok(json(StatusCode::CREATED, &lang, &entity))
}

/// POST .../generate-code: stores a fresh six-digit code for (user, event), replacing the
/// previous one; 404 for an unknown user.
async fn generate_code(
    State(state): State<Arc<AppState>>,
    PathParams(marker): PathParams<String>,
    JsonBody(body): JsonBody<GenerateCode>,
) -> Result<Response, ApiError> {
    let provider = provider(&state, &marker)?;
    let event = non_empty(&body.event_identifier, "eventIdentifier")?;
    let mut store = lock(&state.store);
    if store
        .user(&provider.marker, &body.user_identifier)
        .is_none()
    {
        return Err(unknown_user(&body.user_identifier, provider));
    }
    new_code(
        &state,
        &mut store,
        &provider.marker,
        &body.user_identifier,
        event,
    );
    drop(store);
    let answer = serde_json::json!({ "success": true });
    Ok(json(StatusCode::CREATED, DEFAULT_LANGUAGE, &answer))
}

/// POST .../check-code: whether the code is the valid one for (user, event), as `true` or
/// `false`; the code stays valid. 404 for an unknown user.
async fn check_code(
    State(state): State<Arc<AppState>>,
    PathParams(marker): PathParams<String>,
    JsonBody(body): JsonBody<CheckCode>,
) -> Result<Response, ApiError> {
    let provider = provider(&state, &marker)?;
    let store = lock(&state.store);
    if store
        .user(&provider.marker, &body.user_identifier)
        .is_none()
    {
        return Err(unknown_user(&body.user_identifier, provider));
    }
    let valid = store.code_matches(
        &provider.marker,
        &body.user_identifier,
        &body.event_identifier,
        body.code.expose(),
    );
    drop(store);
    Ok(json(StatusCode::CREATED, DEFAULT_LANGUAGE, &valid))
}

/// POST .../activate: activates the user with the code of [`ACTIVATION_EVENT`] and uses
/// the code up; answers `true`. 400 for a wrong code, 404 for an unknown user.
async fn activate(
    State(state): State<Arc<AppState>>,
    PathParams(marker): PathParams<String>,
    JsonBody(body): JsonBody<Activate>,
) -> Result<Response, ApiError> {
    let provider = provider(&state, &marker)?;
    let mut store = lock(&state.store);
    let email = body.user_identifier;
    if store.user(&provider.marker, &email).is_none() {
        return Err(unknown_user(&email, provider));
    }
    if !store.code_matches(
        &provider.marker,
        &email,
        ACTIVATION_EVENT,
        body.code.expose(),
    ) {
        return Err(ApiError::bad_request(format!(
            "Wrong activation code for user `{email}`"
        )));
    }
    store.remove_code(&provider.marker, &email, ACTIVATION_EVENT);
    let now = now_iso8601();
    if let Some(user) = store.user_mut(&provider.marker, &email) {
        user.active = true;
        user.updated_date = now;
    }
    drop(store);
    Ok(json(StatusCode::CREATED, DEFAULT_LANGUAGE, &true))
}

/// POST .../change-password: sets a new password with the code of the given event and uses
/// the code up; answers `true`. 400 for a `type` other than 1 or 2, different passwords, an
/// empty password or a wrong code; 404 for an unknown user. Open sessions stay open.
async fn change_password(
    State(state): State<Arc<AppState>>,
    PathParams(marker): PathParams<String>,
    JsonBody(body): JsonBody<ChangePassword>,
) -> Result<Response, ApiError> {
    let provider = provider(&state, &marker)?;
    if !matches!(body.r#type, 1 | 2) {
        return Err(ApiError::bad_request(format!(
            "type must be 1 (change) or 2 (recovery), got {}",
            body.r#type
        )));
    }
    if body.password1.expose() != body.password2.expose() {
        return Err(ApiError::bad_request(
            "password1 and password2 do not match",
        ));
    }
    let password = non_empty(body.password1.expose(), "password1")?;
    let email = body.user_identifier;
    let event = body.event_identifier;
    let mut store = lock(&state.store);
    if store.user(&provider.marker, &email).is_none() {
        return Err(unknown_user(&email, provider));
    }
    if !store.code_matches(&provider.marker, &email, &event, body.code.expose()) {
        return Err(ApiError::bad_request(format!(
            "Wrong code for user `{email}` and event `{event}`"
        )));
    }
    store.remove_code(&provider.marker, &email, &event);
    let now = now_iso8601();
    if let Some(user) = store.user_mut(&provider.marker, &email) {
        user.password = password.to_owned();
        user.updated_date = now;
    }
    drop(store);
    Ok(json(StatusCode::CREATED, DEFAULT_LANGUAGE, &true))
}
