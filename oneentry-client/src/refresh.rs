//! The refresh the client sends by itself: after a 401, or before a user call made with only a
//! refresh token. Which endpoint it calls, where the refresh token goes and where the new
//! tokens come back is the API's declared [`Protocol`], reached through the endpoint of the
//! call that needs the refresh, so the runtime knows no route or token field by name.

use crate::__private::Request;
use crate::deadline::CallClock;
use crate::decode::parse_body;
use crate::endpoint::{Endpoint, Grant, Location, Param, Protocol};
use crate::exchange::Role;
use crate::session::{Issuer, Snapshot};
use crate::transport::{Bearer, Prepared, Refreshed, is_success, protocol_for, status_error};
use crate::{Client, Delivery, Error, JsonValue, Result, Secret, TimeoutKind};

impl Client {
    /// Buys new tokens with the session's refresh token; single-flight through the gate.
    ///
    /// `seen` is the session the caller acted on. If it changed by the time the gate is held
    /// and an access token is present, another task refreshed (or signed in) already and this
    /// one just uses the result. Returns whether this call spent the refresh token itself
    /// ([`Refreshed::Here`]) or adopted tokens another task stored ([`Refreshed::Elsewhere`]).
    ///
    /// The refresh runs as a task of its own, which the caller only waits for: once the
    /// request is out the server rotates the refresh token, and if the caller's deadline
    /// dropped the refresh with it, the new token would be lost and the user signed out for
    /// good. The task finishes within its own bound (the deadline, or one attempt's timeout
    /// if that is longer) and stores what it bought.
    pub(crate) async fn refresh_tokens(
        &self,
        trigger: &'static Endpoint,
        seen: &Snapshot,
        clock: &CallClock,
    ) -> Result<Refreshed> {
        // The policy asks for a refresh only when there is a protocol to refresh with.
        let Some(protocol) = protocol_for(trigger, seen) else {
            return Err(Error::NotSignedIn {
                endpoint: trigger.id,
            });
        };
        let client = self.clone();
        let seen = seen.clone();
        // Its own bound: at least one attempt's timeout, even when the caller's deadline is
        // shorter (that short deadline is what this task must outlive).
        let bound = self.call.deadline.max(self.call.attempt_timeout);
        let own_clock = CallClock::new(bound, clock.span.clone());
        let task = tokio::spawn(async move {
            let refreshed = client.refresh_now(trigger, protocol, &seen, &own_clock);
            own_clock.limit(protocol.refresh.id, refreshed).await
        });
        match task.await {
            Ok(result) => result,
            Err(err) if err.is_panic() => std::panic::resume_unwind(err.into_panic()),
            // Only a runtime shutting down cancels the task; the caller is going away too.
            Err(_) => Err(Error::Timeout {
                endpoint: trigger.id,
                kind: TimeoutKind::Deadline,
                elapsed: clock.elapsed(),
                delivery: Delivery::OutcomeUnknown,
            }),
        }
    }

    /// The body of [`refresh_tokens`](Self::refresh_tokens), run detached.
    async fn refresh_now(
        &self,
        trigger: &'static Endpoint,
        protocol: &'static Protocol,
        seen: &Snapshot,
        clock: &CallClock,
    ) -> Result<Refreshed> {
        let session = self.session();
        let _gate = session.lock_refresh().await;
        let now = session.snapshot();
        if now.generation != seen.generation && now.access.is_some() {
            return Ok(Refreshed::Elsewhere);
        }
        let Some(refresh_token) = now.refresh.clone() else {
            return Err(Error::NotSignedIn {
                endpoint: trigger.id,
            });
        };

        let prepared = self.prepare(refresh_request(protocol, &now, &refresh_token)?)?;
        let received = self
            .send(&prepared, Bearer::Never, clock, Role::Refresh)
            .await?;
        if is_success(received.status) {
            let value = parse_body(prepared.endpoint, received.status, &received.body)?;
            if !self.store_tokens(&prepared, received.status, &value, now.epoch)? {
                // The session was cleared while the refresh was in flight; stay signed out.
                return Err(Error::NotSignedIn {
                    endpoint: trigger.id,
                });
            }
            tracing::debug!(trigger = trigger.id, "tokens refreshed");
            return Ok(Refreshed::Here);
        }
        if matches!(received.status, 401 | 403) {
            // The refresh token is dead; keeping it would only fail again on every call.
            session.clear_if_unchanged(now.generation);
        }
        Err(status_error(protocol.refresh.id, received))
    }

    /// Stores the tokens of a sign-in or refresh answer where its [`Grant`] says they are,
    /// unless the session was cleared or replaced since `epoch`; returns whether they were
    /// stored.
    pub(crate) fn store_tokens(
        &self,
        prepared: &Prepared,
        status: u16,
        value: &JsonValue,
        epoch: u64,
    ) -> Result<bool> {
        let endpoint = prepared.endpoint;
        let Some(grant) = endpoint.session.grant() else {
            return Ok(false);
        };
        let token = |pointer: &'static str| {
            value
                .pointer(pointer)
                .and_then(JsonValue::as_str)
                .filter(|t| !t.is_empty())
                .map(Secret::from)
                .ok_or_else(|| Error::Decode {
                    endpoint: endpoint.id,
                    status,
                    path: pointer.to_owned(),
                    message: format!(
                        "no token string at `{pointer}`, the session cannot be stored"
                    ),
                })
        };
        let Grant {
            access_token,
            refresh_token,
            ..
        } = *grant;
        let access = token(access_token)?;
        let refresh = token(refresh_token)?;
        let issuer = Issuer {
            provider_marker: prepared.provider.clone(),
            protocol: endpoint.protocol,
        };
        Ok(self.session().store(epoch, access, refresh, issuer))
    }
}

/// The refresh request the protocol describes: the provider the session remembers (else the
/// protocol's default) and the refresh token, each where the refresh endpoint takes it, in the
/// endpoint's parameter order (the wire order of query parameters and body keys).
fn refresh_request(
    protocol: &'static Protocol,
    now: &Snapshot,
    refresh_token: &Secret,
) -> Result<Request> {
    let endpoint = protocol.refresh;
    let provider = protocol.provider.map(|provider| {
        let value = now.provider_marker.as_deref().unwrap_or(provider.default);
        (provider.param, value)
    });
    let mut request = Request::new(endpoint);
    let mut sends_token = false;
    for param in endpoint.params {
        let value = match provider {
            _ if param.name == protocol.token_param => {
                sends_token = true;
                refresh_token.expose()
            }
            Some((name, value)) if name == param.name => value,
            _ => continue,
        };
        put(&mut request, param, value)?;
    }
    if !sends_token {
        return Err(cannot_send(
            endpoint,
            protocol.token_param,
            "the endpoint has no such parameter",
        ));
    }
    Ok(request)
}

/// Sets `param` of the request's endpoint, wherever the endpoint takes it.
fn put(request: &mut Request, param: &'static Param, value: &str) -> Result<()> {
    match param.location {
        Location::Path => {
            request.path_param(param.name, value);
        }
        Location::Query => {
            request.query(param.name, value);
        }
        Location::Body => request.body_field(param.name, &value)?,
        // Sensitive either way: the value is the refresh token or the provider next to it.
        Location::Header => request.set_header(param.name, value, true)?,
    }
    Ok(())
}

fn cannot_send(endpoint: &'static Endpoint, name: &str, why: &str) -> Error {
    Error::Encode {
        endpoint: endpoint.id,
        message: format!("the automatic refresh cannot send `{name}`: {why}"),
    }
}
