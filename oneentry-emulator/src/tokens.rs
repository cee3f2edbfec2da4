//! Access and refresh tokens: issuing, checking, rotating, revoking, forgetting.
//!
//! Expired tokens are swept out as new ones are issued, so a soak of sign-ins holds only
//! the tokens issued within about one TTL. An access token is remembered for one TTL after
//! it expires, so that a client coming back with it is told "expired" (and refreshes)
//! rather than "invalid"; a session ends for good when its refresh token expires.
//!
//! Tokens only need to be unique and unguessable enough for a local test server, so they
//! come from a counter, the clock and the per-process random keys of
//! [`RandomState`] rather than from a cryptographic generator. The access token is shaped
//! like a JWT (three base64url parts) because clients and logs expect one, but the emulator
//! never parses it: the store is the only authority.

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use oneentry_client::api::DeviceInfo;

/// How long an access token is valid unless the builder says otherwise.
pub(crate) const DEFAULT_ACCESS_TOKEN_TTL: Duration = Duration::from_secs(15 * 60);

/// A pair of fresh tokens.
#[derive(Debug, Clone)]
pub(crate) struct Issued {
    pub(crate) access: String,
    pub(crate) refresh: String,
}

/// Why an access token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AccessError {
    /// Never issued, rotated away or logged out.
    Unknown,
    /// Issued but older than the TTL (or expired by a test).
    Expired,
}

/// A sign-in session, found by its refresh token.
#[derive(Debug)]
struct Grant {
    user: String,
    provider: String,
    access: String,
    /// The device of the last sign-in or refresh (`x-device-metadata`).
    device: DeviceInfo,
    /// When the refresh token stops working.
    expires_at: Instant,
    /// Issue order, so that sessions list oldest first.
    serial: u64,
}

/// An access token's owner and deadline.
#[derive(Debug)]
struct Access {
    user: String,
    expires_at: Instant,
}

/// The longest pause between two sweeps of expired tokens.
const MAX_SWEEP_INTERVAL: Duration = Duration::from_secs(1);

/// All live tokens of one emulator.
#[derive(Debug)]
pub(crate) struct Tokens {
    ttl: Duration,
    refresh_ttl: Duration,
    /// When [`Tokens::issue`] next sweeps out expired tokens.
    next_sweep: Instant,
    counter: u64,
    grants: HashMap<String, Grant>,
    access: HashMap<String, Access>,
}

impl Tokens {
    /// An empty store whose access tokens live for `ttl` and refresh tokens for `refresh_ttl`.
    pub(crate) fn new(ttl: Duration, refresh_ttl: Duration) -> Self {
        Self {
            ttl,
            refresh_ttl,
            next_sweep: Instant::now(),
            counter: 0,
            grants: HashMap::new(),
            access: HashMap::new(),
        }
    }

    /// Signs `user` in through `provider` from `device`: a new session with a new pair of
    /// tokens.
    pub(crate) fn issue(&mut self, user: &str, provider: &str, device: DeviceInfo) -> Issued {
        self.sweep_if_due();
        let issued = Issued {
            access: self.access_token(user),
            refresh: self.refresh_token(),
        };
        self.access.insert(
            issued.access.clone(),
            Access {
                user: user.to_owned(),
                expires_at: deadline(self.ttl),
            },
        );
        self.grants.insert(
            issued.refresh.clone(),
            Grant {
                user: user.to_owned(),
                provider: provider.to_owned(),
                access: issued.access.clone(),
                device,
                expires_at: deadline(self.refresh_ttl),
                serial: self.counter,
            },
        );
        issued
    }

    /// Trades a refresh token of `provider` for a new pair. The old refresh token and its
    /// access token stop working, so a stolen or replayed refresh token is good only once.
    /// The session's device becomes `device` when the refresh sent one.
    /// Returns the user with the new pair, or `None` for an unknown, used or expired token.
    pub(crate) fn rotate(
        &mut self,
        refresh: &str,
        provider: &str,
        device: Option<DeviceInfo>,
    ) -> Option<(String, Issued)> {
        if self.grants.get(refresh)?.provider != provider {
            return None;
        }
        let grant = self.grants.remove(refresh)?;
        self.access.remove(&grant.access);
        if Instant::now() >= grant.expires_at {
            return None;
        }
        let issued = self.issue(&grant.user, &grant.provider, device.unwrap_or(grant.device));
        Some((grant.user, issued))
    }

    /// Ends every session of `user` with `provider`; returns how many there were.
    pub(crate) fn revoke_all(&mut self, user: &str, provider: &str) -> usize {
        let ended: Vec<String> = self
            .grants
            .iter()
            .filter(|(_, grant)| grant.user == user && grant.provider == provider)
            .map(|(refresh, _)| refresh.clone())
            .collect();
        for refresh in &ended {
            if let Some(grant) = self.grants.remove(refresh) {
                self.access.remove(&grant.access);
            }
        }
        ended.len()
    }

