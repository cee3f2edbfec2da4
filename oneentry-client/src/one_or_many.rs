//! [`OneOrMany`]: a response that is sometimes one object and sometimes an array of them.
//!
//! `Payments.getSessionByOrderId` answers either way depending on the API version
//! (docs/wire.md#one-or-many); callers should not have to care, so the type exposes slice-like
//! accessors.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Either a single `T` or a list of them, exactly as the server sent it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum OneOrMany<T> {
    /// The server sent a single value (a JSON object).
    One(T),
    /// The server sent an array (possibly empty).
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// All values as a `Vec`, whatever the wire shape.
    pub fn into_vec(self) -> Vec<T> {
        match self {
            Self::One(one) => vec![one],
            Self::Many(many) => many,
        }
    }

    /// The values as a slice.
    pub fn as_slice(&self) -> &[T] {
        match self {
            Self::One(one) => std::slice::from_ref(one),
            Self::Many(many) => many,
        }
    }

    /// Iterates over the values.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.as_slice().iter()
    }

    /// The first value, if any (`Many(vec![])` has none).
    pub fn first(&self) -> Option<&T> {
        self.as_slice().first()
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// Whether there is no value at all (only possible as an empty `Many`).
    pub fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }
}

impl<T> From<Vec<T>> for OneOrMany<T> {
    fn from(values: Vec<T>) -> Self {
        Self::Many(values)
    }
}

impl<T> IntoIterator for OneOrMany<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: Serialize> Serialize for OneOrMany<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::One(one) => one.serialize(serializer),
            Self::Many(many) => many.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(OneOrManyVisitor(PhantomData))
    }
}

/// Dispatches on the JSON shape. The inner value is decoded straight from the original
/// `SeqAccess`/`MapAccess` instead of a buffered copy, so wrappers such as
/// `serde_path_to_error` still see every step and report paths like `[1].status`.
struct OneOrManyVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrManyVisitor<T> {
    type Value = OneOrMany<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or an array of values")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Vec::<T>::deserialize(SeqAccessDeserializer::new(seq)).map(OneOrMany::Many)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(OneOrMany::One)
    }

    // Scalars are forwarded too, so `OneOrMany<String>` or `OneOrMany<i64>` also work.

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(OneOrMany::One)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(OneOrMany::One)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(OneOrMany::One)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(OneOrMany::One)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(OneOrMany::One)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Deserialize, Serialize)]
    struct Session {
        id: u32,
        status: String,
    }

    fn decode(
        json: &str,
    ) -> Result<OneOrMany<Session>, serde_path_to_error::Error<serde_json::Error>> {
        let mut de = serde_json::Deserializer::from_str(json);
        serde_path_to_error::deserialize(&mut de)
    }

    #[test]
    fn decodes_an_object_as_one() {
        let v = decode(r#"{"id":1,"status":"waiting"}"#).expect("object");
        assert_eq!(v.len(), 1);
        assert!(!v.is_empty());
        assert_eq!(v.first().map(|s| s.id), Some(1));
        assert!(matches!(v, OneOrMany::One(_)));
    }

    #[test]
    fn decodes_an_array_as_many() {
        let v = decode(r#"[{"id":1,"status":"a"},{"id":2,"status":"b"}]"#).expect("array");
        assert_eq!(v.iter().map(|s| s.id).collect::<Vec<_>>(), [1, 2]);
        assert_eq!((&v).into_iter().count(), 2);
        assert_eq!(v.into_vec().len(), 2);
        let empty = decode("[]").expect("empty array");
        assert!(empty.is_empty());
        assert_eq!(empty.first(), None);
    }

    #[test]
    fn error_paths_survive_in_arrays_and_objects() {
        let err = decode(r#"[{"id":1,"status":"a"},{"id":2,"status":5}]"#).expect_err("bad item");
        assert_eq!(err.path().to_string(), "[1].status");
        let err = decode(r#"{"id":"x","status":"a"}"#).expect_err("bad object");
        assert_eq!(err.path().to_string(), "id");
        let err = decode("true").expect_err("bool");
        assert!(err.inner().to_string().contains("invalid type"), "{err}");
    }

    #[test]
    fn serialises_in_the_shape_it_has() {
        let one = OneOrMany::One(Session {
            id: 1,
            status: "a".into(),
        });
        assert_eq!(
            serde_json::to_string(&one).expect("one"),
            r#"{"id":1,"status":"a"}"#
        );
        let many = OneOrMany::from(vec![Session {
            id: 1,
            status: "a".into(),
        }]);
        assert_eq!(
            serde_json::to_string(&many).expect("many"),
            r#"[{"id":1,"status":"a"}]"#
        );
    }

    #[test]
    fn scalars_work() {
        let v: OneOrMany<String> = serde_json::from_str(r#""x""#).expect("str");
        assert_eq!(v, OneOrMany::One("x".to_owned()));
        let v: OneOrMany<i64> = serde_json::from_str("[1,-2]").expect("ints");
        assert_eq!(v.into_iter().collect::<Vec<_>>(), [1, -2]);
    }
}
