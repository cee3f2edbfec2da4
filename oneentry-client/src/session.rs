//! [`Session`]: the signed-in user's tokens, shared by every clone of a client.
//!
//! Reads and writes are short and synchronous (`std::sync::RwLock`, never held across an
//! `.await`); the async `refresh_gate` serialises token refreshes so that concurrent 401s
//! spend the refresh token once (single-flight), unlike the official SDK (WIRE §4.3).

use std::fmt;
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::Secret;

/// Callback told about refresh-token changes, see
/// [`ClientBuilder::on_refresh_token`](crate::ClientBuilder::on_refresh_token).
pub(crate) type RefreshHook = Arc<dyn Fn(Option<&Secret>) + Send + Sync>;

/// Tokens of the signed-in user.
///
/// Owned by the [`Client`](crate::Client) (see [`Client::session`](crate::Client::session)).
/// Sign-in and refresh store tokens here, sign-out clears them, and every request reads the
/// access token from here. `Debug` never shows the tokens.
pub struct Session {
    state: RwLock<State>,
    refresh_gate: tokio::sync::Mutex<()>,
    on_refresh_token: Option<RefreshHook>,
}

#[derive(Clone, Default)]
struct State {
    access: Option<Secret>,
    refresh: Option<Secret>,
    provider_marker: String,
    /// Bumped on every change, so a task that waited for the refresh gate can tell whether
    /// somebody else refreshed meanwhile.
    generation: u64,
}

/// A consistent copy of the session taken at one moment.
#[derive(Clone)]
pub(crate) struct Snapshot {
    pub(crate) access: Option<Secret>,
    pub(crate) refresh: Option<Secret>,
    pub(crate) provider_marker: String,
    pub(crate) generation: u64,
}

impl Session {
    pub(crate) fn new(
        provider_marker: String,
        access: Option<Secret>,
        refresh: Option<Secret>,
        on_refresh_token: Option<RefreshHook>,
    ) -> Self {
        Self {
            state: RwLock::new(State {
                access: non_empty(access),
                refresh: non_empty(refresh),
                provider_marker,
                generation: 0,
            }),
            refresh_gate: tokio::sync::Mutex::new(()),
            on_refresh_token,
        }
    }

    /// Whether the session can make user calls: it holds an access token, or a refresh token
    /// that can buy one.
    pub fn is_signed_in(&self) -> bool {
        let state = self.read();
        state.access.is_some() || state.refresh.is_some()
    }

    /// The current access token, sent as `Authorization: Bearer`.
    pub fn access_token(&self) -> Option<Secret> {
        self.read().access.clone()
    }

    /// The current refresh token. Persist it (with the client's
    /// [`DeviceMetadata`](crate::DeviceMetadata)) to restore the session after a restart.
    pub fn refresh_token(&self) -> Option<Secret> {
        self.read().refresh.clone()
    }

    /// Marker of the auth provider that automatic refresh uses: the one of the last sign-in,
    /// else the one configured on the builder (`email` by default).
    pub fn provider_marker(&self) -> String {
        self.read().provider_marker.clone()
    }

    /// Replaces both tokens, e.g. to restore a saved session. Empty tokens count as none.
    ///
    /// Does not call the `on_refresh_token` hook: the caller already knows these tokens.
    pub fn set_tokens(&self, access: Option<Secret>, refresh: Option<Secret>) {
        let mut state = self.write();
        state.access = non_empty(access);
        state.refresh = non_empty(refresh);
        state.generation += 1;
    }

    /// Forgets both tokens locally (no request is sent; use the API's `logout` to end the
    /// session on the server). Calls the `on_refresh_token` hook with `None`.
    pub fn clear(&self) {
        self.clear_inner();
        self.notify(None);
    }

    pub(crate) fn snapshot(&self) -> Snapshot {
        let state = self.read();
        Snapshot {
            access: state.access.clone(),
            refresh: state.refresh.clone(),
            provider_marker: state.provider_marker.clone(),
            generation: state.generation,
        }
    }

