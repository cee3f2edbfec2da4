//! What the generated models' `Deserialize` impls are made of.
//!
//! A model keeps the keys its spec does not name in `extra`. serde's `#[serde(flatten)]`
//! would do that, but it makes serde buffer every key and value of the object first, which
//! doubles the cost of decoding. The generated impls instead make one pass over the object:
//! each known key (matched by its wire name) fills its [`Slot`], any other key goes into
//! `extra` as it passes ([`Key::keep`]). Missing and duplicate keys are the errors serde's
//! derive gives (`missing field`, `duplicate field`), with the wire name.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, Deserialize, DeserializeOwned, DeserializeSeed, Deserializer, Error as _, IgnoredAny,
    IntoDeserializer, MapAccess, SeqAccess, Visitor,
};

use crate::{JsonMap, JsonValue, localized};

/// An object key (or a string enum's value), borrowed from the input when it has no escapes
/// (so matching a known key allocates nothing) and owned otherwise.
#[derive(Debug)]
pub enum Key<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Unescaped or produced by a deserializer that owns its keys (such as `Value`'s).
    Owned(String),
}

impl Key<'_> {
    /// The key's text.
    #[inline]
    pub fn as_str(&self) -> &str {
        match self {
            Self::Borrowed(key) => key,
            Self::Owned(key) => key,
        }
    }

    /// Reads the value of this (unknown) key and keeps it in `extra`; a repeated key keeps
    /// its first place and its last value, as a JSON map does.
    pub fn keep<'de, A: MapAccess<'de>>(
        self,
        extra: &mut JsonMap,
        map: &mut A,
    ) -> Result<(), A::Error> {
        let value: JsonValue = map.next_value()?;
        let key = match self {
            Self::Borrowed(key) => key.to_owned(),
            Self::Owned(key) => key,
        };
        extra.insert(key, value);
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key::Borrowed(key))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key::Owned(key.to_owned()))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
        Ok(Key::Owned(key))
    }
}

/// The value of one known field while its object is being read. `E` is the deserializer's
/// error type, fixed by the first [`read`](Slot::read), so the generated code needs no type
/// annotations.
#[derive(Debug)]
pub struct Slot<T, E> {
    wire: &'static str,
    value: Option<T>,
    error: PhantomData<fn() -> E>,
}

impl<T, E: de::Error> Slot<T, E> {
    /// An empty slot for the field with this wire name.
    #[inline]
    pub fn new(wire: &'static str) -> Self {
        Self {
            wire,
            value: None,
            error: PhantomData,
        }
    }

    #[inline]
    fn check_duplicate(&self) -> Result<(), E> {
        match self.value {
            Some(_) => Err(E::duplicate_field(self.wire)),
            None => Ok(()),
        }
    }

    /// Reads the field's value; a second occurrence of the key is an error.
    #[inline]
    pub fn read<'de, A>(&mut self, map: &mut A) -> Result<(), E>
    where
        A: MapAccess<'de, Error = E>,
        T: Deserialize<'de>,
    {
        self.check_duplicate()?;
        self.value = Some(map.next_value()?);
        Ok(())
    }

    /// Reads a field that may arrive keyed by language ([`localized`]).
    #[inline]
    pub fn read_localized<'de, A>(&mut self, map: &mut A) -> Result<(), E>
    where
        A: MapAccess<'de, Error = E>,
        T: DeserializeOwned,
    {
        self.check_duplicate()?;
        self.value = Some(map.next_value_seed(Seed::<T>::new())?);
        Ok(())
    }

    /// The value of a field that must be present.
    #[inline]
    pub fn required(self) -> Result<T, E> {
        self.value.ok_or_else(|| E::missing_field(self.wire))
    }
}

impl<T, E> Slot<Option<T>, E> {
    /// The value of an `Option` field: `None` when the key is absent.
    #[inline]
    pub fn or_none(self) -> Option<T> {
        self.value.flatten()
    }
}

impl<T, E> Slot<crate::Patch<T>, E> {
    /// The value of a tristate field: [`Patch::Absent`](crate::Patch::Absent) when the key is
    /// absent (a `null` was read as `Patch::Null`).
    #[inline]
    pub fn or_absent(self) -> crate::Patch<T> {
        self.value.unwrap_or_default()
    }
}

/// Decodes a localized field of a generated model in one pass, with the same outcome as
/// [`localized::deserialize`]: the entry of the ambient language is decoded straight from the input
/// (no `Value` in between) and the entries after it are skipped, and a plain array or
/// `null` is decoded as the value itself. Only an object without the ambient language
/// among its keys (a plain object, or another language's map) is buffered, to choose as
/// [`localized::deserialize`] does.
pub(crate) struct Seed<T>(PhantomData<T>);

impl<T> Seed<T> {
    pub(crate) fn new() -> Self {
        Self(PhantomData)
    }
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Seed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for Seed<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value, or an object of values by language")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        // Entries before the ambient language's, kept only in case it never comes.
        let mut others: Option<JsonMap> = None;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            if localized::is_ambient(key.as_str()) {
                // A map that holds the ambient language is a language map: this entry wins
                // (the last one, should the key repeat, as in a JSON map).
                let mut picked = map.next_value::<T>()?;
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    if localized::is_ambient(key.as_str()) {
                        picked = map.next_value::<T>()?;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                return Ok(picked);
            }
            key.keep(others.get_or_insert_with(JsonMap::new), &mut map)?;
        }
        let others = JsonValue::Object(others.unwrap_or_default());
        let picked = localized::pick_language(others, &localized::effective_language())
            .map_err(A::Error::custom)?;
        localized::decode_value(picked).map_err(A::Error::custom)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        T::deserialize(PlainSeq(seq))
    }

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        T::deserialize(().into_deserializer())
    }

    fn visit_none<E: de::Error>(self) -> Result<T, E> {
        self.visit_unit()
    }

    // Scalars are rare here (localized fields are lists and objects): through a `Value`.

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        localized::decode_value(JsonValue::from(v)).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        localized::decode_value(JsonValue::from(v)).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        localized::decode_value(JsonValue::from(v)).map_err(E::custom)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        localized::decode_value(JsonValue::from(v)).map_err(E::custom)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        localized::decode_value(JsonValue::from(v)).map_err(E::custom)
    }
}

/// An array already opened by `deserialize_any`, as a deserializer of the whole value;
/// unlike serde's `SeqAccessDeserializer` it is `Some` to an `Option`, as a JSON array is.
struct PlainSeq<A>(A);

impl<'de, A: SeqAccess<'de>> Deserializer<'de> for PlainSeq<A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_seq(self.0)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_some(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}
