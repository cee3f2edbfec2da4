//! Per-call settings: the client's defaults, overridden per handle with [`CallOptions`].
//!
//! Generated endpoint methods take no options, so per-call settings live on the [`Client`]
//! handle the call is made through: [`Client::with_call_options`] returns a handle that
//! shares the session, connection pool and retry budget and differs only in these settings.

use std::time::Duration;

use crate::{Client, RetryPolicy};

/// Default per-call deadline.
pub(crate) const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);
/// Default per-attempt timeout.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The settings one call runs with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CallConfig {
    pub(crate) retry: RetryPolicy,
    pub(crate) deadline: Duration,
    pub(crate) attempt_timeout: Duration,
}

impl Default for CallConfig {
    fn default() -> Self {
        Self {
            retry: RetryPolicy::new(),
            deadline: DEFAULT_DEADLINE,
            attempt_timeout: DEFAULT_TIMEOUT,
        }
    }
}

/// Settings for the calls made through one [`Client`] handle; what is not set keeps the
/// handle's value.
///
/// ```no_run
/// # async fn demo(client: &oneentry_client::Client) -> oneentry_client::Result<()> {
/// use std::time::Duration;
/// use oneentry_client::{CallOptions, RetryPolicy};
///
/// // No retries, and at most 5 s for each call made through `once`.
/// let once = client.with_call_options(
///     CallOptions::new()
///         .retry(RetryPolicy::none())
///         .deadline(Duration::from_secs(5)),
/// );
/// let orders = once.orders().get_all_orders_by_marker("orders").await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[must_use = "pass the options to `Client::with_call_options`"]
pub struct CallOptions {
    retry: Option<RetryPolicy>,
    deadline: Option<Duration>,
    timeout: Option<Duration>,
}

impl CallOptions {
    /// No overrides.
    pub const fn new() -> Self {
        Self {
            retry: None,
            deadline: None,
            timeout: None,
        }
    }

    /// The retry policy ([`RetryPolicy::none`] turns retries off).
    pub const fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The longest a call may take, token refresh, attempts and backoff included, measured
    /// from when the call starts. A zero deadline fails every call with
    /// [`Error::Timeout`](crate::Error::Timeout) before anything is sent.
    pub const fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The longest one HTTP attempt may take, from sending to the last byte of the body.
    pub const fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    fn apply(self, base: CallConfig) -> CallConfig {
        CallConfig {
            retry: self.retry.unwrap_or(base.retry),
            deadline: self.deadline.unwrap_or(base.deadline),
            attempt_timeout: self.timeout.unwrap_or(base.attempt_timeout),
        }
    }
}

impl Client {
    /// A handle to this client whose calls use `options`: same session, connection pool,
    /// retry budget and configuration otherwise. Cheap (an `Arc` clone); make one per call
    /// or keep it.
    ///
    /// ```no_run
    /// # async fn demo(client: &oneentry_client::Client, body: oneentry_client::api::OrderRequest) -> oneentry_client::Result<()> {
    /// use std::time::Duration;
    /// use oneentry_client::CallOptions;
    ///
    /// let order = client
    ///     .with_call_options(CallOptions::new().deadline(Duration::from_secs(3)))
    ///     .orders()
    ///     .create_order("orders", body)
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_call_options(&self, options: CallOptions) -> Client {
        Client {
            inner: self.inner.clone(),
            call: options.apply(self.call),
        }
    }

    /// Timeout of each HTTP attempt of this handle's calls.
    pub fn timeout(&self) -> Duration {
        self.call.attempt_timeout
    }

    /// Deadline of each of this handle's calls.
    pub fn deadline(&self) -> Duration {
        self.call.deadline
    }

    /// Retry policy of this handle's calls.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.call.retry
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_override_only_what_is_set_and_share_the_rest() {
        let client = Client::builder("https://x.com")
            .deadline(Duration::from_secs(9))
            .build()
            .expect("client");
        let quick = client.with_call_options(
            CallOptions::new()
                .retry(RetryPolicy::none())
                .timeout(Duration::from_secs(1)),
        );
        assert_eq!(quick.deadline(), Duration::from_secs(9));
        assert_eq!(quick.timeout(), Duration::from_secs(1));
        assert_eq!(quick.retry_policy(), RetryPolicy::none());
        assert_eq!(client.retry_policy(), RetryPolicy::new());
        assert_eq!(client.timeout(), DEFAULT_TIMEOUT);

        let nested = quick.with_call_options(CallOptions::new().deadline(Duration::from_secs(2)));
        assert_eq!(
            nested.timeout(),
            Duration::from_secs(1),
            "kept from `quick`"
        );
        assert_eq!(nested.deadline(), Duration::from_secs(2));

        client.session().set_tokens(Some("a".into()), None);
        assert!(nested.session().is_signed_in(), "one session");
        assert!(std::sync::Arc::ptr_eq(&client.inner, &nested.inner));
    }
}
