//! The accept loop: a cap on connections, per-connection deadlines, graceful shutdown.
//!
//! Served with hyper directly rather than `axum::serve`, which has no header-read or idle
//! timeout and no connection cap.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use hyper::StatusCode;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot, watch};
use tokio::task::JoinSet;

use crate::app::App;
use crate::conn::{Activity, Expired, Served, Watched, closing_answer};
use crate::state::Limits;

/// How long the loop pauses after a failed accept (out of file descriptors, say), so that
/// it does not spin while the condition lasts.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// How long the 408 to a client whose head was too slow may take to write.
const FAREWELL_TIMEOUT: Duration = Duration::from_secs(1);

/// Serves `app` on `listener` until `stopped` fires (or its sender is dropped), then
/// lets open connections finish their request and waits for them.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Arc<App>,
    limits: Limits,
    stopped: oneshot::Receiver<()>,
) -> io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let (stop, stopping) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(stopped);
    loop {
        // A free slot first: beyond the cap, clients wait in the listen queue.
        let permit = tokio::select! {
            _ = &mut stopped => break,
            permit = slots.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
        };
        let stream = tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(err) => {
                    tracing::warn!(%err, "accept failed");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            },
        };
        while connections.try_join_next().is_some() {}
        connections.spawn(connection(
            stream,
            Arc::clone(&app),
            limits,
            stopping.clone(),
            permit,
        ));
    }
    drop(listener);
    // An error means no connection is listening for it any more.
    let _ = stop.send(true);
    while connections.join_next().await.is_some() {}
    Ok(())
}

/// One connection, until the peer closes it, a deadline passes or the server stops.
async fn connection(
    stream: TcpStream,
    app: Arc<App>,
    limits: Limits,
    mut stopping: watch::Receiver<bool>,
    _slot: OwnedSemaphorePermit,
) {
    // Answers are small and written at once; Nagle would only delay them.
    let _ = stream.set_nodelay(true);
    let activity = Activity::new();
    let io = TokioIo::new(Watched::new(stream, activity.clone()));
    let served = Served::new(app, activity.clone());
    // Not pinned in place: after a slow head the socket is taken back to answer 408.
    let mut conn = http1::Builder::new()
        // The watchdog below times heads from their first byte, not from when the
        // server starts waiting.
        .header_read_timeout(None)
        .serve_connection(io, served);
    let mut draining = false;
    let expired = loop {
        tokio::select! {
            result = &mut conn => {
                if let Err(err) = result {
                    tracing::debug!(%err, "connection ended with an error");
                }
                return;
            }
            expired = activity.expired(limits.idle_timeout, limits.header_read_timeout) => {
                break expired;
            }
            changed = stopping.changed(), if !draining => {
                draining = true;
                if changed.is_ok() {
                    std::pin::Pin::new(&mut conn).graceful_shutdown();
                }
            }
        }
    };
    if expired == Expired::Head {
        tracing::debug!("request head too slow: answered 408 and closed");
        let mut socket = conn.into_parts().io.into_inner();
        let answer = closing_answer(
            StatusCode::REQUEST_TIMEOUT,
            &format!(
                "The request head did not arrive within {} ms",
                limits.header_read_timeout.as_millis()
            ),
        );
        // A client that does not read its answer does not delay the close for long.
        let _ = tokio::time::timeout(FAREWELL_TIMEOUT, async {
            socket.write_all(&answer).await?;
            socket.shutdown().await
        })
        .await;
    } else {
        tracing::debug!("connection idle: closed");
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use oneentry_client::endpoint::{Auth, Endpoint, Method, Segment, SessionEffect};
    use oneentry_client::mock::{FromParts, MockError, Operation, ParamError, Parts, Router};
    use tokio::io::AsyncReadExt;

    use super::*;
    use crate::project::DEMO_APP_TOKEN;
    use crate::state::AppState;

    static BOOM: Endpoint = Endpoint {
        id: "Test.boom",
        method: Method::Get,
        path: &[Segment::Literal("/boom")],
        template: "/boom",
        params: &[],
        auth: Auth::None,
        idempotent: true,
        paginated: false,
        session: SessionEffect::None,
        resend_after_refresh: false,
        protocol: None,
    };

    struct Boom;

    struct NoParams;

    impl Operation for Boom {
        const ENDPOINT: &'static Endpoint = &BOOM;
        const LANGUAGE: Option<&'static str> = None;
        type Request = NoParams;
        type Response = bool;
    }

    impl FromParts for NoParams {
        fn from_parts(_: &mut Parts<'_>) -> Result<Self, ParamError> {
            Ok(Self)
        }
    }

    #[tokio::test]
    async fn a_handler_that_panics_is_answered_with_a_oneentry_500() {
        let router = Router::new(&[]);
        router.on(Boom, |_| async {
            if true {
                panic!("boom on purpose");
            }
            Ok::<_, MockError>(true)
        });
        let state = Arc::new(AppState::demo());
        let limits = state.limits;
        let app = Arc::new(App::new(state, router));
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .expect("binds");
        let addr = listener.local_addr().expect("address");
        let (stop, stopped) = oneshot::channel();
        let server = tokio::spawn(serve(listener, app, limits, stopped));
        let mut stream = TcpStream::connect(addr).await.expect("connects");
        let head = format!(
            "GET /boom HTTP/1.1\r\nhost: x\r\nx-app-token: {DEMO_APP_TOKEN}\r\nconnection: close\r\n\r\n"
        );
        stream.write_all(head.as_bytes()).await.expect("written");
        let mut answer = String::new();
        let read =
            tokio::time::timeout(Duration::from_secs(5), stream.read_to_string(&mut answer)).await;
        assert!(matches!(read, Ok(Ok(_))), "{read:?}");
        assert!(answer.starts_with("HTTP/1.1 500"), "{answer}");
        assert!(answer.contains(r#""statusCode":500"#), "{answer}");
        assert!(answer.contains("boom on purpose"), "{answer}");
        let _ = stop.send(());
        let finished = tokio::time::timeout(Duration::from_secs(5), server).await;
        assert!(matches!(finished, Ok(Ok(Ok(())))), "{finished:?}");
    }
}
