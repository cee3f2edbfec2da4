//! `Payments`: payment sessions of a user's orders (docs/wire.md#payments).

use oneentry_client::OneOrMany;
use oneentry_client::api::payments::ops;
use oneentry_client::api::{PaymentSession, SessionStatus, SessionType, SessionsPage};
use oneentry_client::mock::MockError;

use super::{Answer, Call, Page, Routes, order_not_found};
use crate::project::AccountKind;
use crate::state::{SessionRecord, lock};
use crate::time::now_iso8601;

/// The official SDK lists sessions at `.../sessions/` and creates them at `.../sessions`, as
/// the spec says; the router also takes the other form of each (it ignores a trailing slash
/// when the exact path has no endpoint for the method), since a client that normalises
/// slashes should not get a 404.
pub(super) fn register(routes: &Routes<'_>) {
    routes.on(ops::CreateSession, create);
    routes.on(ops::GetSessionByOrderId, by_order);
    routes.on(ops::GetSessionById, by_id);
    routes.on(ops::GetSessions, list);
}

/// POST /sessions: a `waiting` session for one of the caller's orders.
fn create(call: &Call<'_>, request: ops::CreateSessionRequest) -> Answer<ops::CreateSession> {
    let (user, state) = (call.user()?, call.state);
    let kind = request.r#type;
    if let SessionType::Other(other) = &kind {
        return Err(MockError::bad_request(format!(
            "type must be `session` or `intent`, got `{other}`"
        )));
    }
    let mut store = lock(&state.store);
    let order = store
        .order(user, request.order_id)
        .ok_or_else(|| order_not_found(request.order_id))?;
    let account = state
        .project
        .storage_by_id(order.storage_id)
        .and_then(|storage| storage.account(&order.payment_account))
        .ok_or_else(|| MockError::internal(format!("order {} has no payment account", order.id)))?;
    if kind == SessionType::Intent && account.kind != AccountKind::Stripe {
        return Err(MockError::bad_request(format!(
            "Payment account `{}` is a custom account: it cannot open `intent` sessions",
            account.identifier
        )));
    }
    let id = store.next_session_id();
    let now = now_iso8601();
    let mut session = PaymentSession::new(
        id,
        now.clone(),
        now,
        kind.clone(),
        SessionStatus::Waiting,
        account.id,
        order.id,
    );
    if kind == SessionType::Intent {
        // A Stripe payment intent is confirmed by the client with its secret, not on a page.
        session.client_secret = Some(lock(&state.tokens).client_secret(id).into());
    } else {
        session.payment_url = account
            .checkout_url
            .as_ref()
            .map(|url| format!("{url}/{id}"));
    }
    store.add_session(SessionRecord {
        owner: user.to_owned(),
        session: session.clone(),
    });
    Ok(session)
}

/// GET /sessions/order/{id}: an array with the order's sessions (the newest API's shape).
fn by_order(
    call: &Call<'_>,
    request: ops::GetSessionByOrderIdRequest,
) -> Answer<ops::GetSessionByOrderId> {
    let (user, id) = (call.user()?, request.id);
    let store = lock(&call.state.store);
    store.order(user, id).ok_or_else(|| order_not_found(id))?;
    let sessions = store.sessions_of_order(user, id).into_iter().cloned();
    Ok(OneOrMany::Many(sessions.collect()))
}

/// GET /sessions/{id}: one of the caller's sessions.
fn by_id(call: &Call<'_>, request: ops::GetSessionByIdRequest) -> Answer<ops::GetSessionById> {
    let id = request.id;
    lock(&call.state.store)
        .session(call.user()?, id)
        .cloned()
        .ok_or_else(|| MockError::not_found(format!("Payment session {id} not found")))
}

/// GET /sessions/?offset=&limit=: the caller's sessions, oldest first, one page.
fn list(call: &Call<'_>, request: ops::GetSessionsRequest) -> Answer<ops::GetSessions> {
    let page = Page::new(request.offset, request.limit)?;
    let store = lock(&call.state.store);
    let (total, items) = store.sessions_page(call.user()?, page.offset, page.limit);
    let items = items.into_iter().cloned().collect();
    Ok(SessionsPage::new(
        i64::try_from(total).unwrap_or(i64::MAX),
        items,
    ))
}
