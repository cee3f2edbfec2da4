//! `Payments`: the project's payment accounts (docs/wire.md#payments).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use oneentry_client::api::{AccountSettings, AccountType, PaymentAccount};
use oneentry_client::localized::DEFAULT_LANGUAGE;

use super::orders::title;
use crate::error::ApiError;
use crate::extract::{PathParams, User};
use crate::project::{self, AccountKind};
use crate::respond::json;
use crate::state::AppState;

const ACCOUNTS: &str = "/api/content/payments/accounts";

pub(super) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(ACCOUNTS, get(list))
        .route(&format!("{ACCOUNTS}/{{id}}"), get(by_id))
}

fn entity(state: &AppState, account: &project::PaymentAccount) -> PaymentAccount {
    let kind = match account.kind {
        AccountKind::Stripe => AccountType::Stripe,
        AccountKind::Custom => AccountType::Custom,
    };
    let mut settings = AccountSettings::new();
    settings.status = Some("active".to_owned());
    let mut out = PaymentAccount::new(account.id, account.identifier.clone(), kind);
    out.is_visible = Some(true);
    out.is_used = Some(
        state
            .project
            .storages
            .iter()
            .any(|storage| storage.account(&account.identifier).is_some()),
    );
    // Nothing is ever charged: every account is in test mode.
    out.test_mode = Some(true);
    out.localize_infos = Some(title(&account.title));
    out.settings = Some(settings);
    out.updated_date = Some(state.started.clone());
    out
}

/// GET /accounts: every payment account of the project.
async fn list(State(state): State<Arc<AppState>>, User(_user): User) -> Response {
    let accounts: Vec<PaymentAccount> = state
        .project
        .accounts
        .iter()
        .map(|account| entity(&state, account))
        .collect();
    json(StatusCode::OK, DEFAULT_LANGUAGE, &accounts)
}

/// GET /accounts/{id}: one payment account; 404 when unknown.
async fn by_id(
    State(state): State<Arc<AppState>>,
    User(_user): User,
    PathParams(id): PathParams<i64>,
) -> Result<Response, ApiError> {
    let account = state
        .project
        .account_by_id(id)
        .ok_or_else(|| ApiError::not_found(format!("Payment account {id} not found")))?;
    Ok(json(
        StatusCode::OK,
        DEFAULT_LANGUAGE,
        &entity(&state, account),
    ))
}
