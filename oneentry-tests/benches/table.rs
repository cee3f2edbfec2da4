//! Every performance goal of the project in one table:
//!
//! ```sh
//! cargo bench -p oneentry-tests --bench table
//! ```
//!
//! Each row is ours against a reference measured side by side in the same run (interleaved
//! rounds, medians), the ratio `ours / reference` and the goal it must meet. Rows: decoding
//! (`common/decode.rs`), the client against hand-written reqwest + serde and a client per user
//! (`common/overhead.rs`), the paid-order scenario against the official JavaScript SDK
//! (`common/scenario.rs`, skipped without node and npm), memory under a sign-in soak
//! (`common/soak.rs`) and the emulator against a bare axum handler (the emulator's own bench,
//! included). `--quick` runs fewer rounds; `decode` only the decoding rows. The output is Markdown, for `benches/RESULTS.md`.

use std::process::Command;
use std::time::Instant;

use oneentry_emulator::Emulator;

mod common;

#[allow(dead_code)]
#[path = "../../oneentry-emulator/benches/emulator.rs"]
mod emulator_bench;

use common::table::{Goal, Row};

fn main() {
    if std::env::args().any(|a| a == "--test") {
        return;
    }
    match std::env::var("TABLE_PROFILE").as_deref() {
        Ok("decode") => return common::decode::profile(false),
        Ok("decode-plain") => return common::decode::profile(true),
        _ => {}
    }
    let quick = std::env::args().any(|a| a == "--quick");
    let rounds = if quick { 3 } else { 9 };
    let started = Instant::now();
    print_machine();
    let mut rows = common::decode::rows(if quick { 7 } else { 31 });
    if std::env::args().any(|a| a == "decode") {
        // `-- decode`: only the decoding rows, which need no emulator.
        common::table::print(&rows);
        return;
    }
    let mut notes = Vec::new();

    let (server, client) = common::runtimes();
    let emulator = server
        .block_on(Emulator::start())
        .expect("the emulator starts on loopback");
    eprintln!("client against hand-written code…");
    rows.extend(client.block_on(common::overhead::rows(&emulator, rounds)));
    eprintln!("the scenario against the official JS SDK…");
    match client.block_on(common::scenario::rows(&emulator, rounds.min(5))) {
        Ok(scenario) => rows.extend(scenario),
        Err(why) => notes.push(format!(
            "scenario against the official JS SDK skipped: {why}"
        )),
    }
    drop(emulator);
    eprintln!("sign-in soak…");
    let soaked = server.block_on(common::soak::emulator());
    match client.block_on(common::soak::rows(&soaked)) {
        Ok(soak) => rows.extend(soak),
        Err(why) => notes.push(format!("sign-in soak skipped: {why}")),
    }
    drop(soaked);
    drop(client);
    drop(server);

    eprintln!("the emulator against a bare axum handler…");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let rates = runtime.block_on(emulator_bench::rates(quick));
    rows.extend(emulator_rows(&rates));

    println!();
    common::table::print(&rows);
    for note in notes {
        println!("\n{note}");
    }
    println!(
        "\n{} interleaved rounds per row (decode: more), medians; run took {:.0?}.",
        rounds,
        started.elapsed()
    );
}

/// The emulator's rates as costs and throughputs against their references.
fn emulator_rows(rates: &emulator_bench::Rates) -> Vec<Row> {
    let per_request = |rate: f64| std::time::Duration::from_secs_f64(1.0 / rate);
    vec![
        Row {
            name: "emulator: getSessionByOrderId req/s vs bare axum".to_owned(),
            ours: rates.on,
            reference: rates.bare,
            unit: "/s",
            goal: Goal::AtLeast(0.8),
        },
        Row::micros(
            "emulator: a page of 30 orders, time per request at 10k orders vs 1k",
            per_request(rates.page_10k),
            per_request(rates.page_1k),
            Goal::AtMost(1.5),
        ),
        Row::micros(
            "emulator: time per request, request log on vs off",
            per_request(rates.on),
            per_request(rates.off),
            Goal::AtMost(1.05),
        ),
    ]
}

fn command_line(program: &str, arg: &str) -> String {
    Command::new(program)
        .arg(arg)
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .unwrap_or_else(|| "not installed".to_owned())
}

/// Cores, CPU model, OS, rustc and node versions: the figures mean little without them.
fn print_machine() {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
        .unwrap_or_else(|| "unknown".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let os = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|name| name.trim_matches('"').to_owned())
        })
        .unwrap_or_else(|| std::env::consts::OS.to_owned());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    println!(
        "machine: {cores} cores, {model}; {os}, kernel {}",
        kernel.trim()
    );
    println!(
        "{}; node {}",
        command_line("rustc", "--version"),
        command_line("node", "--version")
    );
}
