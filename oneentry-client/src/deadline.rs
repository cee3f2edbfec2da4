//! The per-call deadline, and what the call had sent when it ran out.
//!
//! One timer around the whole call is the only way the deadline can cover everything: the
//! proactive refresh, waiting for another task's refresh, every attempt, the backoff, the
//! refresh after a 401 and the resend. When it fires the call's future is dropped at its
//! current `.await`; the clock remembers whether the call's own request may have reached
//! the server by then, so the error can say so.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::{Delivery, Error, Result, TimeoutKind};

/// Time and delivery bookkeeping of one call, and its tracing span.
#[derive(Debug)]
pub(crate) struct CallClock {
    /// The call's span; attempts record into it whatever span is current.
    pub(crate) span: tracing::Span,
    started: Instant,
    deadline: Duration,
    /// An attempt of the call's own request is on the wire now.
    in_flight: AtomicBool,
    /// A finished attempt may have had its effect.
    exposed: AtomicBool,
}

impl CallClock {
    pub(crate) fn new(deadline: Duration, span: tracing::Span) -> Self {
        Self {
            span,
            started: Instant::now(),
            deadline,
            in_flight: AtomicBool::new(false),
            exposed: AtomicBool::new(false),
        }
    }

    pub(crate) fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// Time left before the deadline (zero once it has passed).
    pub(crate) fn remaining(&self) -> Duration {
        self.deadline.saturating_sub(self.elapsed())
    }

    /// An attempt of the call's own request is about to be handed to the HTTP client.
    pub(crate) fn sending(&self) {
        self.in_flight.store(true, Ordering::SeqCst);
    }

    /// The attempt ended; `harmless` when it provably had no effect (it never left, or the
    /// server refused it with 401 before acting on it).
    pub(crate) fn finished(&self, harmless: bool) {
        if !harmless {
            self.exposed.store(true, Ordering::SeqCst);
        }
        self.in_flight.store(false, Ordering::SeqCst);
    }

    /// Whether the call's own request may have reached the server so far.
    pub(crate) fn delivery(&self) -> Delivery {
        if self.exposed.load(Ordering::SeqCst) || self.in_flight.load(Ordering::SeqCst) {
            Delivery::OutcomeUnknown
        } else {
            Delivery::NotSent
        }
    }

    /// Runs `call`, ending it with [`Error::Timeout`] when the deadline passes first.
    pub(crate) async fn limit<T>(
        &self,
        endpoint: &'static str,
        call: impl Future<Output = Result<T>>,
    ) -> Result<T> {
        let remaining = self.remaining();
        if remaining.is_zero() {
            // The timer would still poll `call` once, which may start sending.
            return Err(self.expired(endpoint));
        }
        match tokio::time::timeout(remaining, call).await {
            Ok(result) => result,
            Err(_) => Err(self.expired(endpoint)),
        }
    }

    fn expired(&self, endpoint: &'static str) -> Error {
        Error::Timeout {
            endpoint,
            kind: TimeoutKind::Deadline,
            elapsed: self.elapsed(),
            delivery: self.delivery(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivery_follows_the_attempts() {
        let clock = CallClock::new(Duration::from_secs(5), tracing::Span::none());
        assert_eq!(clock.delivery(), Delivery::NotSent);
        clock.sending();
        assert_eq!(clock.delivery(), Delivery::OutcomeUnknown, "on the wire");
        clock.finished(true);
        assert_eq!(clock.delivery(), Delivery::NotSent, "refused or never left");
        clock.sending();
        clock.finished(false);
        clock.sending();
        clock.finished(true);
        assert_eq!(clock.delivery(), Delivery::OutcomeUnknown, "sticky");
        assert!(clock.remaining() <= Duration::from_secs(5));
    }

    #[tokio::test]
    async fn the_limit_ends_a_slow_call_and_passes_a_fast_one() {
        let clock = CallClock::new(Duration::from_millis(50), tracing::Span::none());
        let slow = clock
            .limit("X.slow", async {
                tokio::time::sleep(Duration::from_secs(30)).await;
                Ok(())
            })
            .await;
        let Err(Error::Timeout {
            endpoint,
            kind,
            elapsed,
            delivery,
        }) = slow
        else {
            panic!("not a timeout: {slow:?}");
        };
        assert_eq!(endpoint, "X.slow");
        assert_eq!(kind, TimeoutKind::Deadline);
        assert!(elapsed >= Duration::from_millis(50));
        assert_eq!(delivery, Delivery::NotSent);

        let clock = CallClock::new(Duration::from_secs(30), tracing::Span::none());
        assert_eq!(clock.limit("X.fast", async { Ok(7) }).await.ok(), Some(7));
        let zero = CallClock::new(Duration::ZERO, tracing::Span::none());
        let polled = AtomicBool::new(false);
        let never = zero
            .limit("X.zero", async {
                polled.store(true, Ordering::SeqCst);
                Ok(())
            })
            .await;
        assert!(!polled.load(Ordering::SeqCst));
        assert!(
            matches!(
                never,
                Err(Error::Timeout {
                    delivery: Delivery::NotSent,
                    ..
                })
            ),
            "{never:?}"
        );
    }
}
