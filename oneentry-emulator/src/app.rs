//! One request, from hyper's head and body to the answer: the body read under its limits,
//! the request log, the app-token check, then the router of the implemented endpoints.
//!
//! The log and the app token come before routing, so that refused requests (a wrong app
//! token, an unknown path) are logged too and every path needs the app token.

use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::{Body, Bytes, Incoming};
use hyper::header::CONTENT_LENGTH;
use hyper::http::request::Parts;
use hyper::{Request, Response, StatusCode};
use oneentry_client::mock::{MockError, Router};

use crate::state::AppState;

/// The emulator's state and the router of its endpoints.
#[derive(Debug)]
pub(crate) struct App {
    state: Arc<AppState>,
    router: Router,
}

impl App {
    pub(crate) fn new(state: Arc<AppState>, router: Router) -> Self {
        Self { state, router }
    }

    /// Answers one request; every failure is a OneEntry error answer.
    pub(crate) async fn answer(
        self: Arc<Self>,
        request: Request<Incoming>,
    ) -> Response<Full<Bytes>> {
        let (parts, body) = request.into_parts();
        let limits = self.state.limits;
        let log = &self.state.log;
        let body = match read_body(
            &parts,
            body,
            limits.max_body_bytes,
            limits.body_read_timeout,
        )
        .await
        {
            Ok(body) => body,
            Err(err) => {
                log.record(&parts, b"");
                return full(err.into_response());
            }
        };
        tracing::debug!(method = %parts.method, uri = %parts.uri, "request");
        log.record(&parts, &body);
        if let Some(refusal) = app_token_refusal(&self.state, &parts) {
            return full(refusal.into_response());
        }
        full(self.router.handle(Request::from_parts(parts, body)).await)
    }
}

fn full(response: Response<Bytes>) -> Response<Full<Bytes>> {
    response.map(Full::new)
}

/// Every request needs `x-app-token` equal to the project's app token: the refusal, if any.
///
/// Answers 403, not 401: clients refresh the user's tokens on 401, which cannot help here.
fn app_token_refusal(state: &AppState, parts: &Parts) -> Option<MockError> {
    match parts.headers.get("x-app-token") {
        None => Some(MockError::forbidden(
            "Missing x-app-token header: every request needs the project's app token",
        )),
        Some(token) if token.as_bytes() == state.project.app_token.as_bytes() => None,
        Some(_) => Some(MockError::forbidden(
            "Invalid app token in the x-app-token header",
        )),
    }
}

/// The whole body under the size limit (413) and the body-read timeout (408); a body whose
/// framing breaks is a 400.
async fn read_body(
    parts: &Parts,
    body: Incoming,
    max_bytes: usize,
    timeout: Duration,
) -> Result<Bytes, MockError> {
    let too_large = || {
        MockError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("The request body is larger than the limit of {max_bytes} bytes"),
        )
    };
    let announced = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if announced.is_some_and(|length| length > max_bytes as u64) {
        return Err(too_large());
    }
    // A request without a body (most GETs) needs no timer and no collecting.
    if body.is_end_stream() {
        return Ok(Bytes::new());
    }
    match tokio::time::timeout(timeout, Limited::new(body, max_bytes).collect()).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(cause)) if cause.is::<LengthLimitError>() => Err(too_large()),
        Ok(Err(cause)) => Err(MockError::bad_request(format!(
            "The request body could not be read: {cause}"
        ))),
        Err(_) => Err(MockError::new(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "The request body did not arrive within {} ms",
                timeout.as_millis()
            ),
        )),
    }
}
