//! `AuthProvider`: the project's auth providers (docs/wire.md#auth-provider).

use oneentry_client::Numeric;
use oneentry_client::api::auth_provider::ops;
use oneentry_client::api::{AuthProviderConfig, AuthProviderEntity, LocalizeInfo};
use oneentry_client::mock::MockError;

use super::{Answer, Call, Page, Routes, marked};
use crate::project::AuthProvider;
use crate::state::AppState;

pub(super) fn register(routes: &Routes<'_>) {
    routes.on(ops::GetAuthProviders, list);
    routes.by_marker(ops::GetAuthProviderByMarker, by_marker);
}

marked!(ops::GetAuthProviderByMarkerRequest);

/// Refresh tokens of the emulator never expire; this is what the config reports (30 days).
const REFRESH_TOKEN_TTL_MS: u64 = 30 * 24 * 3_600 * 1_000;

/// A number the way OneEntry writes provider settings: as a string (`"900"`).
fn text(value: u64) -> Result<Numeric, MockError> {
    Numeric::text(value.to_string())
        .map_err(|err| MockError::internal(format!("bad number: {err}")))
}

fn entity(state: &AppState, provider: &AuthProvider) -> Result<AuthProviderEntity, MockError> {
    let mut config = AuthProviderConfig::new();
    config.access_token_ttl_sec = Some(text(state.access_token_ttl.as_secs())?);
    config.refresh_token_ttl_mc = Some(text(REFRESH_TOKEN_TTL_MS)?);
    config.delete_none_active_users_after_days = Some(text(2)?);
    config.system_code_tls_sec = Some(text(120)?);
    config.system_code_length = Some(text(6)?);
    config.system_code_only_numbers = Some(serde_json::Value::String("true".to_owned()));
    let mut info = LocalizeInfo::new();
    info.title = Some(provider.title.clone());
    let mut entity = AuthProviderEntity::new(
        provider.id,
        provider.marker.clone(),
        provider.kind.clone(),
        true,
        provider.check_code,
    );
    entity.form_identifier = provider.form_identifier.clone();
    // The SDK's schema requires a string here; every demo user is in one group.
    entity.user_group_identifier = Some("users".to_owned());
    entity.version = Some(0);
    entity.localize_infos = Some(info);
    entity.config = Some(config);
    Ok(entity)
}

/// GET ?langCode=&offset=&limit=: the providers, one page.
fn list(call: &Call<'_>, request: ops::GetAuthProvidersRequest) -> Answer<ops::GetAuthProviders> {
    let page = Page::new(request.offset, request.limit)?;
    page.of(call.state.project.providers.iter())
        .map(|provider| entity(call.state, provider))
        .collect()
}

/// GET /marker/{marker}?langCode=: one provider; 404 when unknown.
fn by_marker(
    call: &Call<'_>,
    provider: &AuthProvider,
    _: ops::GetAuthProviderByMarkerRequest,
) -> Answer<ops::GetAuthProviderByMarker> {
    entity(call.state, provider)
}
