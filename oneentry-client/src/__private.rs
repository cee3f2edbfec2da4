//! Items for generated code only (`oneentry_macros::api!`). Not a stable API.
//!
//! This is exactly the runtime side of the contract in `docs/ARCHITECTURE.md`: the request
//! under construction, the hooks generated code calls, and re-exports that let generated
//! derives name serde without the user's crate depending on it. The endpoint description
//! itself is public: [`crate::endpoint`].

use std::fmt::{self, Display};

use reqwest::header::{HeaderName, HeaderValue};
use serde::Serialize;

use crate::endpoint::{ArrayStyle, Endpoint};
use crate::request_body::{Body, json_kind};
use crate::request_headers::HeaderParams;
use crate::request_url::QueryValue;
use crate::{Client, Error, Result, Secret};

pub use serde;
pub use serde_json;

pub use crate::localized::{deserialize, serialize};
pub use crate::model::{Key, Slot};
pub use crate::pages::PagedRequest;
/// `#[mock_only]`: keeps the item when the client has its `mock` feature, drops it otherwise,
/// so the operations generated for `crate::mock` cost nothing in normal builds.
#[cfg(feature = "mock")]
pub use oneentry_macros::__keep as mock_only;
/// `#[mock_only]`: keeps the item when the client has its `mock` feature, drops it otherwise,
/// so the operations generated for `crate::mock` cost nothing in normal builds.
#[cfg(not(feature = "mock"))]
pub use oneentry_macros::__strip as mock_only;

/// The parts of a generated tagged union's `Serialize` and `Deserialize` impls.
pub mod tagged {
    pub use crate::tagged::{read, serialize, variant};
}

/// `localized::{serialize, deserialize}` as a module, for
/// `#[serde(with = "::oneentry_client::__private::localized")]`.
pub mod localized {
    pub use crate::localized::{deserialize, serialize};
}

/// A request under construction: values of path, query and header parameters and the JSON
/// body.
///
/// Path and query values are kept raw here and percent-encoded when the URL is built, so that
/// mistakes (a missing or unknown path parameter) surface as `Error::Encode` from
/// `Client::execute`; header values are checked when they are set.
pub struct Request {
    pub(crate) endpoint: &'static Endpoint,
    pub(crate) path_params: Vec<(&'static str, String)>,
    pub(crate) query: Vec<(&'static str, QueryValue)>,
    /// Header parameters, in call order; sent after the client's own headers.
    pub(crate) headers: HeaderParams,
    pub(crate) body: Option<Body>,
    /// The language the call asked for; `None`: the client's.
    pub(crate) language: Option<String>,
}

impl Request {
    /// An empty request for `endpoint`.
    pub fn new(endpoint: &'static Endpoint) -> Self {
        Self {
            endpoint,
            path_params: Vec::new(),
            query: Vec::new(),
            headers: HeaderParams::default(),
            body: None,
            language: None,
        }
    }

    /// The language the call asks for (its `langCode`): the answer's localized fields are
    /// read in it, so that a call for `de_DE` gets the German texts whatever the client's
    /// language is.
    pub fn answer_language(&mut self, language: &str) -> &mut Self {
        self.language = Some(language.to_owned());
        self
    }

    /// Sets the value of the path parameter `name` (a [`Segment::Param`] of the endpoint's path).
    ///
    /// [`Segment::Param`]: crate::endpoint::Segment::Param
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
        self.query.push((name, QueryValue::One(value.to_string())));
        self
    }

    /// Appends the items of an array query parameter in `style`; no items, no key (an empty
    /// value would read as one empty item).
    pub fn query_array<I>(&mut self, name: &'static str, items: I, style: ArrayStyle) -> &mut Self
    where
        I: IntoIterator,
        I::Item: Display,
    {
        let items = items.into_iter().map(|item| item.to_string());
        match style {
            ArrayStyle::Comma => {
                let items: Vec<String> = items.collect();
                if !items.is_empty() {
                    self.query.push((name, QueryValue::Joined(items)));
                }
            }
            ArrayStyle::Repeat => {
                self.query
                    .extend(items.map(|item| (name, QueryValue::One(item))));
            }
        }
        self
    }

    /// Sets the header parameter `name`; a value that cannot be a header value (a line break,
    /// a control character) is an `Error::Encode` naming the parameter, never the value.
    pub fn header(&mut self, name: &'static str, value: impl Display) -> Result<()> {
        self.set_header(name, &value.to_string(), false)
    }

    /// Sets the header parameter `name` to a secret, marked sensitive so that HTTP-level
    /// logging redacts it.
    pub fn secret_header(&mut self, name: &'static str, value: &Secret) -> Result<()> {
        self.set_header(name, value.expose(), true)
    }

    /// Sets the header parameter `name` to the session's refresh token as it is when each
    /// attempt is sent (see [`body_session_refresh_token`](Request::body_session_refresh_token)).
    pub fn header_session_refresh_token(&mut self, name: &'static str) -> Result<()> {
        let header = self.header_name(name)?;
        self.headers.set_session_refresh_token(header);
        Ok(())
    }

    pub(crate) fn set_header(
        &mut self,
        name: &'static str,
        value: &str,
        sensitive: bool,
    ) -> Result<()> {
        let header = self.header_name(name)?;
        let mut value = HeaderValue::from_str(value).map_err(|_| {
            self.encode_error(format!(
                "the value of header parameter `{name}` is not a valid HTTP header value (no line breaks or control characters)"
            ))
        })?;
        value.set_sensitive(sensitive);
        self.headers.set(header, value);
        Ok(())
    }

    fn header_name(&self, name: &'static str) -> Result<HeaderName> {
        HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            self.encode_error(format!(
                "header parameter `{name}` is not a valid header name"
            ))
        })
    }

