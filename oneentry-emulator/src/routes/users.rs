//! `AuthProvider`: sign-up, one-time codes, activation and password change (docs/wire.md#auth-provider).
//!
//! Codes are never sent anywhere: the emulator keeps the last code of every (user, event)
//! so that tests can read it with [`Emulator::last_code`](crate::Emulator::last_code), as
//! they would read an e-mail. Sign-up stores one for [`ACTIVATION_EVENT`].

use oneentry_client::JsonValue;
use oneentry_client::api::SignUpEntity;
use oneentry_client::api::auth_provider::ops;
use oneentry_client::mock::MockError;

use super::auth::credential;
use super::{Answer, Call, Routes, marked};
use crate::project::AuthProvider;
use crate::state::{AppState, Store, UserRecord, lock};
use crate::time::now_iso8601;

/// The event whose code activates a signed-up user (`activateUser`).
pub const ACTIVATION_EVENT: &str = "activate";

pub(super) fn register(routes: &Routes<'_>) {
    routes.by_marker(ops::SignUp, sign_up);
    routes.by_marker(ops::GenerateCode, generate_code);
    routes.by_marker(ops::CheckCode, check_code);
    routes.by_marker(ops::ActivateUser, activate);
    routes.by_marker(ops::ChangePassword, change_password);
}

marked!(
    ops::SignUpRequest,
    ops::GenerateCodeRequest,
    ops::CheckCodeRequest,
    ops::ActivateUserRequest,
    ops::ChangePasswordRequest,
);

fn unknown_user(email: &str, provider: &AuthProvider) -> MockError {
    MockError::not_found(format!(
        "User `{email}` not found in auth provider `{}`",
        provider.marker
    ))
}

fn non_empty<'a>(value: &'a str, name: &str) -> Result<&'a str, MockError> {
    if value.is_empty() {
        Err(MockError::bad_request(format!("{name} must not be empty")))
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
fn sign_up(
    call: &Call<'_>,
    provider: &AuthProvider,
    request: ops::SignUpRequest,
) -> Answer<ops::SignUp> {
    let state = call.state;
    let body = request.body;
    let marker = &provider.marker;
    if let Some(form) = &provider.form_identifier
        && &body.form_identifier != form
    {
        return Err(MockError::bad_request(format!(
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
    let now = now_iso8601();
    let mut store = lock(&state.store);
    if store.user(marker, login).is_some() {
        return Err(MockError::bad_request(format!(
            "User `{login}` is already registered with provider `{marker}`"
        )));
    }
    let user = UserRecord {
        id: store.next_user_id(),
        provider: marker.clone(),
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
        new_code(state, &mut store, marker, login, ACTIVATION_EVENT);
    }
    let mut entity = SignUpEntity::new(user.id, user.email, user.active);
    entity.version = Some(0);
    entity.created_date = Some(user.created_date);
    entity.updated_date = Some(user.updated_date);
    entity.form_data = Some(user.form_data);
    entity.notification_data = user.notification;
    entity.locale = Some(call.ctx.language().to_owned());
    entity.is_deleted = Some(false);
    entity.state = Some(serde_json::json!({}));
    Ok(entity)
}

/// The store, once `email` is known to be a user of `provider`; 404 otherwise.
fn store_with_user<'a>(
    state: &'a AppState,
    provider: &AuthProvider,
    email: &str,
) -> Result<std::sync::MutexGuard<'a, Store>, MockError> {
    let store = lock(&state.store);
    if store.user(&provider.marker, email).is_none() {
        return Err(unknown_user(email, provider));
    }
    Ok(store)
}

/// POST .../generate-code: stores a fresh six-digit code for (user, event), replacing the
/// previous one; 404 for an unknown user.
fn generate_code(
    call: &Call<'_>,
    provider: &AuthProvider,
    request: ops::GenerateCodeRequest,
) -> Answer<ops::GenerateCode> {
    let event = non_empty(&request.event_identifier, "eventIdentifier")?;
    let user = &request.user_identifier;
    let mut store = store_with_user(call.state, provider, user)?;
    new_code(call.state, &mut store, &provider.marker, user, event);
    Ok(serde_json::json!({ "success": true }))
}

/// POST .../check-code: whether the code is the valid one for (user, event), as `true` or
/// `false`; the code stays valid. 404 for an unknown user.
fn check_code(
    call: &Call<'_>,
    provider: &AuthProvider,
    request: ops::CheckCodeRequest,
) -> Answer<ops::CheckCode> {
    let user = &request.user_identifier;
    let store = store_with_user(call.state, provider, user)?;
    let valid = store.code_matches(
        &provider.marker,
        user,
        &request.event_identifier,
        request.code.expose(),
    );
    Ok(JsonValue::Bool(valid))
}

/// POST .../activate: activates the user with the code of [`ACTIVATION_EVENT`] and uses
/// the code up; answers `true`. 400 for a wrong code, 404 for an unknown user.
fn activate(
    call: &Call<'_>,
    provider: &AuthProvider,
    request: ops::ActivateUserRequest,
) -> Answer<ops::ActivateUser> {
    let email = &request.user_identifier;
    let mut store = store_with_user(call.state, provider, email)?;
    let marker = &provider.marker;
    if !store.code_matches(marker, email, ACTIVATION_EVENT, request.code.expose()) {
        return Err(MockError::bad_request(format!(
            "Wrong activation code for user `{email}`"
        )));
    }
    store.remove_code(marker, email, ACTIVATION_EVENT);
    let now = now_iso8601();
    if let Some(user) = store.user_mut(marker, email) {
        user.active = true;
        user.updated_date = now;
    }
    Ok(JsonValue::Bool(true))
}

/// POST .../change-password: sets a new password with the code of the given event and uses
/// the code up; answers `true`. 400 for a `type` other than 1 or 2, different passwords, an
/// empty password or a wrong code; 404 for an unknown user. Open sessions stay open.
fn change_password(
    call: &Call<'_>,
    provider: &AuthProvider,
    request: ops::ChangePasswordRequest,
) -> Answer<ops::ChangePassword> {
    if !matches!(request.r#type, 1 | 2) {
        return Err(MockError::bad_request(format!(
            "type must be 1 (change) or 2 (recovery), got {}",
            request.r#type
        )));
    }
    if request.password1.expose() != request.password2.expose() {
        return Err(MockError::bad_request(
            "password1 and password2 do not match",
        ));
    }
    let password = non_empty(request.password1.expose(), "password1")?;
    let email = &request.user_identifier;
    let event = &request.event_identifier;
    let marker = &provider.marker;
    let mut store = store_with_user(call.state, provider, email)?;
    if !store.code_matches(marker, email, event, request.code.expose()) {
        return Err(MockError::bad_request(format!(
            "Wrong code for user `{email}` and event `{event}`"
        )));
    }
    store.remove_code(marker, email, event);
    let now = now_iso8601();
    if let Some(user) = store.user_mut(marker, email) {
        user.password = password.to_owned();
        user.updated_date = now;
    }
    Ok(JsonValue::Bool(true))
}
