//! Request extractors that fail with OneEntry error bodies instead of axum's plain text.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::StatusCode;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::request::Parts;
use oneentry_client::api::DeviceInfo;
use oneentry_client::localized::DEFAULT_LANGUAGE;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::state::{AppState, lock};
use crate::tokens::AccessError;

/// A JSON request body decoded into `T` (usually a generated model).
///
/// The message of a 400 names where and what is wrong (`at `products[0].quantity`: invalid
/// type: string "1", expected i64`), so a client author can fix the request from the answer alone.
/// A non-empty body must be declared `application/json` (parameters such as `charset`
/// allowed), else 415: the API does not read a `text/plain` body as JSON, and the official
/// SDK always declares its bodies. An empty body is a 400 that says so, whatever its type.
#[derive(Debug)]
pub(crate) struct JsonBody<T>(pub(crate) T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let declared_json = request
            .headers()
            .get(CONTENT_TYPE)
            .map(|value| is_json(value.as_bytes()));
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|err| ApiError::new(err.status(), err.body_text()))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::bad_request(
                "The request body is empty: expected a JSON object",
            ));
        }
        if declared_json != Some(true) {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type: the request body must be sent with \
                 `Content-Type: application/json`",
            ));
        }
        let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
        serde_path_to_error::deserialize(&mut deserializer)
            .map(JsonBody)
            .map_err(|err| {
                let path = err.path().to_string();
                ApiError::bad_request(format!("Invalid request body at `{path}`: {}", err.inner()))
            })
    }
}

/// Whether a `Content-Type` value is `application/json`, in any case, with or without
/// parameters.
fn is_json(value: &[u8]) -> bool {
    let essence = value
        .split(|&byte| byte == b';')
        .next()
        .unwrap_or_default()
        .trim_ascii();
    essence.eq_ignore_ascii_case(b"application/json")
}

/// Path parameters; a value that does not parse (an order id `abc`) is a 400.
#[derive(Debug)]
pub(crate) struct PathParams<T>(pub(crate) T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for PathParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| PathParams(value))
            .map_err(|err| ApiError::bad_request(format!("Invalid path: {}", err.body_text())))
    }
}

/// The query string as name → value (percent-decoded; the last value of a repeated name).
#[derive(Debug)]
pub(crate) struct QueryParams(HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map(|Query(map)| QueryParams(map))
            .map_err(|err| ApiError::bad_request(format!("Invalid query: {}", err.body_text())))
    }
}

impl QueryParams {
    /// `langCode`, or `en_US` when absent or empty.
    pub(crate) fn language(&self) -> &str {
        match self.0.get("langCode") {
            Some(lang) if !lang.is_empty() => lang,
            _ => DEFAULT_LANGUAGE,
        }
    }

    /// A required string parameter; absent or empty is a 400.
    pub(crate) fn required(&self, name: &str) -> Result<&str, ApiError> {
        match self.0.get(name) {
            Some(value) if !value.is_empty() => Ok(value),
            _ => Err(ApiError::bad_request(format!(
                "the query parameter `{name}` is required"
            ))),
        }
    }

    /// A paging parameter: absent means `default`; anything but a non-negative integer is a 400.
    pub(crate) fn count(&self, name: &str, default: usize) -> Result<usize, ApiError> {
        match self.0.get(name) {
            None => Ok(default),
            Some(raw) => raw.parse::<usize>().map_err(|_| {
                ApiError::bad_request(format!(
                    "{name} must be a non-negative integer, got `{raw}`"
                ))
            }),
        }
    }
}

/// The signed-in user (their e-mail), from `Authorization: Bearer <access token>`.
#[derive(Debug)]
pub(crate) struct User(pub(crate) String);

impl FromRequestParts<Arc<AppState>> for User {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .ok_or_else(|| ApiError::unauthorized("Unauthorized"))?;
        let token = header
            .to_str()
            .ok()
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|token| !token.is_empty())
            .ok_or_else(|| {
                ApiError::unauthorized("Unauthorized: expected `Authorization: Bearer <token>`")
            })?;
        let tokens = lock(&state.tokens);
        match tokens.check(token) {
            Ok(user) => Ok(User(user.to_owned())),
            Err(AccessError::Expired) => Err(ApiError::unauthorized("Access token has expired")),
            Err(AccessError::Unknown) => Err(ApiError::unauthorized("Invalid access token")),
        }
    }
}

/// The device of `x-device-metadata` (`{"fingerprint", "deviceInfo": {os, browser,
/// location}}`, `docs/wire.md`), stored with a session for `getActiveSessionsByMarker`.
///
/// `None` when the header is absent or unreadable: the header is informational, and a
/// sign-in must not fail because a client describes its device differently.
#[derive(Debug)]
pub(crate) struct Device(pub(crate) Option<DeviceInfo>);

/// The part of `x-device-metadata` the emulator keeps.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DeviceMetadata {
    device_info: Option<DeviceInfo>,
}

impl<S: Send + Sync> FromRequestParts<S> for Device {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let device = parts
            .headers
            .get("x-device-metadata")
            .and_then(|value| serde_json::from_slice::<DeviceMetadata>(value.as_bytes()).ok())
            .and_then(|metadata| metadata.device_info);
        Ok(Device(device))
    }
}
