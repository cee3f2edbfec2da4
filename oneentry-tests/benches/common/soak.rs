//! Memory under a sign-in soak: the process's resident memory after many more sign-ins
//! than after a warm-up, against an emulator whose tokens live 100 ms (so that they expire
//! during the soak) and whose request log is off (it is bounded, but would fill up to its
//! bound during the run and hide what the tokens cost).

use std::time::Duration;

use futures_util::future::join_all;
use oneentry_client::Client;
use oneentry_emulator::Emulator;

use super::overhead::credentials;
use super::table::{Goal, Row};

const WARM_UP: u32 = 4_000;
const SOAK: u32 = 20_000;
const IN_FLIGHT: u32 = 8;

/// Resident memory of this process in MiB (`/proc/self/status`), if the OS tells.
fn rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

async fn sign_ins(client: &Client, emulator: &Emulator, count: u32) {
    join_all((0..IN_FLIGHT).map(|_| async {
        for _ in 0..count / IN_FLIGHT {
            let user = client.for_user().build().expect("a user client");
            let signed_in = user
                .auth_provider()
                .auth("email", credentials(emulator))
                .await;
            assert!(signed_in.is_ok(), "{signed_in:?}");
        }
    }))
    .await;
}

/// The soak row (run on the caller's runtime; the emulator on its own).
pub async fn rows(emulator: &Emulator) -> Result<Vec<Row>, String> {
    let client = Client::builder(emulator.base_url())
        .app_token(emulator.app_token())
        .build()
        .map_err(|err| err.to_string())?;
    sign_ins(&client, emulator, WARM_UP).await;
    let before = rss_mib().ok_or("no /proc/self/status on this OS")?;
    sign_ins(&client, emulator, SOAK).await;
    // Let the last tokens expire as the first ones did.
    tokio::time::sleep(Duration::from_millis(250)).await;
    sign_ins(&client, emulator, IN_FLIGHT).await;
    let after = rss_mib().ok_or("no /proc/self/status on this OS")?;
    Ok(vec![Row {
        name: format!(
            "sign-in soak: resident memory after {} sign-ins vs after {WARM_UP} ({} tokens held)",
            WARM_UP + SOAK,
            emulator.live_token_count()
        ),
        ours: after,
        reference: before,
        unit: "MiB",
        goal: Goal::AtMost(1.1),
    }])
}

/// The emulator for the soak: tokens that expire during it, no request log.
pub async fn emulator() -> Emulator {
    Emulator::builder()
        .access_token_ttl(Duration::from_millis(100))
        .refresh_token_ttl(Duration::from_millis(100))
        .request_log_capacity(0)
        .start()
        .await
        .expect("the emulator starts on loopback")
}
