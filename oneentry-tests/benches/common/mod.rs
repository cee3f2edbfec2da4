//! Measurements shared by the bench binaries.

#![allow(dead_code)]

pub mod decode;
pub mod overhead;
pub mod scenario;
pub mod soak;
pub mod table;

/// The emulator's runtime (one worker thread of its own) and the client's (current-thread,
/// on the caller's thread, so that the thread's CPU time is the client's).
pub fn runtimes() -> (tokio::runtime::Runtime, tokio::runtime::Runtime) {
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("the emulator's runtime");
    let client = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("the client's runtime");
    (server, client)
}
