//! The raw parts of a request as generated [`FromParts`](super::FromParts) impls read them,
//! and the error that names the parameter that did not fit.

use std::borrow::Cow;
use std::fmt;

use hyper::StatusCode;
use hyper::header::{CONTENT_TYPE, HeaderMap};
use serde::de::DeserializeOwned;

use super::text::{parse_text, percent_decode, query_pairs};
use crate::endpoint::{ArrayStyle, Endpoint, Location};
use crate::localized::{DEFAULT_LANGUAGE, with_language};
use crate::{JsonMap, JsonValue};

/// One request, split for parsing: the path parameters the route matched, the decoded query
/// pairs and the body bytes, which are read as a JSON object only when a parameter needs it.
///
/// Body parameters are taken out of the object as they are read, so that the body model,
/// read last, sees only its own keys.
pub struct Parts<'a> {
    endpoint: &'static Endpoint,
    path_params: &'a [(&'static str, String)],
    query: Vec<(Cow<'a, str>, Option<Cow<'a, str>>)>,
    /// The query as sent, for comma-joined arrays: a comma inside an item arrives encoded.
    raw_query: Option<&'a str>,
    headers: &'a HeaderMap,
    declared_json: Option<bool>,
    body: &'a [u8],
    json: Option<JsonMap>,
    language: Option<String>,
}