    /// Sets the body from a model, serialised with `language` as the ambient language so that
    /// `localized` fields are wrapped as `{"<language>": value}`. Fields added with
    /// [`body_field`](Request::body_field) go after the model's keys.
    pub fn body(&mut self, language: &str, body: &impl Serialize) -> Result<()> {
        let json = self.model_json(language, body, b'{', "a JSON object")?;
        self.body.get_or_insert_with(Body::default).set_model(json);
        Ok(())
    }

    /// Sets the body to a JSON array (the product counts send their filters bare); it has no
    /// keys, so the spec allows no body parameters next to it.
    pub fn array_body(&mut self, language: &str, items: &impl Serialize) -> Result<()> {
        let json = self.model_json(language, items, b'[', "a JSON array")?;
        self.body.get_or_insert_with(Body::default).set_array(json);
        Ok(())
    }

    fn model_json(
        &self,
        language: &str,
        model: &impl Serialize,
        first: u8,
        kind: &str,
    ) -> Result<Vec<u8>> {
        let json = crate::localized::with_language(language, || serde_json::to_vec(model))
            .map_err(|err| self.encode_error(format!("the body did not serialise: {err}")))?;
        if json.first() != Some(&first) {
            return Err(self.encode_error(format!(
                "the body must serialise to {kind}, not {}",
                json_kind(&json)
            )));
        }
        Ok(json)
    }

    /// Sets one top-level body key after the model's keys; a key set again keeps its
    /// position and gets the new value.
    pub fn body_field(&mut self, name: &'static str, value: &impl Serialize) -> Result<()> {
        let json = serde_json::to_vec(value)
            .map_err(|err| self.encode_error(format!("body field `{name}`: {err}")))?;
        self.body
            .get_or_insert_with(Body::default)
            .set_json(name, json);
        Ok(())
    }

    /// Sets one top-level body key to the session's refresh token as it is when the body is
    /// sent: a refresh that rotates the token before a (re)send is picked up. Sending fails
    /// with `Error::NotSignedIn` when the session has no refresh token then.
    pub fn body_session_refresh_token(&mut self, name: &'static str) -> &mut Self {
        self.body
            .get_or_insert_with(Body::default)
            .set_session_refresh_token(name);
        self
    }

    /// The endpoint this request is for.
    pub fn endpoint(&self) -> &'static Endpoint {
        self.endpoint
    }

    /// The raw value given to the path or query parameter `name`.
    pub(crate) fn value_of(&self, name: &str) -> Option<&str> {
        let query = self.query.iter().filter_map(|(n, value)| match value {
            QueryValue::One(value) => Some((n, value)),
            QueryValue::Joined(_) => None,
        });
        self.path_params
            .iter()
            .map(|(n, value)| (n, value))
            .chain(query)
            .find(|(n, _)| **n == name)
            .map(|(_, value)| value.as_str())
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
        let path: Vec<&str> = self.path_params.iter().map(|(n, _)| *n).collect();
        let query: Vec<&str> = self.query.iter().map(|(n, _)| *n).collect();
        let headers = self.headers.names();
        f.debug_struct("Request")
            .field("endpoint", &self.endpoint.id)
            .field("path_params", &path)
            .field("query", &query)
            .field("headers", &headers)
            .field("body_fields", &self.body.as_ref().map(Body::field_names))
            .finish()
    }
}

