//! [`Patch`]: a field of a partial update, where leaving a key out and sending `null` mean
//! different things (keep the stored value, clear it).

use serde::de::{Deserialize, Deserializer};
use serde::{Serialize, Serializer};

/// A field declared `"tristate": true` in the spec: absent, `null` or a value.
///
/// `Option<T>` cannot tell "leave it as it is" from "clear it"; a partial update needs both.
/// Generated models skip the key when the field is [`Patch::Absent`] (the default) and send
/// `null` for [`Patch::Null`]; decoding gives `Absent` for a missing key and `Null` for `null`.
///
/// ```
/// use oneentry_client::Patch;
///
/// let rename: Patch<String> = Patch::Value("Mugs".into());
/// assert_eq!(rename.as_option(), Some(&"Mugs".to_owned()));
/// assert!(Patch::<String>::default().is_absent());
/// assert_eq!(Patch::from(None::<i64>), Patch::Null);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Patch<T> {
    /// The key is left out: the server keeps what it has.
    #[default]
    Absent,
    /// The key is sent as `null`: the server clears the value.
    Null,
    /// The key is sent with this value.
    Value(T),
}

impl<T> Patch<T> {
    /// Whether the key is left out; generated models skip such fields when serialising.
    pub fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// Whether the key is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    /// The value, if there is one (neither absent nor `null`).
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }

    /// The value, if there is one (neither absent nor `null`).
    pub fn into_option(self) -> Option<T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }
}

/// A value sets the key; `None` clears it.
impl<T> From<Option<T>> for Patch<T> {
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Self::Value(value),
            None => Self::Null,
        }
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    /// `Absent` is written as `null` where the key cannot be left out (an element of an
    /// array); model fields skip it.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Value(value) => serializer.serialize_some(value),
            Self::Absent | Self::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    /// A value that is there is `Null` or `Value`; a missing key is `Absent` (the
    /// generated `Deserialize` of models fills it in).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.map_or(Self::Null, Self::Value))
    }
}

#[cfg(test)]
mod tests {
    use super::Patch;

    #[test]
    fn null_and_values_decode_and_encode() {
        let null: Patch<i64> = serde_json::from_str("null").expect("null");
        assert_eq!(null, Patch::Null);
        let value: Patch<i64> = serde_json::from_str("3").expect("value");
        assert_eq!(value, Patch::Value(3));
        assert_eq!(
            serde_json::to_string(&Patch::<i64>::Null).ok(),
            Some("null".into())
        );
        assert_eq!(
            serde_json::to_string(&Patch::Value(3)).ok(),
            Some("3".into())
        );
        assert_eq!(Patch::Value(3).into_option(), Some(3));
        assert!(Patch::<i64>::Null.is_null() && Patch::<i64>::Null.as_option().is_none());
    }
}
