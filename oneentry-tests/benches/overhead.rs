//! What the client costs over hand-written code, side by side in one run (see
//! `common/overhead.rs`): `cargo bench -p oneentry-tests --bench overhead` prints its rows of
//! the table that `--bench table` prints whole.

use oneentry_emulator::Emulator;

mod common;

fn main() {
    // `cargo test --benches` runs bench targets with `--test`; stay quick there.
    if std::env::args().any(|a| a == "--test") {
        return;
    }
    let (server, client) = common::runtimes();
    let emulator = server
        .block_on(Emulator::start())
        .expect("the emulator starts on loopback");
    println!("median of 9 interleaved runs\n");
    let rows = client.block_on(common::overhead::rows(&emulator, 9));
    common::table::print(&rows);
}
