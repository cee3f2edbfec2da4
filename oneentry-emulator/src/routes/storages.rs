//! `Orders`: the project's order storages and their statuses (docs/wire.md#orders).

use oneentry_client::api::orders::ops;
use oneentry_client::api::{OrderStatus, OrderStorage, PaymentAccountRef};

use super::orders::title;
use super::{Answer, Call, Page, Routes, marked};
use crate::project;
use crate::state::lock;

pub(super) fn register(routes: &Routes<'_>) {
    routes.on(ops::GetAllOrdersStorage, list);
    routes.by_marker(ops::GetOrdersStorageByMarker, by_marker);
    routes.by_marker(ops::GetAllStatusesByStorageMarker, statuses);
}

marked!(
    ops::GetOrdersStorageByMarkerRequest,
    ops::GetAllStatusesByStorageMarkerRequest,
);

/// Positions count from 1 in fixture order, as in the admin panel.
fn position(index: usize) -> i64 {
    i64::try_from(index).map_or(i64::MAX, |index| index.saturating_add(1))
}

fn entity(index: usize, storage: &project::OrderStorage) -> OrderStorage {
    let mut out = OrderStorage::new(storage.id);
    out.identifier = Some(storage.marker.clone());
    out.localize_infos = Some(title(&storage.title));
    out.position = Some(position(index));
    out.form_identifier = Some(storage.form_identifier.clone());
    out.general_type_id = None;
    out.payment_account_identifiers = Some(
        storage
            .accounts
            .iter()
            .map(|account| PaymentAccountRef::new(account.identifier.clone()))
            .collect(),
    );
    out
}

/// Where `storage` stands among the project's storages.
fn index_of(call: &Call<'_>, storage: &project::OrderStorage) -> usize {
    let storages = &call.state.project.storages;
    storages
        .iter()
        .position(|other| other.id == storage.id)
        .unwrap_or(storages.len())
}

/// GET ?langCode=&limit=&offset=: the storages, one page (a plain array).
fn list(
    call: &Call<'_>,
    request: ops::GetAllOrdersStorageRequest,
) -> Answer<ops::GetAllOrdersStorage> {
    let page = Page::new(request.offset, request.limit)?;
    let storages = call.state.project.storages.iter().enumerate();
    Ok(page
        .of(storages)
        .map(|(index, storage)| entity(index, storage))
        .collect())
}

/// GET /marker/{marker}?langCode=: one storage; 404 when unknown.
fn by_marker(
    call: &Call<'_>,
    storage: &project::OrderStorage,
    _: ops::GetOrdersStorageByMarkerRequest,
) -> Answer<ops::GetOrdersStorageByMarker> {
    Ok(entity(index_of(call, storage), storage))
}

/// GET /marker/{marker}/order-statuses?langCode=&offset=&limit=: the storage's statuses,
/// one page. `isUsed` says whether some order (of any user) has the status.
fn statuses(
    call: &Call<'_>,
    storage: &project::OrderStorage,
    request: ops::GetAllStatusesByStorageMarkerRequest,
) -> Answer<ops::GetAllStatusesByStorageMarker> {
    let page = Page::new(request.offset, request.limit)?;
    let store = lock(&call.state.store);
    let statuses = page
        .of(storage.statuses.iter().enumerate())
        .map(|(index, status)| {
            let mut out = OrderStatus::new();
            out.id = Some(position(index));
            out.identifier = Some(status.identifier.clone());
            out.localize_infos = Some(title(&status.title));
            out.position = Some(position(index));
            out.is_used = Some(store.status_used(storage.id, &status.identifier));
            out.is_default = Some(status.is_default);
            out
        })
        .collect();
    Ok(statuses)
}
