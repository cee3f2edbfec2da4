//! [`Session`]: the signed-in user's tokens, shared by every clone of a client.
//!
//! Reads and writes are short and synchronous (`std::sync::RwLock`, never held across an
//! `.await`); the async `refresh_gate` serialises token refreshes so that concurrent 401s
//! spend the refresh token once (single-flight), unlike the official SDK (docs/wire.md,
//! "Token refresh").
//!
//! Two rules make the session linearizable, which an app that persists tokens relies on:
//!
//! * **A clear wins.** Every change the caller makes ([`Session::clear`],
//!   [`Session::set_tokens`], a confirmed logout) starts a new *epoch*. A sign-in or refresh
//!   remembers the epoch it started in and stores its tokens only if that epoch is still
//!   current, so an answer that arrives after a logout cannot bring the session back.
//! * **The hook hears changes in order.** A change and its hook call happen under one
//!   `notify` mutex, so hook calls are ordered like the changes they report and the last call
//!   always carries the current token.

use std::cell::Cell;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use reqwest::header::HeaderValue;

use crate::Secret;
use crate::endpoint::Protocol;

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
    /// Held across a change and its hook call, so hook calls cannot overtake each other.
    notify: Mutex<()>,
    on_refresh_token: Option<RefreshHook>,
}

#[derive(Clone, Default)]
struct State {
    access: Option<Secret>,
    /// `Bearer <access>`, built when the token is stored rather than on every call; `None`
    /// with an access token present means the token cannot go into a header.
    bearer: Option<HeaderValue>,
    refresh: Option<Secret>,
    /// The auth provider of the last sign-in, else the configured one; `None`: the API's
    /// declared default.
    provider_marker: Option<Arc<str>>,
    /// How to refresh these tokens: the protocol of the API whose sign-in or refresh stored
    /// them, else the configured one; `None`: the protocol of the endpoint being called.
    protocol: Option<&'static Protocol>,
    /// Bumped on every change, so a task that waited for the refresh gate can tell whether
    /// somebody else refreshed meanwhile.
    generation: u64,
    /// Bumped by changes the caller makes (clear, set, logout); a sign-in or refresh that
    /// started in an older epoch must not store its tokens.
    epoch: u64,
}

/// A consistent copy of the session taken at one moment; cheap, every field is shared.
#[derive(Clone)]
pub(crate) struct Snapshot {
    pub(crate) access: Option<Secret>,
    pub(crate) bearer: Option<HeaderValue>,
    pub(crate) refresh: Option<Secret>,
    pub(crate) provider_marker: Option<Arc<str>>,
    pub(crate) protocol: Option<&'static Protocol>,
    pub(crate) generation: u64,
    pub(crate) epoch: u64,
}

