//! The paid-order scenario with one client per user (`Client::for_user`) against the
//! official JavaScript SDK with one `defineOneEntry` instance per user, on the same
//! emulator, sequentially and 16 in flight: scenarios/s and CPU per scenario.
//!
//! The SDK (`oneentry@1.0.149`, as `tools/sdk-compat/run.sh` uses) is installed with npm
//! into a directory under the system's temporary directory on the first run and reused
//! after; without `node` and `npm` the rows are skipped with a line that says so. The Rust
//! side's CPU is its thread's (`thread_cpu`), the SDK's the whole node process's.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use futures_util::future::join_all;
use oneentry_client::Client;
use oneentry_client::api::{FormField, OrderProduct, OrderRequest};
use oneentry_emulator::Emulator;

use super::overhead::{Sample, credentials, sample};
use super::table::{Goal, Row, median};

const SDK_VERSION: &str = "1.0.149";
const SEQUENTIAL: u32 = 100;
const IN_FLIGHT: u32 = 16;
const CONCURRENT: u32 = 320;

/// The SDK's install directory, installing it when needed; `Err` says why the rows are skipped.
pub fn sdk() -> Result<PathBuf, String> {
    for tool in ["node", "npm"] {
        let found = Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|out| out.status.success());
        if !found {
            return Err(format!("`{tool}` is not installed"));
        }
    }
    let dir = std::env::temp_dir().join(format!("oneentry-sdk-bench-{SDK_VERSION}"));
    if dir.join("node_modules/oneentry/package.json").exists() {
        return Ok(dir);
    }
    std::fs::create_dir_all(&dir).map_err(|err| format!("cannot create {dir:?}: {err}"))?;
    let npm = |args: &[&str]| {
        Command::new("npm")
            .args(args)
            .current_dir(&dir)
            .output()
            .map_err(|err| err.to_string())
            .and_then(|out| match out.status.success() {
                true => Ok(()),
                false => Err(String::from_utf8_lossy(&out.stderr).into_owned()),
            })
    };
    npm(&["init", "-y"])?;
    let package = format!("oneentry@{SDK_VERSION}");
    npm(&[
        "install",
        "--no-audit",
        "--no-fund",
        "--no-package-lock",
        &package,
    ])
    .map_err(|err| format!("npm install {package} failed: {err}"))?;
    Ok(dir)
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tools/sdk-compat/bench.cjs")
}

/// One run of the SDK side: per-scenario wall and CPU time.
fn sdk_run(sdk: &Path, emulator: &Emulator, count: u32, in_flight: u32) -> Option<Sample> {
    let out = Command::new("node")
        .arg(script())
        .args([
            emulator.base_url(),
            emulator.app_token().to_owned(),
            emulator.user_email().to_owned(),
            emulator.user_password().to_owned(),
            count.to_string(),
            in_flight.to_string(),
        ])
        .env("NODE_PATH", sdk.join("node_modules"))
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!(
            "the SDK run failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    let seconds = line["seconds"].as_f64()?;
    let cpu = line["cpuMicros"].as_f64()?;
    Some(Sample {
        wall: Duration::from_secs_f64(seconds / f64::from(count)),
        cpu: Duration::from_secs_f64(cpu / 1e6 / f64::from(count)),
    })
}

fn order() -> OrderRequest {
    OrderRequest::new(
        "order",
        "cash",
        vec![FormField::new("string", "name", "Christina Thomas".into())],
        vec![OrderProduct::new(15, 1)],
    )
}

/// The scenario as a new user: a client from `for_user`, sign-in, order, session, read back.
async fn scenario(app: &Client, emulator: &Emulator) {
    let user = app.for_user().build().expect("a user client");
    let signed_in = user
        .auth_provider()
        .auth("email", credentials(emulator))
        .await;
    assert!(signed_in.is_ok(), "{signed_in:?}");
    let order = user
        .orders()
        .create_order("orders", order())
        .await
        .expect("an order");
    let session = user.payments().create_session(order.id).await;
    assert!(session.is_ok(), "{session:?}");
    let found = user.payments().get_session_by_order_id(order.id).await;
    assert!(found.is_ok(), "{found:?}");
}

async fn ours(app: &Client, emulator: &Emulator, count: u32, in_flight: u32) -> Sample {
    sample(count, async {
        let per_task = count / in_flight;
        join_all((0..in_flight).map(|_| async {
            for _ in 0..per_task {
                scenario(app, emulator).await;
            }
        }))
        .await;
    })
    .await
}

/// The scenario rows, or why there are none.
pub async fn rows(emulator: &Emulator, rounds: usize) -> Result<Vec<Row>, String> {
    let sdk = sdk()?;
    let app = Client::builder(emulator.base_url())
        .app_token(emulator.app_token())
        .build()
        .expect("a client");
    // Warm up both sides (pools, JIT).
    ours(&app, emulator, 20, 1).await;
    sdk_run(&sdk, emulator, 20, 1).ok_or("the SDK does not run the scenario")?;
    let mut samples: [Vec<Sample>; 4] = Default::default();
    for _ in 0..rounds {
        samples[0].push(ours(&app, emulator, SEQUENTIAL, 1).await);
        if let Some(s) = sdk_run(&sdk, emulator, SEQUENTIAL, 1) {
            samples[1].push(s);
        }
        samples[2].push(ours(&app, emulator, CONCURRENT, IN_FLIGHT).await);
        if let Some(s) = sdk_run(&sdk, emulator, CONCURRENT, IN_FLIGHT) {
            samples[3].push(s);
        }
    }
    if samples.iter().any(Vec::is_empty) {
        return Err("the SDK runs failed".to_owned());
    }
    let [seq, sdk_seq, par, sdk_par] = samples;
    let wall = |s: &[Sample]| median(s.iter().map(|s| s.wall).collect());
    let cpu = |s: &[Sample]| median(s.iter().map(|s| s.cpu).collect());
    Ok(vec![
        Row::per_second(
            "paid order, a client per user, sequential: scenarios/s vs JS SDK",
            wall(&seq),
            wall(&sdk_seq),
            Goal::AtLeast(3.0),
        ),
        Row::per_second(
            "paid order, a client per user, 16 in flight: scenarios/s vs JS SDK",
            wall(&par),
            wall(&sdk_par),
            Goal::AtLeast(3.0),
        ),
        Row::micros(
            "paid order, sequential: CPU per scenario vs JS SDK",
            cpu(&seq),
            cpu(&sdk_seq),
            Goal::AtMost(1.0),
        ),
        Row::micros(
            "paid order, 16 in flight: CPU per scenario vs JS SDK",
            cpu(&par),
            cpu(&sdk_par),
            Goal::AtMost(1.0),
        ),
    ])
}