impl<'a> Parts<'a> {
    /// The parts of a request to `endpoint`: `path_params` as the route matched them
    /// (decoded), the raw query string, the headers (header parameters and the body's
    /// `Content-Type`) and the body.
    pub fn new(
        endpoint: &'static Endpoint,
        path_params: &'a [(&'static str, String)],
        query: Option<&'a str>,
        headers: &'a HeaderMap,
        body: &'a [u8],
    ) -> Self {
        let declared_json = headers
            .get(CONTENT_TYPE)
            .map(|value| is_json(value.as_bytes()));
        Self {
            endpoint,
            path_params,
            query: query.map(query_pairs).unwrap_or_default(),
            raw_query: query,
            headers,
            declared_json,
            body,
            json: None,
            language: None,
        }
    }

    /// The endpoint the request was routed to.
    pub fn endpoint(&self) -> &'static Endpoint {
        self.endpoint
    }

    /// A path parameter: the route always has it, so only its type can be wrong.
    pub fn path<T: DeserializeOwned>(&self, name: &'static str) -> Result<T, ParamError> {
        let Some((_, raw)) = self.path_params.iter().find(|(n, _)| *n == name) else {
            return Err(self.error(Place::Path(name), Problem::Missing));
        };
        parse_text(raw).map_err(|why| self.error(Place::Path(name), Problem::Invalid(why)))
    }

    /// A query parameter, `None` when absent (the first pair of that name counts).
    pub fn query<T: DeserializeOwned>(&self, name: &'static str) -> Result<Option<T>, ParamError> {
        let Some((_, value)) = self.query.iter().find(|(n, _)| n == name) else {
            return Ok(None);
        };
        let place = Place::Query(name);
        let Some(raw) = value else {
            let why = "not UTF-8 once percent-decoded".to_owned();
            return Err(self.error(place, Problem::Invalid(why)));
        };
        parse_text(raw)
            .map(Some)
            .map_err(|why| self.error(place, Problem::Invalid(why)))
    }

    /// A query parameter the spec gives no default: absent is an error.
    pub fn required_query<T: DeserializeOwned>(&self, name: &'static str) -> Result<T, ParamError> {
        self.query(name)?
            .ok_or_else(|| self.error(Place::Query(name), Problem::Missing))
    }

    /// An array query parameter in `style`, `None` when absent (the client leaves an empty
    /// array out): `ids=1,2` split at the commas as sent, or every `ids=` pair in order.
    pub fn query_array<T: DeserializeOwned>(
        &self,
        name: &'static str,
        style: ArrayStyle,
    ) -> Result<Option<Vec<T>>, ParamError> {
        let place = Place::Query(name);
        let not_utf8 = || {
            self.error(
                place.clone(),
                Problem::Invalid("not UTF-8 once percent-decoded".to_owned()),
            )
        };
        let parse = |raw: &str| {
            parse_text(raw).map_err(|why| self.error(place.clone(), Problem::Invalid(why)))
        };
        match style {
            ArrayStyle::Repeat => {
                let mut items = Vec::new();
                for (_, value) in self.query.iter().filter(|(n, _)| n == name) {
                    items.push(parse(value.as_deref().ok_or_else(not_utf8)?)?);
                }
                Ok((!items.is_empty()).then_some(items))
            }
            ArrayStyle::Comma => {
                let raw = self
                    .raw_query
                    .unwrap_or_default()
                    .split('&')
                    .find_map(|pair| {
                        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                        (percent_decode(key, true).as_deref() == Some(name)).then_some(value)
                    });
                let Some(raw) = raw else {
                    return Ok(None);
                };
                let items = raw
                    .split(',')
                    .map(|item| parse(&percent_decode(item, true).ok_or_else(not_utf8)?))
                    .collect::<Result<Vec<T>, ParamError>>()?;
                Ok(Some(items))
            }
        }
    }

    /// A header parameter, `None` when absent.
    pub fn header<T: DeserializeOwned>(&self, name: &'static str) -> Result<Option<T>, ParamError> {
        let Some(value) = self.headers.get(name) else {
            return Ok(None);
        };
        let place = Place::Header(name);
        let text = value.to_str().map_err(|_| {
            let why = "not visible ASCII".to_owned();
            self.error(place.clone(), Problem::Invalid(why))
        })?;
        parse_text(text)
            .map(Some)
            .map_err(|why| self.error(place, Problem::Invalid(why)))
    }

    /// A header parameter the spec gives no default: absent is an error.
    pub fn required_header<T: DeserializeOwned>(
        &self,
        name: &'static str,
    ) -> Result<T, ParamError> {
        self.header(name)?
            .ok_or_else(|| self.error(Place::Header(name), Problem::Missing))
    }

    /// A top-level key of the JSON body, taken out of it; `None` when absent (or `null`, or
    /// when there is no body at all).
    pub fn body_field<T: DeserializeOwned>(
        &mut self,
        name: &'static str,
    ) -> Result<Option<T>, ParamError> {
        let Some(map) = self.json_map(false)? else {
            return Ok(None);
        };
        let value = match map.remove(name) {
            None | Some(JsonValue::Null) => return Ok(None),
            Some(value) => value,
        };
        self.decode(value, Place::BodyField(name)).map(Some)
    }

    /// A body key the spec gives no default: absent is an error.
    pub fn required_body_field<T: DeserializeOwned>(
        &mut self,
        name: &'static str,
    ) -> Result<T, ParamError> {
        self.body_field(name)?
            .ok_or_else(|| self.error(Place::BodyField(name), Problem::Missing))
    }

    /// The body model, from the keys no body parameter took.
    pub fn body<T: DeserializeOwned>(&mut self) -> Result<T, ParamError> {
        match self.json.take() {
            Some(map) => self.decode(JsonValue::Object(map), Place::Body),
            None => {
                self.json_map(true)?;
                // Straight from the bytes: no body parameter made the object exist yet.
                let mut deserializer = serde_json::Deserializer::from_slice(self.body);
                self.with_language(|| serde_path_to_error::deserialize(&mut deserializer))
                    .map_err(|err| self.json_error(Place::Body, &err))
            }
        }
    }

    /// A body that is a bare JSON array (`"body": {"array": ...}` in the spec), decoded whole.
    pub fn array_body<T: DeserializeOwned>(&mut self) -> Result<T, ParamError> {
        // Only checks: present and declared JSON.
        self.json_map(true)?;
        let mut deserializer = serde_json::Deserializer::from_slice(self.body);
        self.with_language(|| serde_path_to_error::deserialize(&mut deserializer))
            .map_err(|err| self.json_error(Place::Body, &err))
    }

    /// The text of a query pair or a body string named `name`: how the language parameter
    /// is found before the request is parsed.
    pub(super) fn text(&mut self, name: &str) -> Option<String> {
        if let Some((_, Some(value))) = self.query.iter().find(|(n, _)| n == name) {
            return Some(value.clone().into_owned());
        }
        let map = self.json_map(false).ok()??;
        map.get(name).and_then(JsonValue::as_str).map(str::to_owned)
    }

    /// The value of the language parameter `name`; an empty one counts as absent, so that
    /// `?langCode=` means the default language rather than a language called "".
    pub(super) fn language(&mut self, name: &str) -> Option<String> {
        self.text(name).filter(|language| !language.is_empty())
    }

    /// The language `localized` fields of the body are read in.
    pub(super) fn set_language(&mut self, language: Option<String>) {
        self.language = language;
    }

    /// The body as a JSON object, parsed once. `None` when there is no body and `required`
    /// is false; else an empty body, another media type or anything but an object is an
    /// error. With `required`, the bytes are only checked, not parsed.
    fn json_map(&mut self, required: bool) -> Result<Option<&mut JsonMap>, ParamError> {
        if self.json.is_none() {
            if self.body.iter().all(u8::is_ascii_whitespace) {
                return match required {
                    true => Err(self.error(Place::Body, Problem::EmptyBody)),
                    false => Ok(None),
                };
            }
            if self.declared_json != Some(true) {
                return Err(self.error(Place::Body, Problem::NotJson));
            }
            if required {
                return Ok(None);
            }
            let mut deserializer = serde_json::Deserializer::from_slice(self.body);
            let map = serde_path_to_error::deserialize(&mut deserializer)
                .map_err(|err| self.json_error(Place::Body, &err))?;
            self.json = Some(map);
        }
        Ok(self.json.as_mut())
    }

    fn decode<T: DeserializeOwned>(&self, value: JsonValue, place: Place) -> Result<T, ParamError> {
        self.with_language(|| serde_path_to_error::deserialize(value))
            .map_err(|err| self.json_error(place, &err))
    }

    fn with_language<R>(&self, f: impl FnOnce() -> R) -> R {
        with_language(self.language.as_deref().unwrap_or(DEFAULT_LANGUAGE), f)
    }

    fn json_error(
        &self,
        place: Place,
        err: &serde_path_to_error::Error<serde_json::Error>,
    ) -> ParamError {
        let path = err.path().to_string();
        let why = match path.as_str() {
            "." | "" => err.inner().to_string(),
            path => format!("at `{path}`: {}", err.inner()),
        };
        self.error(place, Problem::Invalid(why))
    }

    fn error(&self, place: Place, problem: Problem) -> ParamError {
        ParamError {
            endpoint: self.endpoint.id,
            place,
            problem,
        }
    }
}

