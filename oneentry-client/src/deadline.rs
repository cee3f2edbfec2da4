//! The per-call deadline, and what the call had sent when it ran out.
//!
//! One timer around the whole call is the only way the deadline can cover everything: the
//! proactive refresh, waiting for another task's refresh, every attempt, the backoff, the
//! refresh after a 401 and the resend. When it fires the call's future is dropped at its
//! current `.await`; the clock remembers whether the call's own request may have reached
//! the server by then, so the error can say so.
//!
//! That timer is armed lazily: while the call's own request is on the wire, the attempt's
//! timer is set to the earlier of its timeout and the deadline (`exchange.rs`), so a plain
//! call runs under one tokio timer, not two. The call's timer is armed the first time the
//! call waits on anything else (a backoff, a refresh, the refresh gate).

use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::Poll;
use std::time::{Duration, Instant};

use tokio::time::Sleep;

use crate::{Delivery, Error, Result, TimeoutKind};

/// Time and delivery bookkeeping of one call, and its tracing span.
#[derive(Debug)]
pub(crate) struct CallClock {
    /// The call's span; attempts record into it whatever span is current.
    pub(crate) span: tracing::Span,
    started: Instant,
    deadline: Duration,
    /// When the deadline passes; `None` when it is too far to be represented.
    deadline_at: Option<Instant>,
    /// The call waits on an attempt whose timer ends no later than the deadline, so no
    /// timer of the call's own is needed meanwhile.
    covered: AtomicBool,
    /// An attempt of the call's own request is on the wire now.
    in_flight: AtomicBool,
    /// A finished attempt may have had its effect.
    exposed: AtomicBool,
}

impl CallClock {
    pub(crate) fn new(deadline: Duration, span: tracing::Span) -> Self {
        let started = Instant::now();
        Self {
            span,
            started,
            deadline,
            deadline_at: started.checked_add(deadline),
            covered: AtomicBool::new(false),
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

    /// When the deadline passes (`None`: never, in practice).
    pub(crate) fn deadline_at(&self) -> Option<Instant> {
        self.deadline_at
    }

    /// Whether a timer inside the call ends it by the deadline (see the module docs).
    pub(crate) fn cover(&self, covered: bool) {
        self.covered.store(covered, Ordering::Relaxed);
    }

    /// Runs `call`, ending it with [`Error::Timeout`] when the deadline passes first, inside
    /// the clock's span unless nobody listens to it.
    ///
    /// `call` is pinned by the caller, so the (large) future is not moved into a wrapper
    /// here; the timer is created only when the call first waits uncovered.
    pub(crate) async fn limit<T>(
        &self,
        endpoint: &'static str,
        mut call: Pin<&mut impl Future<Output = Result<T>>>,
    ) -> Result<T> {
        if self.remaining().is_zero() {
            // Polling `call` once could already start sending.
            return Err(self.expired(endpoint));
        }
        // Entering a disabled span on every poll costs without recording anything.
        let span = (!self.span.is_disabled()).then_some(&self.span);
        let mut timer: Option<Pin<Box<Sleep>>> = None;
        poll_fn(|cx| {
            let polled = match span {
                Some(span) => span.in_scope(|| call.as_mut().poll(cx)),
                None => call.as_mut().poll(cx),
            };
            if polled.is_ready() {
                return polled;
            }
            if timer.is_none() && !self.covered.load(Ordering::Relaxed) {
                // No deadline that can be represented: nothing to arm.
                let Some(at) = self.deadline_at else {
                    return Poll::Pending;
                };
                timer = Some(Box::pin(tokio::time::sleep_until(at.into())));
            }
            match timer.as_mut().map(|timer| timer.as_mut().poll(cx)) {
                Some(Poll::Ready(())) => Poll::Ready(Err(self.expired(endpoint))),
                _ => Poll::Pending,
            }
        })
        .await
    }

    pub(crate) fn expired(&self, endpoint: &'static str) -> Error {
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
            .limit(
                "X.slow",
                std::pin::pin!(async {
                    tokio::time::sleep(Duration::from_secs(30)).await;
                    Ok(())
                }),
            )
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
        assert_eq!(
            clock
                .limit("X.fast", std::pin::pin!(async { Ok(7) }))
                .await
                .ok(),
            Some(7)
        );
        let zero = CallClock::new(Duration::ZERO, tracing::Span::none());
        let polled = AtomicBool::new(false);
        let never = zero
            .limit(
                "X.zero",
                std::pin::pin!(async {
                    polled.store(true, Ordering::SeqCst);
                    Ok(())
                }),
            )
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
