//! [`DeviceMetadata`]: the `x-device-metadata` header sent with every POST.
//!
//! The server records it at sign-in and reportedly binds the refresh token to its
//! fingerprint (docs/wire.md#device-metadata), so a client sends one stable value for sign-in, refresh and every
//! other POST. Apps that keep a refresh token across restarts should keep the metadata too
//! and pass it back through [`ClientBuilder::device_metadata`](crate::ClientBuilder::device_metadata).

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Identity of this device as reported to OneEntry.
///
/// On the wire: `{"fingerprint":"UQ_<id>","deviceInfo":{"os":..,"browser":..,"location":..}}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DeviceMetadata {
    /// Stable device identifier, including its `UQ_` prefix.
    pub fingerprint: String,
    /// Operating system, e.g. `linux`.
    pub os: String,
    /// Client software; the generated default is `oneentry-rs/<version>`.
    pub browser: String,
    /// Locale of the device, e.g. `en-US`.
    pub location: String,
}

impl DeviceMetadata {
    /// Fresh metadata with a new random fingerprint.
    ///
    /// The id is the current time in milliseconds in base 36 followed by two random base-36
    /// segments, like the official SDK's. Randomness comes from the standard library's
    /// per-process random hasher keys mixed with the time and a counter; it only needs to make
    /// collisions between devices unlikely, not to be unguessable.
    pub fn generate() -> Self {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let millis = u64::try_from(now.as_millis()).unwrap_or(u64::MAX);
        let id = format!(
            "{}{}{}",
            base36(millis),
            base36(random_u64(now.as_nanos())),
            base36(random_u64(now.as_nanos().rotate_left(64)))
        );
        Self {
            fingerprint: format!("UQ_{id}"),
            os: std::env::consts::OS.to_owned(),
            browser: concat!("oneentry-rs/", env!("CARGO_PKG_VERSION")).to_owned(),
            location: "en-US".to_owned(),
        }
    }
}

/// One pseudo-random value: a fresh `RandomState` (random keys per process, varied per
/// instance) hashing the time and a process-wide counter.
fn random_u64(time: u128) -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(time);
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.finish()
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        // `n % 36` is always below 36, so indexing cannot go out of bounds.
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    out.into_iter().map(char::from).collect()
}

/// Wire shape; field order here is the key order on the wire.
#[derive(Serialize, Deserialize)]
struct Wire<S> {
    fingerprint: S,
    #[serde(rename = "deviceInfo")]
    device_info: WireInfo<S>,
}

#[derive(Serialize, Deserialize)]
struct WireInfo<S> {
    os: S,
    browser: S,
    location: S,
}

impl Serialize for DeviceMetadata {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Wire {
            fingerprint: self.fingerprint.as_str(),
            device_info: WireInfo {
                os: self.os.as_str(),
                browser: self.browser.as_str(),
                location: self.location.as_str(),
            },
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for DeviceMetadata {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = Wire::<String>::deserialize(deserializer)?;
        Ok(Self {
            fingerprint: wire.fingerprint,
            os: wire.device_info.os,
            browser: wire.device_info.browser,
            location: wire.device_info.location,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_shape_is_exact() {
        let meta = DeviceMetadata {
            fingerprint: "UQ_abc".into(),
            os: "linux".into(),
            browser: "oneentry-rs/0.1.0".into(),
            location: "en-US".into(),
        };
        let json = serde_json::to_string(&meta).expect("serialise");
        assert_eq!(
            json,
            r#"{"fingerprint":"UQ_abc","deviceInfo":{"os":"linux","browser":"oneentry-rs/0.1.0","location":"en-US"}}"#
        );
        let back: DeviceMetadata = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(back, meta);
    }

    #[test]
    fn generated_ids_look_right_and_differ() {
        let a = DeviceMetadata::generate();
        let b = DeviceMetadata::generate();
        assert_ne!(a.fingerprint, b.fingerprint);
        let id = a.fingerprint.strip_prefix("UQ_").expect("prefix");
        assert!(id.len() >= 10, "{id}");
        assert!(
            id.bytes()
                .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase()),
            "{id}"
        );
        assert_eq!(a.os, std::env::consts::OS);
        assert!(a.browser.starts_with("oneentry-rs/"));
        assert_eq!(a.location, "en-US");
    }

    #[test]
    fn base36_digits() {
        assert_eq!(base36(0), "0");
        assert_eq!(base36(35), "z");
        assert_eq!(base36(36), "10");
        assert_eq!(base36(u64::MAX), "3w5e11264sgsf");
    }
}