/// The session's refresh token, for path and query parameters that default to it (body
/// parameters are bound late, see [`Request::body_session_refresh_token`]).
pub fn session_refresh_token(client: &Client, endpoint: &'static Endpoint) -> Result<Secret> {
    client.session().refresh_token().ok_or(Error::NotSignedIn {
        endpoint: endpoint.id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::{Auth, Location, Method, Param, Segment, SessionEffect};

    static CREATE: Endpoint = Endpoint {
        id: "Orders.createOrder",
        method: Method::Post,
        path: &[
            Segment::Literal("/api/content/orders-storage/marker/"),
            Segment::Param("marker"),
            Segment::Literal("/orders"),
        ],
        template: "/api/content/orders-storage/marker/{marker}/orders",
        params: &[Param {
            name: "marker",
            location: Location::Path,
            required: true,
            array: None,
        }],
        auth: Auth::User,
        idempotent: false,
        paginated: false,
        session: SessionEffect::None,
        resend_after_refresh: true,
        protocol: None,
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
        let body = req.body.as_ref().expect("a body");
        String::from_utf8(body.render(None).expect("render")).expect("utf-8")
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
        req.body_field("automaticTaxEnabled", &true).expect("field");
        req.body_field("automaticTaxEnabled", &false)
            .expect("overwrite");
        assert_eq!(
            body_json(&req),
            r#"{"formIdentifier":"order","formData":{"fr_FR":[1]},"products":[],"automaticTaxEnabled":false}"#
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
        let err = req
            .array_body("en_US", &serde_json::json!({"a": 1}))
            .expect_err("object as an array body");
        assert!(
            err.to_string().contains("a JSON array, not an object"),
            "{err}"
        );
    }

    #[test]
    fn array_bodies_go_out_whole() {
        let mut req = Request::new(&CREATE);
        req.array_body("en_US", &serde_json::json!([{"a": 1}]))
            .expect("array body");
        assert_eq!(body_json(&req), r#"[{"a":1}]"#);
    }

    #[test]
    fn debug_shows_names_only() {
        let mut req = Request::new(&CREATE);
        req.path_param("marker", "orders")
            .query("langCode", "en_US");
        req.body_field("password", &"hunter2").expect("field");
        req.secret_header("X-Api-Key", &Secret::from("key-123"))
            .expect("header");
        req.header("x-trace", "trace-9").expect("header");
        let dbg = format!("{req:?}");
        for value in ["hunter2", "en_US", "key-123", "trace-9"] {
            assert!(!dbg.contains(value), "{dbg}");
        }
        for name in ["password", "marker", "x-api-key", "x-trace"] {
            assert!(dbg.contains(name), "{dbg}");
        }
        let mut sent = reqwest::header::HeaderMap::new();
        req.headers.apply(&mut sent, None).expect("headers");
        assert!(sent["x-api-key"].is_sensitive() && !sent["x-trace"].is_sensitive());
    }

    #[test]
    fn bad_header_values_are_encode_errors_without_the_value() {
        let mut req = Request::new(&CREATE);
        let err = req
            .header("x-trace", "a\r\nx-injected: secret-1")
            .expect_err("line break");
        let text = err.to_string();
        assert!(matches!(err, Error::Encode { .. }), "{text}");
        assert!(
            text.contains("`x-trace`") && !text.contains("secret-1"),
            "{text}"
        );
        assert!(req.headers.names().is_empty());
        req.header("x-trace", 1).expect("header");
        req.header("x-trace", 2).expect("replaced");
        assert_eq!(req.headers.names(), ["x-trace"]);
        let mut sent = reqwest::header::HeaderMap::new();
        req.headers.apply(&mut sent, None).expect("headers");
        assert_eq!(sent["x-trace"], "2");
    }

    #[test]
    fn array_queries_by_style() {
        let mut req = Request::new(&CREATE);
        req.query_array("ids", [1, 2], ArrayStyle::Comma)
            .query_array("none", Vec::<i64>::new(), ArrayStyle::Comma)
            .query_array("tag", ["a", "b"], ArrayStyle::Repeat)
            .query_array("never", Vec::<i64>::new(), ArrayStyle::Repeat);
        let joined = QueryValue::Joined(vec!["1".to_owned(), "2".to_owned()]);
        assert_eq!(
            req.query,
            [
                ("ids", joined),
                ("tag", QueryValue::One("a".to_owned())),
                ("tag", QueryValue::One("b".to_owned())),
            ]
        );
        assert_eq!(req.value_of("tag"), Some("a"));
        assert_eq!(req.value_of("ids"), None);
    }
}
