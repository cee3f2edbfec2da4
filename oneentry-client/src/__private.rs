//! Items for generated code only (`oneentry_macros::api!`). Not a stable API.
//!
//! This is exactly the runtime side of the contract in `docs/ARCHITECTURE.md`: the endpoint
//! description, the request under construction, and re-exports that let generated derives
//! name serde without the user's crate depending on it.

use std::fmt::{self, Display};

use serde::Serialize;

use crate::{Client, Error, JsonMap, JsonValue, Result, Secret};

pub use serde;
pub use serde_json;

pub use crate::localized::{deserialize, serialize};
pub use crate::model::{Key, Slot};
pub use crate::pages::PagedRequest;

/// `localized::{serialize, deserialize}` as a module, for
/// `#[serde(with = "::oneentry_client::__private::localized")]`.
pub mod localized {
    pub use crate::localized::{deserialize, serialize};
}

/// Static description of one endpoint, emitted by the macro as a `static`/`const`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// `Module.endpoint`, e.g. `Orders.createOrder`; starts every error message.
    pub id: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Full path template relative to the project URL, with `{name}` placeholders:
    /// `/api/content/orders-storage/marker/{marker}/orders`.
    pub path: &'static str,
    /// Whether the endpoint needs a signed-in user.
    pub auth: Auth,
    /// What a 2xx answer does to the client's session.
    pub session: SessionEffect,
    /// The request may be sent again when its outcome is unknown: the retry policy
    /// re-sends only idempotent requests. From the spec's `idempotent` (by default
    /// true for `GET`, false otherwise).
    pub idempotent: bool,
}

impl Endpoint {
    /// Whether sending the request twice has the same effect as sending it once, which
    /// makes it safe to resend after an attempt whose outcome is unknown: the spec's
    /// `idempotent`, so a `PUT` that replaces a resource can be retried while a `POST` that
    /// creates one never is.
    pub fn is_idempotent(&self) -> bool {
        self.idempotent
    }
}

/// HTTP method of an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST` (the only method that carries `x-device-metadata`, like the official SDK)
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method name as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Delete => "DELETE",
        }
    }
}

/// Authentication an endpoint needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// Only the app token. The access token is still sent when the session has one.
    None,
    /// A signed-in user: without any token the call fails fast with `Error::NotSignedIn`.
    User,
}

/// Effect of a successful (2xx) answer on the client's session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionEffect {
    /// None.
    None,
    /// Store `accessToken` and `refreshToken` from the answer (sign-in, refresh); the `marker`
    /// path parameter becomes the provider marker used by automatic refresh.
    Store,
    /// Forget the tokens (sign-out).
    Clear,
}

/// A request under construction: values of path and query parameters and the JSON body.
///
/// Values are kept raw here and percent-encoded when the URL is built, so that mistakes
/// (a missing or unknown path parameter) surface as `Error::Encode` from `Client::execute`.
pub struct Request {
    pub(crate) endpoint: &'static Endpoint,
    pub(crate) path_params: Vec<(&'static str, String)>,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) body: Option<JsonMap>,
}

impl Request {
    /// An empty request for `endpoint`.
    pub fn new(endpoint: &'static Endpoint) -> Self {
        Self {
            endpoint,
            path_params: Vec::new(),
            query: Vec::new(),
            body: None,
        }
    }

    /// Sets the value of the `{name}` placeholder in the path template.
    pub fn path_param(&mut self, name: &'static str, value: impl Display) -> &mut Self {
        let value = value.to_string();
        match self.path_params.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.path_params.push((name, value)),
        }
        self
    }

    /// Appends a query parameter; parameters are sent in call order (OneEntry routes differ
    /// in their `limit`/`offset` order, docs/wire.md#pagination).
    pub fn query(&mut self, name: &'static str, value: impl Display) -> &mut Self {
        self.query.push((name, value.to_string()));
        self
    }

    /// Sets the body from a model, serialised with `language` as the ambient language so that
    /// `localized` fields are wrapped as `{"<language>": value}`. Fields added earlier with
    /// [`body_field`](Request::body_field) stay, after the model's keys.
    pub fn body(&mut self, language: &str, body: &impl Serialize) -> Result<()> {
        let value = crate::localized::with_language(language, || serde_json::to_value(body))
            .map_err(|err| self.encode_error(format!("the body did not serialise: {err}")))?;
        let JsonValue::Object(mut map) = value else {
            return Err(self.encode_error(format!(
                "the body must serialise to a JSON object, not {}",
                json_kind(&value)
            )));
        };
        if let Some(extra) = self.body.take() {
            map.extend(extra);
        }
        self.body = Some(map);
        Ok(())
    }