    /// The devices of the open sessions of `user` with `provider`, oldest first.
    pub(crate) fn sessions(&self, user: &str, provider: &str) -> Vec<DeviceInfo> {
        let now = Instant::now();
        let mut open: Vec<&Grant> = self
            .grants
            .values()
            .filter(|grant| grant.user == user && grant.provider == provider)
            .filter(|grant| now < grant.expires_at)
            .collect();
        open.sort_by_key(|grant| grant.serial);
        open.into_iter().map(|grant| grant.device.clone()).collect()
    }

    /// A fresh six-digit one-time code, such as `042917`.
    pub(crate) fn code(&mut self) -> String {
        format!("{:06}", self.entropy() % 1_000_000)
    }

    /// A Stripe-like client secret for an `intent` payment session.
    pub(crate) fn client_secret(&mut self, session_id: i64) -> String {
        format!("pi_emulator_{session_id}_secret_{:016x}", self.entropy())
    }

    /// Ends the session of `refresh` if it belongs to `user`: both of its tokens stop working.
    pub(crate) fn revoke(&mut self, refresh: &str, user: &str) -> bool {
        match self.grants.get(refresh) {
            Some(grant) if grant.user == user => {
                if let Some(grant) = self.grants.remove(refresh) {
                    self.access.remove(&grant.access);
                }
                true
            }
            _ => false,
        }
    }

    /// Access tokens plus sessions held.
    pub(crate) fn live_count(&self) -> usize {
        self.access.len() + self.grants.len()
    }

    /// The user an access token belongs to.
    pub(crate) fn check(&self, access: &str) -> Result<&str, AccessError> {
        let entry = self.access.get(access).ok_or(AccessError::Unknown)?;
        if Instant::now() >= entry.expires_at {
            return Err(AccessError::Expired);
        }
        Ok(&entry.user)
    }

    /// Makes every access token issued so far expired; refresh tokens keep working.
    pub(crate) fn expire_access_tokens(&mut self) {
        let now = Instant::now();
        for entry in self.access.values_mut() {
            entry.expires_at = now;
        }
    }

    /// Forgets expired sessions (with their access tokens) and access tokens that expired
    /// more than one TTL ago, at most once per the shorter TTL (and at least once a second
    /// while tokens are issued), so the cost per sign-in stays constant on average.
    fn sweep_if_due(&mut self) {
        let now = Instant::now();
        if now < self.next_sweep {
            return;
        }
        let interval = self.ttl.min(self.refresh_ttl).min(MAX_SWEEP_INTERVAL);
        self.next_sweep = now.checked_add(interval).unwrap_or(now);
        let mut ended = Vec::new();
        self.grants.retain(|_, grant| {
            let live = now < grant.expires_at;
            if !live {
                ended.push(std::mem::take(&mut grant.access));
            }
            live
        });
        for access in &ended {
            self.access.remove(access);
        }
        let grace = self.ttl;
        self.access.retain(|_, entry| {
            entry
                .expires_at
                .checked_add(grace)
                .is_none_or(|forget_at| now < forget_at)
        });
    }

