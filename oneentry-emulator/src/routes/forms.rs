//! `Forms`: the project's forms (docs/wire-shop.md#forms).

use oneentry_client::api::forms::ops;
use serde_json::json;

use super::shop::{decode, not_found};
use super::{Answer, Call, Page, Routes};

pub(super) fn register(routes: &Routes<'_>) {
    routes.on(ops::GetAllForms, list);
    routes.on(ops::GetFormByMarker, by_marker);
}

/// GET ?langCode=&offset=&limit=: `{total, items}`.
fn list(call: &Call<'_>, request: ops::GetAllFormsRequest) -> Answer<ops::GetAllForms> {
    let shop = &call.state.shop;
    let page = Page::new(request.offset, request.limit)?;
    let items: Vec<_> = page
        .of(shop.fixture.forms.iter())
        .map(|f| shop.form_json(f, call.language()))
        .collect();
    decode(json!({"total": shop.fixture.forms.len(), "items": items}))
}

/// GET /marker/{marker}: one form; 404 when unknown.
fn by_marker(
    call: &Call<'_>,
    request: ops::GetFormByMarkerRequest,
) -> Answer<ops::GetFormByMarker> {
    let shop = &call.state.shop;
    let form = shop
        .form(&request.marker)
        .ok_or_else(|| not_found(format_args!("Form `{}`", request.marker)))?;
    decode(shop.form_json(form, call.language()))
}
