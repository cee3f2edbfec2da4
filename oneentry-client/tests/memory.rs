//! Peak memory of a call that meets a 300 MB response. Ignored by default (it moves 300 MB
//! over loopback); run each test alone so that the process's high-water mark is its own:
//!
//! ```sh
//! cargo test -p oneentry-client --test memory -- --ignored --nocapture --test-threads 1 peak_memory_300_mb_chunked
//! ```

mod support;

use oneentry_client::Client;
use support::hostile::{Act, Hostile, script};

/// `VmHWM` (peak resident memory) of this process, in KiB.
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("Linux /proc");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM")
}

async fn measure(content_length: bool) {
    const LEN: u64 = 300 * 1024 * 1024;
    let server = Hostile::start(script(
        vec![],
        Act::Huge {
            len: LEN,
            content_length,
        },
    ))
    .await;
    let client = Client::builder(server.url()).build().expect("config");
    let before = peak_kib();
    let result = client.auth_provider().get_auth_providers().await;
    let after = peak_kib();
    println!(
        "300 MB body, content-length: {content_length}: peak memory +{} MiB ({})",
        (after - before) / 1024,
        match &result {
            Ok(_) => "Ok".to_owned(),
            Err(err) => err.to_string().chars().take(160).collect(),
        }
    );
    assert!(result.is_err(), "a JSON string is not a list of providers");
}

#[tokio::test]
#[ignore = "moves 300 MB over loopback; run alone to read the peak memory"]
async fn peak_memory_300_mb_with_content_length() {
    measure(true).await;
}

#[tokio::test]
#[ignore = "moves 300 MB over loopback; run alone to read the peak memory"]
async fn peak_memory_300_mb_chunked() {
    measure(false).await;
}
