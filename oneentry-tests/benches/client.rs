//! How much the client costs beyond the network: decoding a large page, encoding a body,
//! and a full call against the emulator on loopback.
//!
//! `cargo bench -p oneentry-tests` prints the median of several runs per case. The cases are
//! bounded (fixed sizes and counts), so a run takes a few seconds.

use std::hint::black_box;
use std::time::{Duration, Instant};

use oneentry_client::api::{
    AuthData, AuthRequest, FormField, OrderProduct, OrderRequest, OrdersPage,
};
use oneentry_client::{Client, localized};
use oneentry_emulator::Emulator;

mod common;

const RUNS: usize = 7;

/// Median wall time of `RUNS` runs of `f`, each doing `per_run` operations.
fn measure(name: &str, per_run: usize, bytes_per_run: Option<usize>, mut f: impl FnMut()) {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    let median = times[RUNS / 2];
    let per_op = median / u32::try_from(per_run).unwrap_or(u32::MAX);
    let throughput = bytes_per_run
        .map(|b| {
            format!(
                "{:>8.1} MiB/s",
                b as f64 / median.as_secs_f64() / (1024.0 * 1024.0)
            )
        })
        .unwrap_or_default();
    println!("{name:<48} {per_op:>12.2?}/op {throughput}");
}

fn decode_page() {
    let text = common::decode::large_list(common::decode::order_with_unknown_key);
    measure(
        "decode OrdersPage, 1000 orders",
        1,
        Some(text.len()),
        || {
            let page: Result<OrdersPage, _> =
                localized::with_language("en_US", || serde_json::from_slice(black_box(&text)));
            assert!(matches!(&page, Ok(p) if p.items.len() == 1000));
        },
    );
}

fn encode_body() {
    let order = OrderRequest::new(
        "order",
        "cash",
        (0..20)
            .map(|i| FormField::new("string", format!("field{i}"), "value".into()))
            .collect(),
        (0..20).map(|i| OrderProduct::new(i, 1)).collect(),
    );
    measure(
        "encode OrderRequest (20 fields, 20 products)",
        1000,
        None,
        || {
            for _ in 0..1000 {
                let body =
                    localized::with_language("en_US", || serde_json::to_vec(black_box(&order)));
                assert!(body.is_ok());
            }
        },
    );
}

fn round_trips(runtime: &tokio::runtime::Runtime) {
    runtime.block_on(async {
        let emulator = match Emulator::start().await {
            Ok(emulator) => emulator,
            Err(err) => {
                eprintln!("cannot start the emulator: {err}");
                return;
            }
        };
        let client = match Client::builder(emulator.base_url())
            .app_token(emulator.app_token())
            .build()
        {
            Ok(client) => client,
            Err(err) => {
                eprintln!("cannot build the client: {err}");
                return;
            }
        };
        let credentials = AuthRequest::new(vec![
            AuthData::new("email_reg", emulator.user_email()),
            AuthData::new("password_reg", emulator.user_password()),
        ]);
        if let Err(err) = client.auth_provider().auth("email", credentials).await {
            eprintln!("cannot sign in: {err}");
            return;
        }
        let order = OrderRequest::new(
            "order",
            "cash",
            vec![FormField::new("string", "name", "Christina Thomas".into())],
            vec![OrderProduct::new(15, 1)],
        );
        let Ok(created) = client.orders().create_order("orders", order).await else {
            eprintln!("cannot create an order");
            return;
        };
        const CALLS: usize = 300;
        let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let start = Instant::now();
            for _ in 0..CALLS {
                let found = client
                    .orders()
                    .get_order_by_marker_and_id("orders", created.id)
                    .await;
                assert!(found.is_ok());
            }
            times.push(start.elapsed());
        }
        times.sort();
        let per_call = times[RUNS / 2] / CALLS as u32;
        println!(
            "{:<48} {per_call:>12.2?}/op {:>8.0} calls/s",
            "get_order_by_marker_and_id, emulator on loopback",
            1.0 / per_call.as_secs_f64()
        );
        emulator.clear_requests();
    });
}

fn main() {
    // `cargo test --benches` runs bench targets with `--bench`-less arguments; stay quick there.
    if std::env::args().any(|a| a == "--test") {
        return;
    }
    println!("median of {RUNS} runs; debug builds are much slower: use `cargo bench`\n");
    decode_page();
    encode_body();
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => round_trips(&runtime),
        Err(err) => eprintln!("cannot start a runtime: {err}"),
    }
}