    /// Sets one top-level body key; a new key goes after the existing ones, an existing key
    /// keeps its position and gets the new value.
    pub fn body_field(&mut self, name: &'static str, value: &impl Serialize) -> Result<()> {
        let value = serde_json::to_value(value)
            .map_err(|err| self.encode_error(format!("body field `{name}`: {err}")))?;
        self.body
            .get_or_insert_with(JsonMap::new)
            .insert(name.to_owned(), value);
        Ok(())
    }

    /// The endpoint this request is for.
    pub fn endpoint(&self) -> &'static Endpoint {
        self.endpoint
    }

    fn encode_error(&self, message: String) -> Error {
        Error::Encode {
            endpoint: self.endpoint.id,
            message,
        }
    }
}

/// Bodies may hold secrets and query values are user data: only names are shown.
impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = |params: &[(&'static str, String)]| -> Vec<&'static str> {
            params.iter().map(|(n, _)| *n).collect()
        };
        f.debug_struct("Request")
            .field("endpoint", &self.endpoint.id)
            .field("path_params", &names(&self.path_params))
            .field("query", &names(&self.query))
            .field(
                "body_keys",
                &self.body.as_ref().map(|b| b.keys().collect::<Vec<_>>()),
            )
            .finish()
    }
}

fn json_kind(value: &JsonValue) -> &'static str {
    match value {
        JsonValue::Null => "null",
        JsonValue::Bool(_) => "a boolean",
        JsonValue::Number(_) => "a number",
        JsonValue::String(_) => "a string",
        JsonValue::Array(_) => "an array",
        JsonValue::Object(_) => "an object",
    }
}

/// The session's refresh token, for body parameters that default to it (`refresh`, `logout`).
pub fn session_refresh_token(client: &Client, endpoint: &'static Endpoint) -> Result<Secret> {
    client.session().refresh_token().ok_or(Error::NotSignedIn {
        endpoint: endpoint.id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    static CREATE: Endpoint = Endpoint {
        id: "Orders.createOrder",
        method: Method::Post,
        path: "/api/content/orders-storage/marker/{marker}/orders",
        auth: Auth::User,
        session: SessionEffect::None,
        idempotent: false,
    };

    // Models as the macro emits them: serde reached through the runtime's re-export.
    #[derive(Serialize)]
    #[serde(
        crate = "::oneentry_client::__private::serde",
        rename_all = "camelCase"
    )]
    struct OrderRequest {
        form_identifier: String,
        #[serde(with = "::oneentry_client::__private::localized")]
        form_data: Vec<u8>,
        products: Vec<u8>,
    }

    fn body_json(req: &Request) -> String {
        serde_json::to_string(&req.body).expect("serialise")
    }

    #[test]
    fn body_wraps_localized_fields_and_keeps_key_order() {
        let mut req = Request::new(&CREATE);
        let model = OrderRequest {
            form_identifier: "order".into(),
            form_data: vec![1],
            products: vec![],
        };
        req.body("fr_FR", &model).expect("body");
        req.body_field("automaticTaxEnabled", &false)
            .expect("field");
        req.body_field("formIdentifier", &"other")
            .expect("overwrite");
        assert_eq!(
            body_json(&req),
            r#"{"formIdentifier":"other","formData":{"fr_FR":[1]},"products":[],"automaticTaxEnabled":false}"#
        );
    }

    #[test]
    fn fields_set_before_the_model_follow_it() {
        let mut req = Request::new(&CREATE);
        req.body_field("extra", &1).expect("field");
        req.body("en_US", &serde_json::json!({"a": 1}))
            .expect("body");
        assert_eq!(body_json(&req), r#"{"a":1,"extra":1}"#);
    }

    #[test]
    fn non_object_bodies_are_encode_errors() {
        let mut req = Request::new(&CREATE);
        let err = req.body("en_US", &vec![1, 2]).expect_err("array body");
        assert_eq!(
            err.to_string(),
            "Orders.createOrder: cannot build the request: the body must serialise to a JSON object, not an array"
        );
    }

    #[test]
    fn debug_shows_names_only() {
        let mut req = Request::new(&CREATE);
        req.path_param("marker", "orders")
            .query("langCode", "en_US");
        req.body_field("password", &"hunter2").expect("field");
        let dbg = format!("{req:?}");
        assert!(!dbg.contains("hunter2") && !dbg.contains("en_US"), "{dbg}");
        assert!(dbg.contains("password") && dbg.contains("marker"), "{dbg}");
    }
}
