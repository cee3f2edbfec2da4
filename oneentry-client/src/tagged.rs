//! What generated tagged unions are made of: one of several object shapes, chosen by the
//! string at a tag key (`{"kind": "card", ...}`).
//!
//! The tag is not a field of the variant types: it is written before their keys and taken
//! out before they are decoded. The object is read into a `Value` first, because the tag may
//! come after the other keys; unions are rare next to plain models, so the cost stays small.

use serde::de::{Deserializer, Error as _};
use serde::ser::{Error as _, SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::{JsonMap, JsonValue};

/// Writes `{"<tag>": "<name>", <the fields of value>...}`.
pub fn serialize<S: Serializer, T: Serialize>(
    serializer: S,
    tag: &str,
    name: &str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    let fields = match serde_json::to_value(value).map_err(S::Error::custom)? {
        JsonValue::Object(fields) => fields,
        other => {
            return Err(S::Error::custom(format_args!(
                "a variant of a tagged union must serialise to an object, not {other}"
            )));
        }
    };
    let mut map = serializer.serialize_map(Some(fields.len() + 1))?;
    map.serialize_entry(tag, name)?;
    for (key, value) in fields.iter().filter(|(key, _)| key.as_str() != tag) {
        map.serialize_entry(key, value)?;
    }
    map.end()
}

/// The object and the value of its tag; `None` when the object has no such key or its value
/// is not a string (the union keeps such an object whole). A value that is not an object is
/// an error.
pub fn read<'de, D: Deserializer<'de>>(
    deserializer: D,
    tag: &str,
) -> Result<(Option<String>, JsonMap), D::Error> {
    let fields = match JsonValue::deserialize(deserializer)? {
        JsonValue::Object(fields) => fields,
        other => {
            return Err(D::Error::custom(format_args!(
                "expected an object with a `{tag}` key, found {other}"
            )));
        }
    };
    let name = fields
        .get(tag)
        .and_then(JsonValue::as_str)
        .map(str::to_owned);
    Ok((name, fields))
}

/// Decodes the variant chosen by the tag from the object, without the tag key.
pub fn variant<T, E>(mut fields: JsonMap, tag: &str) -> Result<T, E>
where
    T: serde::de::DeserializeOwned,
    E: serde::de::Error,
{
    fields.shift_remove(tag);
    T::deserialize(JsonValue::Object(fields)).map_err(E::custom)
}
