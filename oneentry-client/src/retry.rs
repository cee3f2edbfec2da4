//! When to retry a failed attempt, and after how long, as pure functions plus a token bucket.
//!
//! Kept free of I/O so the whole decision table is unit-tested. The shape follows the usual
//! "standard" retry mode of cloud SDKs: bounded attempts, exponential backoff with jitter,
//! the server's `Retry-After` honoured up to a cap, and a per-client retry budget so that a
//! failing server sees fewer and fewer retries instead of a multiple of the normal load.
//!
//! Safety comes first: a request whose effect on the server is unknown is re-sent only when
//! the endpoint is idempotent. A non-idempotent request (a POST that creates an order) is
//! re-sent only when it provably never left this process.

use std::sync::Mutex;
use std::time::Duration;

/// How a client retries failed attempts of a call.
///
/// Set it for every call with [`ClientBuilder::retry`](crate::ClientBuilder::retry), or for
/// some calls with [`CallOptions::retry`](crate::CallOptions::retry). What is retried does not
/// depend on the policy, only how often and how patiently:
///
/// * idempotent endpoints (every `GET`) are retried after a connection failure, a reset, an
///   attempt timeout, and the statuses 408, 429, 502, 503 and 504;
/// * other endpoints (`POST`, `PUT`, `DELETE`) only after a failure to connect, when the
///   request was provably never sent;
/// * a 401 is handled apart from this policy: one token refresh and one resend.
///
/// Attempts are spaced by exponential backoff with jitter: before retry *n* the client waits
/// between half and all of `initial_backoff * 2^(n-1)`, at most `max_backoff`. A
/// `Retry-After` header (seconds or an HTTP date) raises the wait to what the server asked
/// for; when it asks for more than `max_retry_after`, the call is not retried and the
/// error carries the server's `Retry-After` ([`Error::retry_after`](crate::Error::retry_after)).
/// A retry is also skipped when its wait would not end before the call's deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl RetryPolicy {
    /// Default total number of attempts (the first one included).
    pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
    /// Default upper bound of the first backoff.
    pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(200);
    /// Default upper bound of any backoff.
    pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(5);
    /// Default longest `Retry-After` the client is willing to wait for.
    pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(10);

    /// The default policy: 3 attempts, backoff from 200 ms up to 5 s, `Retry-After` honoured
    /// up to 10 s.
    pub const fn new() -> Self {
        Self {
            max_attempts: Self::DEFAULT_MAX_ATTEMPTS,
            initial_backoff: Self::DEFAULT_INITIAL_BACKOFF,
            max_backoff: Self::DEFAULT_MAX_BACKOFF,
            max_retry_after: Self::DEFAULT_MAX_RETRY_AFTER,
        }
    }

    /// Never retry: every call makes one attempt (plus the resend after a token refresh).
    pub const fn none() -> Self {
        Self::new().max_attempts(1)
    }

    /// Total number of attempts, the first one included; `1` turns retries off and `0`
    /// counts as `1`.
    pub const fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = if attempts == 0 { 1 } else { attempts };
        self
    }

    /// Upper bound of the first backoff and of every later one; each retry doubles the first
    /// until it reaches `max`.
    pub const fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max;
        self
    }

    /// The longest `Retry-After` to wait for. A server asking for more is not retried: the
    /// error is returned at once with the server's value, so the caller can schedule a later
    /// try instead of holding the call open.
    pub const fn max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// Total number of attempts, the first one included.
    pub const fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether this policy ever retries.
    pub const fn is_enabled(&self) -> bool {
        self.max_attempts > 1
    }

    /// The backoff before retry number `retry` (1 for the first retry), before jitter.
    fn backoff_ceiling(&self, retry: u32) -> Duration {
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.initial_backoff
            .checked_mul(factor)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff)
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::new()
    }
}

/// How one attempt failed, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The request provably never left: the connection could not be established.
    NotSent,
    /// The request may have reached the server, and no complete answer came back: a reset,
    /// a connection closed mid-exchange, a body cut short, or the attempt timed out.
    Unknown {
        /// The attempt hit its timeout (costs more of the retry budget).
        timed_out: bool,
    },
    /// The server answered with this status.
    Status {
        /// HTTP status.
        status: u16,
        /// The answer's `Retry-After`, already converted to a wait from now.
        retry_after: Option<Duration>,
    },
}