impl Session {
    pub(crate) fn new(
        provider_marker: Option<Arc<str>>,
        protocol: Option<&'static Protocol>,
        access: Option<Secret>,
        refresh: Option<Secret>,
        on_refresh_token: Option<RefreshHook>,
    ) -> Self {
        let access = non_empty(access);
        Self {
            state: RwLock::new(State {
                bearer: bearer_of(access.as_ref()),
                access,
                refresh: non_empty(refresh),
                provider_marker,
                protocol,
                generation: 0,
                epoch: 0,
            }),
            refresh_gate: tokio::sync::Mutex::new(()),
            notify: Mutex::new(()),
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
    /// else the one configured on the builder. `None` when neither named one: the refresh
    /// then uses the default the API's spec declares for its refresh endpoint.
    pub fn provider_marker(&self) -> Option<String> {
        self.read().provider_marker.as_deref().map(str::to_owned)
    }

    /// Replaces both tokens, e.g. to restore a saved session. Empty tokens count as none.
    ///
    /// Wins over a sign-in or refresh in flight: its answer is not stored. Does not call the
    /// `on_refresh_token` hook: the caller already knows these tokens.
    pub fn set_tokens(&self, access: Option<Secret>, refresh: Option<Secret>) {
        self.change(|state| {
            state.set_access(access);
            state.refresh = non_empty(refresh);
            state.epoch += 1;
            Changed::Quietly
        });
    }

    /// Forgets both tokens locally (no request is sent; use the API's `logout` to end the
    /// session on the server). Calls the `on_refresh_token` hook with `None`.
    ///
    /// Wins over a sign-in or refresh in flight: its answer is not stored, so the user stays
    /// signed out. The hook hears `None` after any token it was told before.
    pub fn clear(&self) {
        self.change(|state| {
            state.set_access(None);
            state.refresh = None;
            state.epoch += 1;
            Changed::Tell(None)
        });
    }

    pub(crate) fn snapshot(&self) -> Snapshot {
        let state = self.read();
        Snapshot {
            access: state.access.clone(),
            bearer: state.bearer.clone(),
            refresh: state.refresh.clone(),
            provider_marker: state.provider_marker.clone(),
            protocol: state.protocol,
            generation: state.generation,
            epoch: state.epoch,
        }
    }

    /// The epoch a sign-in or refresh starts in; pass it to [`Session::store`].
    #[cfg(test)]
    pub(crate) fn epoch(&self) -> u64 {
        self.read().epoch
    }

    /// Stores tokens from a sign-in or refresh answer and tells the hook, unless the caller
    /// changed the session (cleared it, set tokens) since `epoch`; returns whether it stored.
    /// `issuer` is what the answer's endpoint knows: its provider and its API's protocol.
    pub(crate) fn store(
        &self,
        epoch: u64,
        access: Secret,
        refresh: Secret,
        issuer: Issuer,
    ) -> bool {
        let mut stored = false;
        self.change(|state| {
            if state.epoch != epoch {
                return Changed::Nothing;
            }
            stored = true;
            state.set_access(Some(access));
            state.refresh = non_empty(Some(refresh.clone()));
            if let Some(marker) = issuer.provider_marker {
                state.provider_marker = Some(marker);
            }
            if let Some(protocol) = issuer.protocol {
                state.protocol = Some(protocol);
            }
            Changed::Tell(Some(refresh))
        });
        stored
    }

    /// Clears the session unless it changed since `generation` (a failed refresh must not wipe
    /// tokens that a concurrent sign-in just stored).
    pub(crate) fn clear_if_unchanged(&self, generation: u64) {
        self.change(|state| {
            if state.generation != generation {
                return Changed::Nothing;
            }
            state.set_access(None);
            state.refresh = None;
            state.epoch += 1;
            Changed::Tell(None)
        });
    }

    /// The single-flight gate: held while a refresh (or a sign-in) is in flight.
    pub(crate) async fn lock_refresh(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.refresh_gate.lock().await
    }

    /// Applies `edit` and tells the hook what it asks to, both under the `notify` mutex so
    /// hook calls come in the order of the changes. The state lock itself is released before
    /// the hook runs, so the hook may read the session.
    ///
    /// A hook that changes this session (say, clears it) runs its change directly: the mutex
    /// is already held by this thread, and taking it again would deadlock.
    fn change(&self, edit: impl FnOnce(&mut State) -> Changed) {
        let me = self as *const Self as usize;
        let reentrant = IN_HOOK.with(|current| current.get() == me);
        let _order = (!reentrant).then(|| self.lock_notify());
        let changed = {
            let mut state = self.write();
            let changed = edit(&mut state);
            if !matches!(changed, Changed::Nothing) {
                state.generation += 1;
            }
            changed
        };
        if let (Changed::Tell(token), Some(hook)) = (changed, &self.on_refresh_token) {
            let _in_hook = InHook::enter(me);
            hook(token.as_ref());
        }
    }

    fn lock_notify(&self) -> MutexGuard<'_, ()> {
        self.notify.lock().unwrap_or_else(PoisonError::into_inner)
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

/// What a sign-in or refresh answer tells the session besides the tokens.
#[derive(Default)]
pub(crate) struct Issuer {
    /// The provider named by the request, remembered for later refreshes.
    pub(crate) provider_marker: Option<Arc<str>>,
    /// The protocol of the API that issued the tokens, which later refreshes use also for
    /// calls to endpoints of another spec (a crate's own modules of the same project).
    pub(crate) protocol: Option<&'static Protocol>,
}

/// What an edit of the state did.
enum Changed {
    /// Nothing; the hook is not called.
    Nothing,
    /// The tokens changed, and the caller already knows (`set_tokens`).
    Quietly,
    /// The tokens changed; the hook hears the new refresh token.
    Tell(Option<Secret>),
}

/// Marks this thread as running the hook of one session, until dropped (also on a panic in
/// the hook, so a later change on this thread takes the mutex again).
struct InHook(usize);

impl InHook {
    fn enter(session: usize) -> Self {
        Self(IN_HOOK.with(|current| current.replace(session)))
    }
}

impl Drop for InHook {
    fn drop(&mut self) {
        IN_HOOK.with(|current| current.set(self.0));
    }
}

thread_local! {
    /// Address of the session whose hook is running on this thread (0 for none): a change
    /// the hook makes to that same session must not wait for the `notify` mutex it holds.
    static IN_HOOK: Cell<usize> = const { Cell::new(0) };
}

impl State {
    fn set_access(&mut self, access: Option<Secret>) {
        self.access = non_empty(access);
        self.bearer = bearer_of(self.access.as_ref());
    }
}

fn non_empty(token: Option<Secret>) -> Option<Secret> {
    token.filter(|t| !t.is_empty())
}

/// The `Authorization` value for `access`, marked sensitive so HTTP-level logging redacts it.
fn bearer_of(access: Option<&Secret>) -> Option<HeaderValue> {
    let access = access?;
    let mut value = HeaderValue::from_str(&format!("Bearer {}", access.expose())).ok()?;
    value.set_sensitive(true);
    Some(value)
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

    fn phone() -> Issuer {
        Issuer {
            provider_marker: Some(Arc::from("phone")),
            protocol: None,
        }
    }

    #[test]
    fn store_clear_and_hook() {
        let (hook, seen) = recording();
        let session = Session::new(
            Some(Arc::from("email")),
            None,
            None,
            Some("r0".into()),
            Some(hook),
        );
        assert!(session.is_signed_in());
        assert_eq!(session.access_token(), None);

        assert!(session.store(0, "a1".into(), "r1".into(), phone()));
        assert_eq!(session.access_token(), Some(Secret::from("a1")));
        assert_eq!(session.refresh_token(), Some(Secret::from("r1")));
        assert_eq!(session.provider_marker().as_deref(), Some("phone"));

        session.set_tokens(Some("a2".into()), Some("".into()));
        assert_eq!(session.refresh_token(), None);

        session.clear();
        assert!(!session.is_signed_in());
        let seen = seen.lock().expect("lock").clone();
        assert_eq!(seen, [Some("r1".to_owned()), None]);
    }

    #[test]
    fn clear_if_unchanged_respects_newer_tokens() {
        let session = Session::new(
            Some(Arc::from("email")),
            None,
            Some("a".into()),
            Some("r".into()),
            None,
        );
        let old = session.snapshot().generation;
        session.store(session.epoch(), "a2".into(), "r2".into(), Issuer::default());
        session.clear_if_unchanged(old);
        assert!(session.is_signed_in());
        session.clear_if_unchanged(session.snapshot().generation);
        assert!(!session.is_signed_in());
    }

    #[test]
    fn a_clear_or_set_wins_over_a_store_from_an_older_epoch() {
        let (hook, seen) = recording();
        let session = Session::new(Some(Arc::from("email")), None, None, None, Some(hook));
        let started = session.epoch();
        session.clear();
        assert!(!session.store(started, "a1".into(), "r1".into(), Issuer::default()));
        assert!(!session.is_signed_in());

        let started = session.epoch();
        session.set_tokens(Some("a2".into()), Some("r2".into()));
        assert!(!session.store(started, "a3".into(), "r3".into(), Issuer::default()));
        assert_eq!(session.refresh_token(), Some(Secret::from("r2")));

        // A store that started after the last change goes through.
        assert!(session.store(session.epoch(), "a4".into(), "r4".into(), Issuer::default()));
        let seen = seen.lock().expect("lock").clone();
        assert_eq!(seen, [None, Some("r4".to_owned())]);
    }

    #[test]
    fn a_hook_may_change_its_own_session() {
        use std::sync::{OnceLock, Weak};
        let slot: Arc<OnceLock<Weak<Session>>> = Arc::default();
        let from_hook = Arc::clone(&slot);
        let hook: RefreshHook = Arc::new(move |token: Option<&Secret>| {
            // An app that refuses to persist a token clears the session from the hook.
            if token.is_some()
                && let Some(session) = from_hook.get().and_then(Weak::upgrade)
            {
                session.clear();
            }
        });
        let session = Arc::new(Session::new(
            Some(Arc::from("email")),
            None,
            None,
            None,
            Some(hook),
        ));
        assert!(slot.set(Arc::downgrade(&session)).is_ok());
        assert!(session.store(0, "a".into(), "r".into(), Issuer::default()));
        assert!(!session.is_signed_in(), "the hook's clear came last");
    }

    #[test]
    fn debug_redacts_tokens() {
        let session = Session::new(
            None,
            None,
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