/// Whether a `Content-Type` is `application/json`, in any case, parameters allowed.
fn is_json(value: &[u8]) -> bool {
    let essence = value.split(|&b| b == b';').next().unwrap_or_default();
    essence
        .trim_ascii()
        .eq_ignore_ascii_case(b"application/json")
}

/// A request whose parameters do not fit the endpoint: answered as a OneEntry-shaped `400`
/// (`415` for a body not declared as JSON) whose message names the parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamError {
    endpoint: &'static str,
    place: Place,
    problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    Path(&'static str),
    Query(&'static str),
    Header(&'static str),
    BodyField(&'static str),
    Body,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    Missing,
    Invalid(String),
    EmptyBody,
    NotJson,
}

impl ParamError {
    /// The wire name of the parameter, `None` when the body as a whole is wrong.
    pub fn param(&self) -> Option<&'static str> {
        match self.place {
            Place::Path(name)
            | Place::Query(name)
            | Place::Header(name)
            | Place::BodyField(name) => Some(name),
            Place::Body => None,
        }
    }

    /// Where the parameter is sent, `None` when the body as a whole is wrong.
    pub fn location(&self) -> Option<Location> {
        match self.place {
            Place::Path(_) => Some(Location::Path),
            Place::Query(_) => Some(Location::Query),
            Place::Header(_) => Some(Location::Header),
            Place::BodyField(_) => Some(Location::Body),
            Place::Body => None,
        }
    }

    /// The endpoint id (`Reviews.createReview`).
    pub fn endpoint(&self) -> &'static str {
        self.endpoint
    }

    /// The status of the answer: `415` for a body of another media type, else `400`.
    pub fn status(&self) -> StatusCode {
        match self.problem {
            Problem::NotJson => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            _ => StatusCode::BAD_REQUEST,
        }
    }
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.endpoint)?;
        match &self.place {
            Place::Path(name) => write!(f, "path parameter `{name}`")?,
            Place::Query(name) => write!(f, "query parameter `{name}`")?,
            Place::Header(name) => write!(f, "header `{name}`")?,
            Place::BodyField(name) => write!(f, "body parameter `{name}`")?,
            Place::Body => f.write_str("request body")?,
        }
        match &self.problem {
            Problem::Missing => f.write_str(" is missing"),
            Problem::Invalid(why) => write!(f, " is not valid: {why}"),
            Problem::EmptyBody => f.write_str(" is empty: expected a JSON object"),
            Problem::NotJson => f.write_str(" must be sent with `Content-Type: application/json`"),
        }
    }
}

impl std::error::Error for ParamError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::{Auth, Method, SessionEffect};
    use hyper::header::HeaderValue;

    static LIST: Endpoint = Endpoint {
        id: "Catalog.list",
        method: Method::Get,
        path: &[],
        template: "/list",
        params: &[],
        auth: Auth::None,
        idempotent: true,
        paginated: false,
        session: SessionEffect::None,
        resend_after_refresh: true,
        protocol: None,
    };

    #[test]
    fn arrays_split_as_sent_and_headers_parse() {
        let mut headers = HeaderMap::new();
        headers.insert("x-count", HeaderValue::from_static("3"));
        headers.insert("x-bad", HeaderValue::from_static("three"));
        let query = Some("tags=a%2Cb,c%20d&ids=1&ids=2&empty=");
        let parts = Parts::new(&LIST, &[], query, &headers, b"");

        let tags: Option<Vec<String>> = parts.query_array("tags", ArrayStyle::Comma).expect("tags");
        assert_eq!(tags, Some(vec!["a,b".to_owned(), "c d".to_owned()]));
        let ids: Option<Vec<i64>> = parts.query_array("ids", ArrayStyle::Repeat).expect("ids");
        assert_eq!(ids, Some(vec![1, 2]));
        let none: Option<Vec<i64>> = parts.query_array("none", ArrayStyle::Comma).expect("none");
        assert_eq!(none, None);
        let err = parts
            .query_array::<i64>("tags", ArrayStyle::Comma)
            .expect_err("not integers");
        assert_eq!(err.location(), Some(Location::Query));

        assert_eq!(parts.header::<i64>("x-count"), Ok(Some(3)));
        assert_eq!(parts.header::<i64>("x-none"), Ok(None));
        let err = parts.required_header::<i64>("x-none").expect_err("missing");
        assert_eq!(err.to_string(), "Catalog.list: header `x-none` is missing");
        let err = parts.header::<i64>("x-bad").expect_err("not a number");
        assert_eq!(
            (err.param(), err.location()),
            (Some("x-bad"), Some(Location::Header))
        );
    }
}