/// Why a failed attempt is not retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stop {
    /// The failure is final (a 4xx other than 408/429, a 500…), or a success.
    NotRetryable,
    /// The request may have had its effect and the endpoint is not idempotent.
    Unsafe,
    /// The policy's attempts are used up.
    AttemptsExhausted,
    /// The server asked to wait longer than the policy's `max_retry_after`.
    RetryAfterTooLong,
    /// The wait would not end before the call's deadline.
    DeadlineTooClose,
    /// The client's retry budget is spent (see [`RetryBudget`]).
    BudgetExhausted,
}

impl Stop {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::NotRetryable => "not retryable",
            Self::Unsafe => "not safe to resend",
            Self::AttemptsExhausted => "attempts exhausted",
            Self::RetryAfterTooLong => "Retry-After above the cap",
            Self::DeadlineTooClose => "deadline too close",
            Self::BudgetExhausted => "retry budget exhausted",
        }
    }
}

/// The verdict on a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Wait `delay`, then send again; take `cost` tokens from the retry budget first.
    Retry {
        /// Wait before the next attempt.
        delay: Duration,
        /// Tokens this retry takes from the budget.
        cost: u32,
    },
    /// Give up and report the failure.
    Stop(Stop),
}

/// Statuses that mean "try again" for an idempotent request.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 502 | 503 | 504)
}

/// Budget tokens taken by one retry, and by one retry after a timeout (timeouts cost more:
/// a server that has stopped answering gets fewer retries sooner).
const RETRY_COST: u32 = 5;
const TIMEOUT_RETRY_COST: u32 = 10;

/// Decides whether the attempt number `attempt` (1 for the first) that failed with `failure`
/// is followed by another one.
///
/// `remaining` is the time left before the call's deadline, `jitter` a random number in
/// `[0, 1)` that places the wait between half and all of the backoff.
pub(crate) fn decide(
    policy: &RetryPolicy,
    failure: Failure,
    idempotent: bool,
    attempt: u32,
    remaining: Option<Duration>,
    jitter: f64,
) -> Decision {
    let (retry_after, cost) = match failure {
        Failure::NotSent => (None, RETRY_COST),
        Failure::Unknown { .. } if !idempotent => return Decision::Stop(Stop::Unsafe),
        Failure::Unknown { timed_out } => (
            None,
            if timed_out {
                TIMEOUT_RETRY_COST
            } else {
                RETRY_COST
            },
        ),
        Failure::Status { status, .. } if !is_retryable_status(status) => {
            return Decision::Stop(Stop::NotRetryable);
        }
        // The server got the request; whether it acted on it is its business.
        Failure::Status { .. } if !idempotent => return Decision::Stop(Stop::Unsafe),
        Failure::Status { retry_after, .. } => (retry_after, RETRY_COST),
    };
    if attempt >= policy.max_attempts {
        return Decision::Stop(Stop::AttemptsExhausted);
    }
    if retry_after.is_some_and(|wait| wait > policy.max_retry_after) {
        return Decision::Stop(Stop::RetryAfterTooLong);
    }
    let ceiling = policy.backoff_ceiling(attempt);
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let backoff = ceiling / 2 + (ceiling / 2).mul_f64(jitter);
    let delay = retry_after.map_or(backoff, |wait| wait.max(backoff));
    if remaining.is_some_and(|left| delay >= left) {
        return Decision::Stop(Stop::DeadlineTooClose);
    }
    Decision::Retry { delay, cost }
}

/// A random number in `[0, 1)` for jitter: no PRNG dependency, `RandomState` is seeded
/// randomly per process and advanced per instance, and the clock adds the rest.
pub(crate) fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    hasher.write_u32(nanos);
    // 53 random bits make an exactly representable fraction.
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// A client-wide token bucket that limits retries when many calls fail.
///
/// Starts full; every retry takes tokens (5, or 10 after a timeout) and is skipped when not
/// enough are left; a call that succeeds at the first attempt puts one token back, a call
/// that succeeds after retries puts back what its retries took. With the default 500 tokens
/// a server that fails everything sees at most 100 retries before calls stop retrying, and
/// retrying resumes as calls succeed again.
#[derive(Debug)]
pub(crate) struct RetryBudget {
    capacity: u32,
    tokens: Mutex<u32>,
}