    /// Stores tokens from a sign-in or refresh answer and tells the hook.
    pub(crate) fn store(&self, access: Secret, refresh: Secret, provider_marker: Option<String>) {
        {
            let mut state = self.write();
            state.access = non_empty(Some(access));
            state.refresh = non_empty(Some(refresh.clone()));
            if let Some(marker) = provider_marker {
                state.provider_marker = marker;
            }
            state.generation += 1;
        }
        // Outside the lock: the hook may read the session.
        self.notify(Some(&refresh));
    }

    /// Clears the session unless it changed since `generation` (a failed refresh must not wipe
    /// tokens that a concurrent sign-in just stored).
    pub(crate) fn clear_if_unchanged(&self, generation: u64) {
        let cleared = {
            let mut state = self.write();
            if state.generation == generation {
                state.access = None;
                state.refresh = None;
                state.generation += 1;
                true
            } else {
                false
            }
        };
        if cleared {
            self.notify(None);
        }
    }

    /// The single-flight gate: held while a refresh (or a sign-in) is in flight.
    pub(crate) async fn lock_refresh(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.refresh_gate.lock().await
    }

    fn clear_inner(&self) {
        let mut state = self.write();
        state.access = None;
        state.refresh = None;
        state.generation += 1;
    }

    fn notify(&self, refresh: Option<&Secret>) {
        if let Some(hook) = &self.on_refresh_token {
            hook(refresh);
        }
    }

    // A panic while holding the lock cannot leave `State` half-updated (every write is a few
    // plain assignments), so a poisoned lock is safe to keep using.
    fn read(&self) -> RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(PoisonError::into_inner)
    }
}

fn non_empty(token: Option<Secret>) -> Option<Secret> {
    token.filter(|t| !t.is_empty())
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.read();
        f.debug_struct("Session")
            .field("access_token", &state.access)
            .field("refresh_token", &state.refresh)
            .field("provider_marker", &state.provider_marker)
            .field("on_refresh_token", &self.on_refresh_token.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn recording() -> (RefreshHook, Arc<Mutex<Vec<Option<String>>>>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        let hook: RefreshHook = Arc::new(move |token: Option<&Secret>| {
            if let Ok(mut seen) = sink.lock() {
                seen.push(token.map(|t| t.expose().to_owned()));
            }
        });
        (hook, seen)
    }

    #[test]
    fn store_clear_and_hook() {
        let (hook, seen) = recording();
        let session = Session::new("email".into(), None, Some("r0".into()), Some(hook));
        assert!(session.is_signed_in());
        assert_eq!(session.access_token(), None);

        session.store("a1".into(), "r1".into(), Some("phone".into()));
        assert_eq!(session.access_token(), Some(Secret::from("a1")));
        assert_eq!(session.refresh_token(), Some(Secret::from("r1")));
        assert_eq!(session.provider_marker(), "phone");

        session.set_tokens(Some("a2".into()), Some("".into()));
        assert_eq!(session.refresh_token(), None);

        session.clear();
        assert!(!session.is_signed_in());
        let seen = seen.lock().expect("lock").clone();
        assert_eq!(seen, [Some("r1".to_owned()), None]);
    }

    #[test]
    fn clear_if_unchanged_respects_newer_tokens() {
        let session = Session::new("email".into(), Some("a".into()), Some("r".into()), None);
        let old = session.snapshot().generation;
        session.store("a2".into(), "r2".into(), None);
        session.clear_if_unchanged(old);
        assert!(session.is_signed_in());
        session.clear_if_unchanged(session.snapshot().generation);
        assert!(!session.is_signed_in());
    }

    #[test]
    fn debug_redacts_tokens() {
        let session = Session::new(
            "email".into(),
            Some("acc-123".into()),
            Some("ref-456".into()),
            None,
        );
        let dbg = format!("{session:?}");
        assert!(
            !dbg.contains("acc-123") && !dbg.contains("ref-456"),
            "{dbg}"
        );
        assert!(dbg.contains("Secret(***)"), "{dbg}");
    }
}
