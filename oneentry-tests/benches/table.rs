//! Every performance goal of the project in one table: `cargo bench -p oneentry-tests --bench table`.

mod common;

fn main() {
    if std::env::args().any(|a| a == "--test") {
        return;
    }
    match std::env::var("TABLE_PROFILE").as_deref() {
        Ok("decode") => return common::decode::profile(false),
        Ok("decode-plain") => return common::decode::profile(true),
        _ => {}
    }
    let rows = common::decode::rows(9);
    common::table::print(&rows);
}