impl RetryBudget {
    /// Default capacity of the bucket.
    pub(crate) const DEFAULT_CAPACITY: u32 = 500;
    /// Tokens a first-attempt success puts back.
    const SUCCESS_REFUND: u32 = 1;

    pub(crate) fn new(capacity: u32) -> Self {
        Self {
            capacity,
            tokens: Mutex::new(capacity),
        }
    }

    fn with_tokens<R>(&self, f: impl FnOnce(&mut u32) -> R) -> R {
        // A panic elsewhere cannot leave a plain counter inconsistent.
        let mut tokens = self
            .tokens
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut tokens)
    }

    /// Takes `cost` tokens if there are that many.
    pub(crate) fn try_acquire(&self, cost: u32) -> bool {
        self.with_tokens(|tokens| {
            let enough = *tokens >= cost;
            if enough {
                *tokens -= cost;
            }
            enough
        })
    }

    /// A call succeeded; `spent` is what its retries took from the bucket.
    pub(crate) fn on_success(&self, spent: u32) {
        let refund = if spent == 0 {
            Self::SUCCESS_REFUND
        } else {
            spent
        };
        self.with_tokens(|tokens| *tokens = tokens.saturating_add(refund).min(self.capacity));
    }

    #[cfg(test)]
    fn available(&self) -> u32 {
        self.with_tokens(|tokens| *tokens)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: fn(u64) -> Duration = Duration::from_millis;
    const S: fn(u64) -> Duration = Duration::from_secs;

    fn status(status: u16) -> Failure {
        Failure::Status {
            status,
            retry_after: None,
        }
    }

    fn after(status: u16, wait: Duration) -> Failure {
        Failure::Status {
            status,
            retry_after: Some(wait),
        }
    }

    const RESET: Failure = Failure::Unknown { timed_out: false };
    const TIMEOUT: Failure = Failure::Unknown { timed_out: true };

    fn retry(delay: Duration) -> Decision {
        Decision::Retry {
            delay,
            cost: RETRY_COST,
        }
    }

    /// failure, idempotent, attempt, remaining, jitter, decision
    type Row = (Failure, bool, u32, Option<Duration>, f64, Decision);

    #[test]
    fn what_is_retried_and_when() {
        use Decision::Stop as S_;
        let p = RetryPolicy::new();
        #[rustfmt::skip]
        let table: &[Row] = &[
            // failure,            idempotent, attempt, remaining, jitter, decision
            // idempotent: transient failures, backoff 100..200 ms, then 200..400 ms
            (Failure::NotSent,     true,  1, None,        0.0, retry(MS(100))),
            (RESET,                true,  1, None,        0.0, retry(MS(100))),
            (RESET,                true,  1, None,        0.5, retry(MS(150))),
            (RESET,                true,  2, None,        1.0, retry(MS(400))),
            (TIMEOUT,              true,  1, None,        0.0, Decision::Retry { delay: MS(100), cost: TIMEOUT_RETRY_COST }),
            (status(408),          true,  1, None,        0.0, retry(MS(100))),
            (status(429),          true,  1, None,        0.0, retry(MS(100))),
            (status(502),          true,  1, None,        0.0, retry(MS(100))),
            (status(503),          true,  1, None,        0.0, retry(MS(100))),
            (status(504),          true,  1, None,        0.0, retry(MS(100))),
            // final answers are never retried
            (status(200),          true,  1, None,        0.0, S_(Stop::NotRetryable)),
            (status(400),          true,  1, None,        0.0, S_(Stop::NotRetryable)),
            (status(401),          true,  1, None,        0.0, S_(Stop::NotRetryable)),
            (status(404),          true,  1, None,        0.0, S_(Stop::NotRetryable)),
            (status(500),          true,  1, None,        0.0, S_(Stop::NotRetryable)),
            (status(501),          true,  1, None,        0.0, S_(Stop::NotRetryable)),
            (status(500),          false, 1, None,        0.0, S_(Stop::NotRetryable)),
            // non-idempotent: only what provably never left
            (Failure::NotSent,     false, 1, None,        0.0, retry(MS(100))),
            (RESET,                false, 1, None,        0.0, S_(Stop::Unsafe)),
            (TIMEOUT,              false, 1, None,        0.0, S_(Stop::Unsafe)),
            (status(503),          false, 1, None,        0.0, S_(Stop::Unsafe)),
            (status(429),          false, 1, None,        0.0, S_(Stop::Unsafe)),
            // attempts are bounded (3 in total)
            (RESET,                true,  2, None,        0.0, retry(MS(200))),
            (RESET,                true,  3, None,        0.0, S_(Stop::AttemptsExhausted)),
            (Failure::NotSent,     false, 3, None,        0.0, S_(Stop::AttemptsExhausted)),
            // Retry-After raises the wait, up to the cap
            (after(503, S(2)),     true,  1, None,        0.0, retry(S(2))),
            (after(429, S(10)),    true,  1, None,        0.9, retry(S(10))),
            (after(429, S(11)),    true,  1, None,        0.0, S_(Stop::RetryAfterTooLong)),
            (after(503, MS(10)),   true,  1, None,        0.0, retry(MS(100))),
            (after(503, S(2)),     false, 1, None,        0.0, S_(Stop::Unsafe)),
            // a wait that outlasts the deadline is not started
            (RESET,                true,  1, Some(MS(101)), 0.0, retry(MS(100))),
            (RESET,                true,  1, Some(MS(100)), 0.0, S_(Stop::DeadlineTooClose)),
            (after(503, S(2)),     true,  1, Some(S(1)),  0.0, S_(Stop::DeadlineTooClose)),
            // broken jitter input is tolerated
            (RESET,                true,  1, None,        f64::NAN, retry(MS(100))),
            (RESET,                true,  1, None,        7.0, retry(MS(200))),
        ];
        for (i, &(failure, idempotent, attempt, remaining, jitter, expected)) in
            table.iter().enumerate()
        {
            assert_eq!(
                decide(&p, failure, idempotent, attempt, remaining, jitter),
                expected,
                "row {i}: {failure:?} idempotent={idempotent} attempt={attempt}"
            );
        }
    }

    #[test]
    fn backoff_grows_to_its_cap() {
        let p = RetryPolicy::new()
            .max_attempts(u32::MAX)
            .backoff(MS(100), S(1));
        let ceilings: Vec<_> = [1, 2, 3, 4, 5, 40, u32::MAX]
            .into_iter()
            .map(|n| p.backoff_ceiling(n))
            .collect();
        assert_eq!(
            ceilings,
            [MS(100), MS(200), MS(400), MS(800), S(1), S(1), S(1)]
        );
        assert_eq!(
            decide(&p, RESET, true, 40, None, 1.0),
            retry(S(1)),
            "no overflow on late attempts"
        );
    }

    #[test]
    fn policies_can_be_turned_off() {
        let none = RetryPolicy::none();
        assert!(!none.is_enabled());
        assert_eq!(none.attempts(), 1);
        assert_eq!(
            decide(&none, Failure::NotSent, true, 1, None, 0.0),
            Decision::Stop(Stop::AttemptsExhausted)
        );
        assert_eq!(RetryPolicy::new().max_attempts(0).attempts(), 1);
        assert_eq!(RetryPolicy::default(), RetryPolicy::new());
        assert!(RetryPolicy::new().is_enabled());
    }

    #[test]
    fn jitter_is_a_fraction_and_varies() {
        let samples: Vec<f64> = (0..64).map(|_| jitter()).collect();
        assert!(samples.iter().all(|j| (0.0..1.0).contains(j)));
        let first = samples[0];
        assert!(samples.iter().any(|j| *j != first));
    }

    #[test]
    fn budget_limits_retries_and_refills_on_success() {
        let budget = RetryBudget::new(12);
        assert!(budget.try_acquire(RETRY_COST));
        assert!(budget.try_acquire(RETRY_COST));
        assert!(!budget.try_acquire(RETRY_COST), "2 tokens left");
        assert_eq!(budget.available(), 2);
        budget.on_success(0);
        budget.on_success(0);
        budget.on_success(0);
        assert!(budget.try_acquire(RETRY_COST), "5 tokens after 3 successes");
        budget.on_success(RETRY_COST);
        assert_eq!(budget.available(), 5);
        for _ in 0..100 {
            budget.on_success(TIMEOUT_RETRY_COST);
        }
        assert_eq!(budget.available(), 12, "never above capacity");
        assert!(!RetryBudget::new(0).try_acquire(1));
    }
}
