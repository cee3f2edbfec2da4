//! `AuthProvider`: the project's auth providers (docs/wire.md#auth-provider).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use oneentry_client::Numeric;
use oneentry_client::api::{AuthProviderConfig, AuthProviderEntity, LocalizeInfo};

use super::auth::provider;
use crate::error::ApiError;
use crate::extract::{PathParams, QueryParams};
use crate::project::AuthProvider;
use crate::respond::json;
use crate::state::AppState;

const PROVIDERS: &str = "/api/content/users-auth-providers";

/// Refresh tokens of the emulator never expire; this is what the config reports (30 days).
const REFRESH_TOKEN_TTL_MS: u64 = 30 * 24 * 3_600 * 1_000;

pub(super) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(PROVIDERS, get(list))
        .route(&format!("{PROVIDERS}/marker/{{marker}}"), get(by_marker))
}

/// A number the way OneEntry writes provider settings: as a string (`"900"`).
fn text(value: u64) -> Result<Numeric, ApiError> {
    Numeric::text(value.to_string()).map_err(|err| ApiError::internal(format!("bad number: {err}")))
}

fn entity(state: &AppState, provider: &AuthProvider) -> Result<AuthProviderEntity, ApiError> {
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
async fn list(
    State(state): State<Arc<AppState>>,
    query: QueryParams,
) -> Result<Response, ApiError> {
    let offset = query.count("offset", 0)?;
    let limit = query.count("limit", 30)?;
    let providers = state
        .project
        .providers
        .iter()
        .skip(offset)
        .take(limit)
        .map(|provider| entity(&state, provider))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(json(StatusCode::OK, query.language(), &providers))
}

/// GET /marker/{marker}?langCode=: one provider; 404 when unknown.
async fn by_marker(
    State(state): State<Arc<AppState>>,
    PathParams(marker): PathParams<String>,
    query: QueryParams,
) -> Result<Response, ApiError> {
    let provider = provider(&state, &marker)?;
    let entity = entity(&state, provider)?;
    Ok(json(StatusCode::OK, query.language(), &entity))
}
