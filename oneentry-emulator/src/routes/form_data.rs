//! `FormsData`: submitted forms, stored and listable (docs/wire-shop.md#forms-data).

use oneentry_client::api::forms_data::ops;
use serde_json::{Value, json};

use super::shop::{decode, json_of, not_found};
use super::{Answer, Call, Page, Routes};
use crate::shop::FormDataFixture;
use crate::state::lock;

pub(super) fn register(routes: &Routes<'_>) {
    routes.on(ops::PostFormsData, post);
    routes.on(ops::GetFormsDataByMarker, by_marker);
    routes.on(ops::UpdateFormsDataByid, update);
    routes.on(
        ops::UpdateFormsDataStatusByid,
        |call, request: ops::UpdateFormsDataStatusByidRequest| {
            call.user()?;
            let mut state = lock(&call.state.shop.state);
            let entry = entry(&mut state.form_data, request.id)?;
            entry.status.clone_from(&request.body.status);
            Ok(Value::Bool(true))
        },
    );
    routes.on(
        ops::DeleteFormsDataByid,
        |call, request: ops::DeleteFormsDataByidRequest| {
            call.user()?;
            let mut state = lock(&call.state.shop.state);
            entry(&mut state.form_data, request.id)?;
            state.form_data.retain(|d| d.id != request.id);
            Ok(Value::Bool(true))
        },
    );
}

fn entry(
    entries: &mut [FormDataFixture],
    id: i64,
) -> Result<&mut FormDataFixture, oneentry_client::mock::MockError> {
    entries
        .iter_mut()
        .find(|d| d.id == id)
        .ok_or_else(|| not_found(format_args!("Form data {id}")))
}

/// The fields of a localized `formData` as sent: the call's language's list.
fn fields(value: Value, language: &str) -> Value {
    match value {
        Value::Object(mut map) => map
            .remove(language)
            .or_else(|| map.into_iter().next().map(|(_, v)| v))
            .unwrap_or_else(|| json!([])),
        other => other,
    }
}

/// The `fingerprint` of `x-device-metadata`, which the API keeps with an entry; a fixed one
/// when the header has none.
fn fingerprint(call: &Call<'_>) -> String {
    call.ctx
        .headers()
        .get("x-device-metadata")
        .and_then(|value| serde_json::from_slice::<Value>(value.as_bytes()).ok())
        .and_then(|metadata| metadata.get("fingerprint")?.as_str().map(str::to_owned))
        .unwrap_or_else(|| "UQ_emulator".to_owned())
}

/// POST: stores the entry; the form must exist. Who sent it is the signed-in user, when
/// the request carries a valid token.
fn post(call: &Call<'_>, request: ops::PostFormsDataRequest) -> Answer<ops::PostFormsData> {
    let shop = &call.state.shop;
    let body = request.body;
    let form = shop
        .form(&body.form_identifier)
        .ok_or_else(|| not_found(format_args!("Form `{}`", body.form_identifier)))?;
    let sent = json_of(&body);
    let form_data = fields(
        sent.get("formData").cloned().unwrap_or(Value::Null),
        call.language(),
    );
    let user = call.optional_user();
    let mut state = lock(&shop.state);
    let id = state
        .form_data
        .iter()
        .map(|d| d.id)
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    let entry = FormDataFixture {
        id,
        form: form.identifier.clone(),
        time: crate::time::now_iso8601(),
        status: body.status.clone().unwrap_or_else(|| "sent".to_owned()),
        user,
        fingerprint: Some(fingerprint(call)),
        ip: Some("127.0.0.1".to_owned()),
        entity_id: None,
        form_data,
    };
    let answer = shop.posted_form_data_json(&entry);
    state.form_data.push(entry);
    let message = form
        .success_message
        .as_ref()
        .map_or(Value::String(String::new()), |m| {
            shop.text(m, call.language())
        });
    decode(json!({"formData": answer, "actionMessage": message}))
}

/// POST /marker/{marker}: the form's entries passing the body's filter, one page.
fn by_marker(
    call: &Call<'_>,
    request: ops::GetFormsDataByMarkerRequest,
) -> Answer<ops::GetFormsDataByMarker> {
    let shop = &call.state.shop;
    let form = shop
        .form(&request.marker)
        .ok_or_else(|| not_found(format_args!("Form `{}`", request.marker)))?;
    let filter = json_of(&request.body);
    let page = Page::new(request.offset, request.limit)?;
    let state = lock(&shop.state);
    let matching: Vec<&FormDataFixture> = state
        .form_data
        .iter()
        .filter(|d| d.form == form.identifier && shop.form_data_passes(d, &filter))
        .collect();
    let total = matching.len();
    let items: Vec<Value> = page
        .of(matching.into_iter())
        .map(|d| shop.form_data_json(d))
        .collect();
    decode(json!({"items": items, "total": total}))
}

/// PUT /{id}: changes an entry's fields (and form); the updated entry.
fn update(
    call: &Call<'_>,
    request: ops::UpdateFormsDataByidRequest,
) -> Answer<ops::UpdateFormsDataByid> {
    call.user()?;
    let shop = &call.state.shop;
    let body = json_of(&request.body);
    let mut state = lock(&shop.state);
    let entry = entry(&mut state.form_data, request.id)?;
    if let Some(form) = body.get("formIdentifier").and_then(Value::as_str) {
        if shop.form(form).is_none() {
            return Err(not_found(format_args!("Form `{form}`")));
        }
        form.clone_into(&mut entry.form);
    }
    if let Some(data) = body.get("formData").filter(|d| !d.is_null()) {
        entry.form_data = fields(data.clone(), call.language());
    }
    let mut answer = shop.posted_form_data_json(entry);
    if answer["userIdentifier"].is_null() {
        answer["userIdentifier"] = "".into();
    }
    decode(answer)
}
