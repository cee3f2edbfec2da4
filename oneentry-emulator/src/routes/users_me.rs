//! `Users`: the signed-in user's profile and push tokens (docs/wire-shop.md#users). Every
//! endpoint is `auth: user`, checked before the handler runs.

use oneentry_client::api::users::ops;
use serde_json::{Value, json};

use super::shop::{decode, json_of};
use super::{Answer, Call, Routes};
use crate::state::lock;

pub(super) fn register(routes: &Routes<'_>) {
    routes.on(ops::GetUser, get);
    routes.on(ops::UpdateUser, update);
    routes.on(ops::ArchiveUser, |call, _| remove(call));
    routes.on(ops::DeleteUser, |call, _| remove(call));
    routes.on(
        ops::AddFcmToken,
        |call, request: ops::AddFcmTokenRequest| {
            let user = call.user()?;
            let mut state = lock(&call.state.shop.state);
            let profile = state.profile(user, &call.form_of(user));
            if !profile.fcm_tokens.contains(&request.token) {
                profile.fcm_tokens.push(request.token);
            }
            Ok(Value::Bool(true))
        },
    );
    routes.on(
        ops::DeleteFcmToken,
        |call, request: ops::DeleteFcmTokenRequest| {
            let user = call.user()?;
            let mut state = lock(&call.state.shop.state);
            let profile = state.profile(user, &call.form_of(user));
            profile.fcm_tokens.retain(|token| *token != request.token);
            Ok(Value::Bool(true))
        },
    );
}

impl Call<'_> {
    /// The auth provider of `user` (`email` when unknown).
    fn provider_of(&self, user: &str) -> String {
        self.state
            .project
            .users
            .iter()
            .find(|u| u.email == user)
            .map_or_else(|| "email".to_owned(), |u| u.provider.clone())
    }

    /// The registration form of `user`'s provider: a new profile's form.
    fn form_of(&self, user: &str) -> String {
        let provider = self.provider_of(user);
        self.state
            .project
            .provider(&provider)
            .and_then(|p| p.form_identifier.clone())
            .unwrap_or_else(|| "reg".to_owned())
    }
}

/// GET /me: the profile.
fn get(call: &Call<'_>, _: ops::GetUserRequest) -> Answer<ops::GetUser> {
    let user = call.user()?;
    let form = call.form_of(user);
    let provider = call.provider_of(user);
    let mut state = lock(&call.state.shop.state);
    decode(state.profile(user, &form).to_json(user, &provider))
}

/// PUT /me: changes the profile; `true`.
fn update(call: &Call<'_>, request: ops::UpdateUserRequest) -> Answer<ops::UpdateUser> {
    let user = call.user()?;
    let form = call.form_of(user);
    let language = request
        .lang_code
        .clone()
        .unwrap_or_else(|| call.language().to_owned());
    let mut body = json_of(&request.body);
    if body.get("formData").is_some_and(|data| !data.is_object()) {
        body["formData"] = json!({ language.as_str(): body["formData"].take() });
    }
    let mut state = lock(&call.state.shop.state);
    state.profile(user, &form).update(&body, &language);
    Ok(true)
}

/// DELETE /me and /me/account: the profile is forgotten (the account itself stays, so the
/// emulator's other users and tests are not disturbed); `true`.
fn remove(call: &Call<'_>) -> Result<Value, oneentry_client::mock::MockError> {
    let user = call.user()?;
    lock(&call.state.shop.state).profiles.remove(user);
    Ok(Value::Bool(true))
}
