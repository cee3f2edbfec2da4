//! A session that outlives the process: the app persists the rotating refresh token and the
//! device fingerprint, and a later client resumes from them.

mod common;

use std::sync::{Arc, Mutex};

use oneentry_client::{Client, Secret};

type Seen = Arc<Mutex<Vec<Option<Secret>>>>;

/// A rotation hook that records every refresh token it is told about, as an app would save it.
fn recording_hook() -> (Seen, impl Fn(Option<&Secret>) + Send + Sync + 'static) {
    let seen: Seen = Arc::default();
    let hook = {
        let seen = Arc::clone(&seen);
        move |token: Option<&Secret>| {
            if let Ok(mut seen) = seen.lock() {
                seen.push(token.cloned());
            }
        }
    };
    (seen, hook)
}

#[tokio::test]
async fn a_saved_session_resumes_with_a_proactive_refresh() {
    let emulator = common::emulator().await;
    let (saved, hook) = recording_hook();
    let first = Client::builder(emulator.base_url())
        .app_token(emulator.app_token())
        .on_refresh_token(hook)
        .build()
        .expect("config");
    common::sign_in(&emulator, &first).await;
    let after_auth = saved.lock().expect("hook state").clone();
    assert_eq!(after_auth, vec![first.session().refresh_token()]);

    // A new process: only the refresh token and the fingerprint were kept.
    let refresh = first.session().refresh_token();
    let resumed = Client::builder(emulator.base_url())
        .app_token(emulator.app_token())
        .device_metadata(first.device_metadata().clone())
        .session_tokens(None, refresh.clone())
        .build()
        .expect("config");
    emulator.clear_requests();
    let page = resumed.orders().get_all_orders_by_marker("orders").await;
    assert!(page.is_ok(), "{page:?}");

    let sent = emulator.requests();
    let paths: Vec<&str> = sent.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/api/content/users-auth-providers/marker/email/users/refresh",
            "/api/content/orders-storage/marker/orders/orders",
        ],
        "refresh first, then the call, with no failed attempt in between"
    );
    assert_eq!(
        sent[0].header("x-device-metadata"),
        Some(
            serde_json::to_string(first.device_metadata())
                .expect("json")
                .as_str()
        ),
        "the refresh carries the fingerprint of the login"
    );
    assert_ne!(
        resumed.session().refresh_token(),
        refresh,
        "the token rotated"
    );
}

#[tokio::test]
async fn the_hook_sees_every_rotation_and_the_logout() {
    let emulator = common::emulator().await;
    let (seen, hook) = recording_hook();
    let client = Client::builder(emulator.base_url())
        .app_token(emulator.app_token())
        .on_refresh_token(hook)
        .build()
        .expect("config");
    common::sign_in(&emulator, &client).await;
    emulator.expire_access_tokens();
    common::create_order(&client).await; // refreshes by itself
    client
        .auth_provider()
        .logout("email")
        .await
        .expect("logout");

    let seen = seen.lock().expect("hook state").clone();
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert!(seen[0].is_some() && seen[1].is_some() && seen[0] != seen[1]);
    assert_eq!(seen[2], None, "logout tells the app to forget the token");
}
