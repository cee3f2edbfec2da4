//! `Payments`: the project's payment accounts (docs/wire.md#payments).

use oneentry_client::api::payments::ops;
use oneentry_client::api::{AccountSettings, AccountType, PaymentAccount};
use oneentry_client::mock::MockError;

use super::orders::title;
use super::{Answer, Call, Routes};
use crate::project::{self, AccountKind};
use crate::state::AppState;

pub(super) fn register(routes: &Routes<'_>) {
    routes.on(ops::GetAccounts, list);
    routes.on(ops::GetAccountById, by_id);
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
fn list(call: &Call<'_>, _: ops::GetAccountsRequest) -> Answer<ops::GetAccounts> {
    let accounts = &call.state.project.accounts;
    Ok(accounts
        .iter()
        .map(|account| entity(call.state, account))
        .collect())
}

/// GET /accounts/{id}: one payment account; 404 when unknown.
fn by_id(call: &Call<'_>, request: ops::GetAccountByIdRequest) -> Answer<ops::GetAccountById> {
    let id = request.id;
    let account = call
        .state
        .project
        .account_by_id(id)
        .ok_or_else(|| MockError::not_found(format!("Payment account {id} not found")))?;
    Ok(entity(call.state, account))
}