    /// `header.payload.signature`, base64url, with the user, issue and expiry times.
    fn access_token(&mut self, user: &str) -> String {
        let now = unix_time();
        let claims = serde_json::json!({
            "sub": user,
            "iat": now.as_secs(),
            "exp": now.as_secs().saturating_add(self.ttl.as_secs()),
            "jti": self.counter + 1,
        });
        let mut signature = Vec::with_capacity(32);
        for _ in 0..4 {
            signature.extend_from_slice(&self.entropy().to_be_bytes());
        }
        format!(
            "{}.{}.{}",
            base64url(br#"{"alg":"HS256","typ":"JWT"}"#),
            base64url(claims.to_string().as_bytes()),
            base64url(&signature)
        )
    }

    /// `<unix ms>-<16 hex>-<8 hex>`, the shape OneEntry's refresh tokens have.
    fn refresh_token(&mut self) -> String {
        let millis = unix_time().as_millis();
        let a = self.entropy();
        let b = self.entropy() as u32;
        format!("{millis}-{a:016x}-{b:08x}")
    }

    /// 64 bits that differ on every call and between processes.
    fn entropy(&mut self) -> u64 {
        self.counter += 1;
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(self.counter);
        hasher.write_u128(unix_time().as_nanos());
        hasher.finish()
    }
}

/// `ttl` from now; a TTL too large for `Instant` means "never expires".
fn deadline(ttl: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(ttl)
        .unwrap_or_else(|| now + Duration::from_secs(100 * 365 * 86_400))
}

fn unix_time() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

/// Base64url without padding (RFC 4648 §5), as JWTs use it.
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_matches_rfc_4648() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64url(input.as_bytes()), expected, "{input}");
        }
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
        assert_eq!(
            base64url(br#"{"alg":"HS256","typ":"JWT"}"#),
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
        );
    }

    #[test]
    fn tokens_have_the_expected_shapes_and_are_unique() {
        let mut tokens = Tokens::new(DEFAULT_ACCESS_TOKEN_TTL, Duration::MAX);
        let a = tokens.issue("u", "email", DeviceInfo::new());
        let b = tokens.issue("u", "email", DeviceInfo::new());
        assert_ne!(a.access, b.access);
        assert_ne!(a.refresh, b.refresh);
        assert!(a.access.starts_with("eyJ"), "{}", a.access);
        assert_eq!(a.access.split('.').count(), 3);
        let parts: Vec<&str> = a.refresh.split('-').collect();
        assert_eq!(parts.len(), 3, "{}", a.refresh);
        assert!(parts[0].len() >= 13 && parts[0].bytes().all(|c| c.is_ascii_digit()));
        assert_eq!((parts[1].len(), parts[2].len()), (16, 8));
    }

    #[test]
    fn rotation_revocation_and_expiry() {
        let mut tokens = Tokens::new(DEFAULT_ACCESS_TOKEN_TTL, Duration::MAX);
        let first = tokens.issue("u", "email", DeviceInfo::new());
        assert_eq!(tokens.check(&first.access), Ok("u"));
        assert!(tokens.rotate(&first.refresh, "other", None).is_none());
        let (user, second) = tokens
            .rotate(&first.refresh, "email", None)
            .unwrap_or_else(|| {
                panic!("rotation failed");
            });
        assert_eq!(user, "u");
        assert_eq!(tokens.check(&first.access), Err(AccessError::Unknown));
        assert!(tokens.rotate(&first.refresh, "email", None).is_none());
        tokens.expire_access_tokens();
        assert_eq!(tokens.check(&second.access), Err(AccessError::Expired));
        assert!(!tokens.revoke(&second.refresh, "someone else"));
        assert!(tokens.revoke(&second.refresh, "u"));
        assert!(tokens.rotate(&second.refresh, "email", None).is_none());
    }

    #[test]
    fn revoke_all_ends_only_that_users_sessions_with_that_provider() {
        let mut tokens = Tokens::new(DEFAULT_ACCESS_TOKEN_TTL, Duration::MAX);
        let mut linux = DeviceInfo::new();
        linux.os = Some("Linux".to_owned());
        let a1 = tokens.issue("a", "email", linux);
        let a2 = tokens.issue("a", "email", DeviceInfo::new());
        let other_provider = tokens.issue("a", "phone", DeviceInfo::new());
        let b = tokens.issue("b", "email", DeviceInfo::new());
        let oses: Vec<Option<String>> = tokens
            .sessions("a", "email")
            .into_iter()
            .map(|device| device.os)
            .collect();
        assert_eq!(oses, [Some("Linux".to_owned()), None]);
        assert_eq!(tokens.revoke_all("a", "email"), 2);
        assert_eq!(tokens.check(&a1.access), Err(AccessError::Unknown));
        assert_eq!(tokens.check(&a2.access), Err(AccessError::Unknown));
        assert!(tokens.rotate(&a1.refresh, "email", None).is_none());
        assert_eq!(tokens.check(&other_provider.access), Ok("a"));
        assert_eq!(tokens.check(&b.access), Ok("b"));
        assert!(tokens.sessions("a", "email").is_empty());
    }

    #[test]
    fn expired_tokens_are_swept_out_when_new_ones_are_issued() {
        let ttl = Duration::from_millis(2);
        let mut tokens = Tokens::new(ttl, ttl);
        let first = tokens.issue("u", "email", DeviceInfo::new());
        for _ in 0..50 {
            tokens.issue("u", "email", DeviceInfo::new());
        }
        std::thread::sleep(ttl * 3);
        assert!(tokens.rotate(&first.refresh, "email", None).is_none());
        assert!(tokens.sessions("u", "email").is_empty());
        tokens.issue("u", "email", DeviceInfo::new());
        assert_eq!(tokens.live_count(), 2);

        // Sessions outlive their access tokens, which are remembered for one more TTL.
        let mut tokens = Tokens::new(ttl, Duration::from_secs(60));
        let old = tokens.issue("u", "email", DeviceInfo::new());
        std::thread::sleep(ttl * 3);
        tokens.issue("u", "email", DeviceInfo::new());
        assert_eq!(tokens.check(&old.access), Err(AccessError::Unknown));
        assert_eq!(tokens.live_count(), 3);
        assert!(tokens.rotate(&old.refresh, "email", None).is_some());
    }

    #[test]
    fn codes_have_six_digits() {
        let mut tokens = Tokens::new(DEFAULT_ACCESS_TOKEN_TTL, Duration::MAX);
        for _ in 0..50 {
            let code = tokens.code();
            assert_eq!(code.len(), 6, "{code}");
            assert!(code.bytes().all(|b| b.is_ascii_digit()), "{code}");
        }
    }

    #[test]
    fn zero_ttl_expires_at_once_and_huge_ttl_does_not_overflow() {
        let mut tokens = Tokens::new(Duration::ZERO, Duration::MAX);
        let issued = tokens.issue("u", "email", DeviceInfo::new());
        assert_eq!(tokens.check(&issued.access), Err(AccessError::Expired));
        let mut tokens = Tokens::new(Duration::MAX, Duration::MAX);
        let issued = tokens.issue("u", "email", DeviceInfo::new());
        assert_eq!(tokens.check(&issued.access), Ok("u"));
    }
}
