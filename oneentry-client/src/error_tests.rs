//! Messages and helpers of [`Error`](super::Error), variant by variant.

use super::*;

fn api(endpoint: &'static str, status: u16, body: &[u8]) -> Error {
    Error::api(
        endpoint,
        status,
        ApiDetails {
            raw_body: body.to_vec(),
            ..ApiDetails::default()
        },
    )
}

#[test]
fn api_error_from_a_oneentry_body() {
    let err = api(
        "Orders.createOrder",
        401,
        br#"{"statusCode":401,"message":"Unauthorized","localizeMessage":"Please sign in"}"#,
    );
    assert_eq!(
        err.to_string(),
        "Orders.createOrder: HTTP 401: Unauthorized"
    );
    assert!(err.is_unauthorized());
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.endpoint(), Some("Orders.createOrder"));
    let Error::Api {
        localize_message,
        body,
        ..
    } = &err
    else {
        panic!("not Api: {err:?}");
    };
    assert_eq!(localize_message.as_deref(), Some("Please sign in"));
    assert_eq!(body["statusCode"], 401);
}

#[test]
fn nest_validation_messages_are_joined() {
    let err = api(
        "AuthProvider.auth",
        400,
        br#"{"statusCode":400,"message":["authData must be an array","marker should not be empty"],"error":"Bad Request"}"#,
    );
    assert_eq!(
        err.to_string(),
        "AuthProvider.auth: HTTP 400: authData must be an array; marker should not be empty"
    );
    assert!(!err.is_unauthorized());
}

