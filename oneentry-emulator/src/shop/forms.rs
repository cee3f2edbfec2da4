//! Forms and their submitted entries (`docs/wire-shop.md#forms`, `#forms-data`).

use serde_json::{Value, json};

use super::{FormDataFixture, FormFixture, Shop};

impl Shop {
    pub(crate) fn form(&self, marker: &str) -> Option<&FormFixture> {
        self.fixture.forms.iter().find(|f| f.identifier == marker)
    }

    /// A form as the API answers it, texts in `language`.
    pub(crate) fn form_json(&self, f: &FormFixture, language: &str) -> Value {
        let title = self.text(&f.title, language);
        let success = f
            .success_message
            .as_ref()
            .map_or(Value::Null, |m| self.text(m, language));
        let attributes: Vec<Value> = f
            .attributes
            .iter()
            .map(|a| {
                let validators = if a.required {
                    json!({"requiredValidator": {"strict": true}})
                } else {
                    json!({})
                };
                json!({
                    "marker": a.marker, "type": a.kind, "position": a.position, "isVisible": true,
                    "localizeInfos": {"title": self.text(&a.title, language)},
                    "initialValue": null, "listTitles": [], "validators": validators,
                    "settings": {}, "additionalFields": [], "isLogin": null, "isSignUp": null,
                    "isPassword": false, "isSignUpRequired": false, "isNotificationEmail": null,
                    "isNotificationPhonePush": null, "isNotificationPhoneSMS": null,
                })
            })
            .collect();
        json!({
            "id": f.id,
            "attributeSetId": f.id,
            "type": f.kind,
            "localizeInfos": {
                "title": title, "titleForSite": title, "successMessage": success,
                "unsuccessMessage": "", "urlAddress": "", "database": "0", "script": "0",
            },
            "version": 0,
            "position": f.position,
            "identifier": f.identifier,
            "processingType": f.processing_type,
            "templateId": null,
            "attributes": attributes,
            "moduleFormConfigs": [{
                "id": f.module_form_config_id, "formIdentifier": f.identifier,
                "moduleIdentifier": "content", "isGlobal": false, "isClosed": false,
                "entityIdentifiers": [{"id": f.entity_identifier, "isNested": false}],
            }],
        })
    }

    /// A submitted entry as `getFormsDataByMarker` lists it.
    pub(crate) fn form_data_json(&self, d: &FormDataFixture) -> Value {
        let form = self.form(&d.form);
        json!({
            "id": d.id,
            "parentId": null,
            "formIdentifier": d.form,
            "depth": 0,
            "ip": d.ip,
            "fingerprint": d.fingerprint,
            "status": d.status,
            "userIdentifier": d.user,
            "formData": d.form_data,
            "attributeSetIdentifier": null,
            "time": d.time,
            "entityIdentifier": form.map(|f| f.entity_identifier.clone()),
            "isUserAdmin": false,
            "formModuleConfigId": form.map(|f| f.module_form_config_id),
            "moduleIdentifier": "content",
            "entityId": d.entity_id.unwrap_or(0),
        })
    }

    /// A submitted entry as `postFormsData` and `updateFormsDataByid` answer it.
    pub(crate) fn posted_form_data_json(&self, d: &FormDataFixture) -> Value {
        let form = self.form(&d.form);
        json!({
            "id": d.id,
            "formIdentifier": d.form,
            "time": d.time,
            "entityIdentifier": form.map(|f| f.entity_identifier.clone()),
            "fingerprint": d.fingerprint,
            "isUserAdmin": false,
            "formModuleId": form.map(|f| f.module_form_config_id),
            "userIdentifier": d.user,
            "parentId": null,
            "formData": d.form_data,
        })
    }

    /// Whether `entry` passes a `getFormsDataByMarker` filter (`{entityIdentifier,
    /// userIdentifier, status: [...], dateFrom, dateTo}`; unknown keys are ignored).
    pub(crate) fn form_data_passes(&self, d: &FormDataFixture, filter: &Value) -> bool {
        let get = |key: &str| filter.get(key).filter(|v| !v.is_null());
        let text = |key: &str| get(key).and_then(Value::as_str);
        let form_entity = self.form(&d.form).map(|f| f.entity_identifier.as_str());
        let statuses = get("status").and_then(Value::as_array);
        text("userIdentifier").is_none_or(|user| d.user.as_deref() == Some(user))
            && text("entityIdentifier").is_none_or(|entity| form_entity == Some(entity))
            && statuses.is_none_or(|statuses| {
                statuses.is_empty() || statuses.iter().any(|s| s.as_str() == Some(&d.status))
            })
            // ISO 8601 times compare as text; a bare date covers its whole day.
            && text("dateFrom").is_none_or(|from| d.time.as_str() >= from)
            && text("dateTo").is_none_or(|to| d.time.get(..to.len()).unwrap_or(&d.time) <= to)
    }
}
