//! The signed-in user's profile and push tokens (`docs/wire-shop.md#users`).

use serde_json::{Map, Value, json};

use super::{ProfileFixture, ShopState};

impl ShopState {
    /// The profile of `user`, created empty on first use with `form` as its form.
    pub(crate) fn profile(&mut self, user: &str, form: &str) -> &mut ProfileFixture {
        let next_id = self
            .profiles
            .values()
            .map(|p| p.id)
            .max()
            .unwrap_or(0)
            .saturating_add(1);
        self.profiles
            .entry(user.to_owned())
            .or_insert_with(|| ProfileFixture {
                id: next_id,
                form_identifier: form.to_owned(),
                groups: Vec::new(),
                state: Map::new(),
                form_data: Vec::new(),
                fcm_tokens: Vec::new(),
            })
    }
}

impl ProfileFixture {
    /// The profile as `getUser` answers it.
    pub(crate) fn to_json(&self, user: &str, provider: &str) -> Value {
        json!({
            "id": self.id,
            "identifier": user,
            "authProviderIdentifier": provider,
            "formData": self.form_data,
            "formIdentifier": self.form_identifier,
            "total": "1",
            "groups": self.groups,
            "state": self.state,
            "moduleFormConfigs": [],
            "rating": {},
        })
    }

    /// Applies an `updateUser` body (as JSON): `formData` fields replace those of the same
    /// marker, `state` replaces the state (`null` clears it), `formIdentifier` replaces the
    /// form.
    pub(crate) fn update(&mut self, body: &Value, language: &str) {
        if let Some(form) = body.get("formIdentifier").and_then(Value::as_str) {
            form.clone_into(&mut self.form_identifier);
        }
        let fields = body.get("formData").map(|data| match data {
            Value::Object(map) => map.get(language).or_else(|| map.values().next()).cloned(),
            other => Some(other.clone()),
        });
        for field in fields
            .flatten()
            .and_then(|f| f.as_array().cloned())
            .unwrap_or_default()
        {
            let marker = field.get("marker").cloned();
            match self
                .form_data
                .iter_mut()
                .find(|f| f.get("marker") == marker.as_ref())
            {
                Some(existing) => *existing = field,
                None => self.form_data.push(field),
            }
        }
        match body.get("state") {
            Some(Value::Object(state)) => self.state = state.clone(),
            Some(Value::Null) => self.state = Map::new(),
            _ => {}
        }
    }
}