#[test]
fn non_json_and_empty_bodies() {
    let err = api("Payments.getSessions", 502, b"<html>Bad gateway</html>");
    assert_eq!(
        err.to_string(),
        "Payments.getSessions: HTTP 502: <html>Bad gateway</html>"
    );
    let Error::Api { body, .. } = &err else {
        panic!("not Api")
    };
    assert_eq!(**body, JsonValue::String("<html>Bad gateway</html>".into()));

    let err = api("Payments.getSessions", 503, b"");
    assert_eq!(
        err.to_string(),
        "Payments.getSessions: HTTP 503: Service Unavailable"
    );
    let err = api("Payments.getSessions", 404, br#"{"statusCode":404}"#);
    assert_eq!(err.to_string(), "Payments.getSessions: HTTP 404: Not Found");

    let long = "x".repeat(1000);
    let err = api("Payments.getSessions", 500, long.as_bytes());
    let Error::Api { message, body, .. } = &err else {
        panic!("not Api")
    };
    assert_eq!(message.chars().count(), MAX_TEXT_MESSAGE + 1);
    assert_eq!(body.as_str().map(str::len), Some(1000));
}

#[test]
fn redirect_messages_leave_out_the_query() {
    let err = Error::Redirect {
        endpoint: "AuthProvider.auth",
        status: 307,
        location: Some("https://elsewhere.example/login?code=abc#frag".into()),
    };
    assert_eq!(
        err.to_string(),
        "AuthProvider.auth: HTTP 307: redirect to `https://elsewhere.example/login` not followed"
    );
    assert_eq!(err.status(), Some(307));
    let err = Error::Redirect {
        endpoint: "AuthProvider.auth",
        status: 302,
        location: None,
    };
    assert_eq!(
        err.to_string(),
        "AuthProvider.auth: HTTP 302: redirect to an unknown location not followed"
    );
}

#[test]
fn error_stays_small() {
    assert!(size_of::<Error>() <= 96, "{}", size_of::<Error>());
}

#[test]
fn other_messages() {
    let err = Error::NotSignedIn {
        endpoint: "Orders.createOrder",
    };
    assert_eq!(
        err.to_string(),
        "Orders.createOrder: not signed in: call `auth_provider().auth(..)` first or restore a session"
    );
    assert!(err.is_unauthorized());
    assert_eq!(err.status(), None);

    let err = Error::Decode {
        endpoint: "Orders.getOrderByMarkerAndId",
        status: 200,
        path: "items[0].totalSum".into(),
        message: "invalid type: boolean `true`, expected a number".into(),
    };
    assert_eq!(
        err.to_string(),
        "Orders.getOrderByMarkerAndId: unexpected response (HTTP 200) at `items[0].totalSum`: invalid type: boolean `true`, expected a number"
    );
    assert_eq!(err.status(), Some(200));

    let err = Error::Encode {
        endpoint: "Orders.createOrder",
        message: "body is not an object".into(),
    };
    assert_eq!(
        err.to_string(),
        "Orders.createOrder: cannot build the request: body is not an object"
    );

    let source = crate::http_client_builder()
        .build()
        .expect("HTTP client")
        .get("not a url")
        .build()
        .expect_err("builder error");
    let err = Error::Transport {
        endpoint: "Payments.getSessions",
        delivery: Delivery::NotSent,
        source,
    };
    assert_eq!(
        err.to_string(),
        "Payments.getSessions: could not build the HTTP request"
    );
    assert!(std::error::Error::source(&err).is_some());

    let err = Error::Config {
        message: "bad url".into(),
    };
    assert_eq!(err.to_string(), "invalid client configuration: bad url");
    assert_eq!(err.endpoint(), None);
}

#[test]
fn what_callers_need_to_decide() {
    let err = Error::api(
        "Payments.getSessions",
        503,
        ApiDetails {
            retry_after: Some(Duration::from_secs(3)),
            request_id: Some("req-1".into()),
            raw_body: b"busy".to_vec(),
            truncated: false,
        },
    );
    assert!(err.is_retryable());
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3)));
    assert_eq!(err.request_id(), Some("req-1"));
    assert_eq!(err.delivery(), None);
    assert_eq!(err.to_string(), "Payments.getSessions: HTTP 503: busy");
    for (status, retryable) in [(408, true), (429, true), (502, true), (504, true)] {
        assert_eq!(
            api("X.y", status, b"").is_retryable(),
            retryable,
            "{status}"
        );
    }
    for status in [400, 401, 403, 404, 409, 500, 501] {
        assert!(!api("X.y", status, b"").is_retryable(), "{status}");
    }

    let err = Error::Timeout {
        endpoint: "Orders.createOrder",
        kind: TimeoutKind::Deadline,
        elapsed: Duration::from_millis(1500),
        delivery: Delivery::OutcomeUnknown,
    };
    assert_eq!(
        err.to_string(),
        "Orders.createOrder: the call's deadline timed out after 1.50s (the request may have reached the server)"
    );
    assert!(err.is_retryable() && err.is_timeout());
    assert_eq!(err.delivery(), Some(Delivery::OutcomeUnknown));
    assert_eq!(err.endpoint(), Some("Orders.createOrder"));
    let err = Error::Timeout {
        endpoint: "Orders.getRefunds",
        kind: TimeoutKind::Connect,
        elapsed: Duration::from_millis(250),
        delivery: Delivery::NotSent,
    };
    assert_eq!(
        err.to_string(),
        "Orders.getRefunds: connecting timed out after 250.00ms"
    );

    let err = Error::BodyTooLarge {
        endpoint: "Orders.getAllOrdersByMarker",
        status: 200,
        limit: 1024,
        declared: Some(300_000_000),
    };
    assert_eq!(
        err.to_string(),
        "Orders.getAllOrdersByMarker: the response body (HTTP 200) is larger than the limit of 1024 bytes (Content-Length 300000000)"
    );
    assert!(!err.is_retryable());
    assert_eq!(err.status(), Some(200));
    let err = Error::BodyTooLarge {
        endpoint: "Orders.getAllOrdersByMarker",
        status: 200,
        limit: 1024,
        declared: None,
    };
    assert!(err.to_string().ends_with("limit of 1024 bytes"), "{err}");
}
