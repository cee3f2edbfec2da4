//! The `rustls` feature's TLS: the crate's own HTTP clients speak TLS with ring's crypto
//! without installing anything process-wide, and `http_client_builder` installs ring as the
//! default provider so that a client built from its settings works too.
//!
//! No certificate is involved: the loopback server answers the TLS hello with plain HTTP,
//! so each client must start a handshake and fail it with a typed error, not a panic (which
//! is what reqwest does when it has no crypto provider).
#![cfg(all(feature = "rustls", not(feature = "native-tls")))]

use std::time::Duration;

use oneentry_client::{CallOptions, Client, Delivery, Error, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A loopback server that answers whatever arrives with plain HTTP and closes; its port.
async fn plain_http_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut hello = [0u8; 512];
            let _ = socket.read(&mut hello).await;
            let _ = socket
                .write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
                .await;
        }
    });
    port
}

#[tokio::test]
async fn clients_speak_tls_with_ring_and_only_the_http_builder_installs_a_provider() {
    let port = plain_http_server().await;
    let base = format!("https://localhost:{port}");

    let client = Client::builder(&base)
        .app_token("t")
        .session_tokens(Some("a".into()), None)
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client")
        .with_call_options(CallOptions::new().retry(RetryPolicy::none()));
    let err = client
        .orders()
        .get_all_orders_by_marker("orders")
        .await
        .expect_err("no TLS server");
    assert!(
        matches!(
            err,
            Error::Transport {
                delivery: Delivery::NotSent,
                ..
            }
        ),
        "a failed handshake is a connect error: {err:?}"
    );
    assert!(
        rustls::crypto::CryptoProvider::get_default().is_none(),
        "building and using a client installs no process-wide provider"
    );

    let http = oneentry_client::http_client_builder()
        .timeout(Duration::from_secs(5))
        .build()
        .expect("an HTTP client from settings: a provider is installed");
    assert!(rustls::crypto::CryptoProvider::get_default().is_some());
    let failed = http.get(format!("{base}/")).send().await;
    assert!(failed.is_err_and(|err| err.is_connect()));
}
