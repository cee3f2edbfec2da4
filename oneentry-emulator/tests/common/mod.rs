//! Helpers shared by the integration tests: a raw HTTP client against a fresh emulator.
#![allow(dead_code)] // Each test binary uses a different subset.

use std::time::Duration;

use oneentry_emulator::Emulator;
use reqwest::Method;
use serde_json::{Value, json};

pub const AUTH: &str = "/api/content/users-auth-providers/marker/email/users/auth";
pub const REFRESH: &str = "/api/content/users-auth-providers/marker/email/users/refresh";
pub const LOGOUT: &str = "/api/content/users-auth-providers/marker/email/users/logout";
pub const ORDERS: &str = "/api/content/orders-storage/marker/orders/orders";
pub const SESSIONS: &str = "/api/content/payments/sessions";
pub const PROVIDERS: &str = "/api/content/users-auth-providers";
pub const USERS: &str = "/api/content/users-auth-providers/marker/email/users";
pub const STORAGES: &str = "/api/content/orders-storage";
pub const ACCOUNTS: &str = "/api/content/payments/accounts";

/// A running emulator and a plain HTTP client for it.
pub struct Api {
    pub emulator: Emulator,
    pub http: reqwest::Client,
}

/// A client that never goes through a proxy (the environment may set one) and never hangs.
pub fn http_client() -> reqwest::Client {
    // The client's builder: with the client's `rustls` feature, reqwest needs its crypto
    // provider installed.
    oneentry_client::http_client_builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("reqwest client")
}

impl Api {
    pub async fn start() -> Api {
        Self::with(Emulator::start().await.expect("emulator starts")).await
    }

    pub async fn with(emulator: Emulator) -> Api {
        Api {
            emulator,
            http: http_client(),
        }
    }

    /// An emulator whose only users are `a@example.com` / `pw-a` and `b@example.com` / `pw-b`,
    /// for tests of what one user may see of another's data.
    pub async fn two_users() -> Api {
        let emulator = Emulator::builder()
            .user("a@example.com", "pw-a")
            .user("b@example.com", "pw-b")
            .start()
            .await
            .expect("starts");
        Api::with(emulator).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.emulator.base_url())
    }

    /// Sends a request with the app token, as the SDK does; returns the status and the JSON body.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self
            .http
            .request(method, self.url(path))
            .header("content-type", "application/json")
            .header("x-app-token", self.emulator.app_token());
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.body(body.to_string());
        }
        read(request.send().await.expect("request reaches the emulator")).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        self.send(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> (u16, Value) {
        self.send(Method::POST, path, token, Some(body)).await
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: Value) -> (u16, Value) {
        self.send(Method::PUT, path, token, Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        self.send(Method::DELETE, path, token, None).await
    }

    /// Signs up `email`/`password` with the demo provider's form; returns status and body.
    pub async fn sign_up(&self, email: &str, password: &str) -> (u16, Value) {
        self.post(
            &format!("{USERS}/sign-up"),
            None,
            sign_up_body(email, password),
        )
        .await
    }

    /// Signs in `email`/`password`; returns (access token, refresh token).
    pub async fn login_as(&self, email: &str, password: &str) -> (String, String) {
        let (status, body) = self.post(AUTH, None, auth_body(email, password)).await;
        assert!(
            (200..300).contains(&status),
            "sign-in failed: {status} {body}"
        );
        let access = body["accessToken"]
            .as_str()
            .expect("accessToken")
            .to_owned();
        let refresh = body["refreshToken"]
            .as_str()
            .expect("refreshToken")
            .to_owned();
        (access, refresh)
    }

    /// Signs in the demo user.
    pub async fn login(&self) -> (String, String) {
        let (email, password) = (
            self.emulator.user_email().to_owned(),
            self.emulator.user_password().to_owned(),
        );
        self.login_as(&email, &password).await
    }

    /// Trades `refresh_token` for new tokens at the demo provider; returns the answer.
    pub async fn refresh(&self, refresh_token: &str) -> (u16, Value) {
        self.post(REFRESH, None, json!({ "refreshToken": refresh_token }))
            .await
    }

    /// Creates an order of `quantity` × product `product_id`; returns the answer.
    pub async fn create_order(&self, token: &str, product_id: i64, quantity: i64) -> Value {
        let body = order_body(json!([{ "productId": product_id, "quantity": quantity }]));
        let (status, body) = self.post(ORDERS, Some(token), body).await;
        assert_eq!(status, 201, "create order: {body}");
        body
    }

    /// Opens a `session` payment session for `order_id`; returns the answer.
    pub async fn create_session(&self, token: &str, order_id: i64) -> Value {
        let body = json!({ "orderId": order_id, "type": "session", "automaticTaxEnabled": false });
        let (status, body) = self.post(SESSIONS, Some(token), body).await;
        assert_eq!(status, 201, "create session: {body}");
        body
    }
}

/// Status and JSON body of a response (`Value::Null` when the body is not JSON).
pub async fn read(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.expect("response body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// The SDK's sign-in body.
pub fn auth_body(email: &str, password: &str) -> Value {
    json!({ "authData": [
        { "marker": "email_reg", "value": email },
        { "marker": "password_reg", "value": password },
    ] })
}

/// The SDK's create-order body (formData wrapped in `en_US`) with the given products.
pub fn order_body(products: Value) -> Value {
    json!({
        "formIdentifier": "order",
        "paymentAccountIdentifier": "cash",
        "formData": { "en_US": [ { "type": "string", "marker": "name", "value": "Christina Thomas" } ] },
        "products": products,
    })
}

/// Asserts a OneEntry error answer: the status, `statusCode` equal to it, a message that
/// contains `fragment`, and the reason phrase in `error`.
pub fn assert_error(actual: (u16, Value), status: u16, fragment: &str) {
    let (code, body) = actual;
    assert_eq!(code, status, "status of {body}");
    assert_eq!(body["statusCode"], json!(status), "statusCode of {body}");
    let message = body["message"].as_str().expect("message is a string");
    assert!(
        message.to_lowercase().contains(&fragment.to_lowercase()),
        "message `{message}` should contain `{fragment}`"
    );
    assert!(body["error"].is_string(), "error of {body}");
}

/// The SDK's sign-up body for the demo provider (`formData` keyed by language, `langCode` last).
pub fn sign_up_body(email: &str, password: &str) -> Value {
    json!({
        "formIdentifier": "reg",
        "authData": [
            { "marker": "email_reg", "value": email },
            { "marker": "password_reg", "value": password },
        ],
        "formData": { "en_US": [ { "marker": "last_name", "type": "string", "value": "Doe" } ] },
        "notificationData": { "email": email, "phonePush": [] },
        "langCode": "en_US",
    })
}
