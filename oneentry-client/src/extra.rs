//! [`Extra`]: the keys of an object that its model does not name.
//!
//! Every generated model keeps them, but almost every object has none: a `JsonMap` inline
//! would make each model 72 bytes larger, and decoding a list moves every model several times
//! on its way into the `Vec`. `Extra` is one pointer until the first unknown key arrives, and
//! reads like the map it holds (`Deref<Target = JsonMap>`).

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{JsonMap, JsonValue};

/// The fields of an object that its model does not name, in the order they arrived.
///
/// Reads as a [`JsonMap`] through `Deref` (`get`, `iter`, `len`, `is_empty`, indexing, …);
/// mutable access allocates the map if there is none yet. Equality compares the entries, so
/// an `Extra` that never had a key equals one whose keys were all removed.
#[derive(Clone, Default)]
pub struct Extra(Option<Box<JsonMap>>);

impl Extra {
    /// No fields (allocates nothing).
    pub const fn new() -> Self {
        Self(None)
    }

    /// Adds or replaces a field; returns the value it replaced.
    pub fn insert(&mut self, key: String, value: JsonValue) -> Option<JsonValue> {
        self.map_mut().insert(key, value)
    }

    /// Removes a field, keeping the others in order; returns its value.
    pub fn remove(&mut self, key: &str) -> Option<JsonValue> {
        self.0.as_mut()?.shift_remove(key)
    }

    /// The fields as a map (empty when there are none).
    pub fn into_map(self) -> JsonMap {
        self.0.map(|map| *map).unwrap_or_default()
    }

    fn map_mut(&mut self) -> &mut JsonMap {
        self.0.get_or_insert_with(Box::default)
    }
}

impl Deref for Extra {
    type Target = JsonMap;

    fn deref(&self) -> &JsonMap {
        static EMPTY: OnceLock<JsonMap> = OnceLock::new();
        match &self.0 {
            Some(map) => map,
            None => EMPTY.get_or_init(JsonMap::new),
        }
    }
}

impl DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut JsonMap {
        self.map_mut()
    }
}

impl From<JsonMap> for Extra {
    fn from(map: JsonMap) -> Self {
        Self((!map.is_empty()).then(|| Box::new(map)))
    }
}

impl From<Extra> for JsonMap {
    fn from(extra: Extra) -> Self {
        extra.into_map()
    }
}

impl PartialEq for Extra {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        JsonMap::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_and_writes_like_a_map_and_allocates_only_with_a_key() {
        let mut extra = Extra::new();
        assert!(extra.is_empty() && extra.0.is_none());
        assert_eq!(extra.get("a"), None);
        assert_eq!(extra.remove("a"), None);
        assert_eq!(format!("{extra:?}"), "{}");
        assert_eq!(extra.insert("b".into(), json!(1)), None);
        extra.insert("a".into(), json!([2]));
        let keys: Vec<&str> = extra.keys().map(String::as_str).collect();
        assert_eq!(keys, ["b", "a"], "arrival order");
        assert_eq!(extra["a"], json!([2]));
        assert_eq!(
            serde_json::to_string(&extra).expect("json"),
            r#"{"b":1,"a":[2]}"#
        );
        assert_eq!(extra.remove("b"), Some(json!(1)));
        assert_eq!(extra.len(), 1);
        extra.remove("a");
        assert_eq!(extra, Extra::new(), "equal by entries");
        assert!(std::mem::size_of::<Extra>() <= std::mem::size_of::<usize>());
    }

    #[test]
    fn converts_from_and_to_maps() {
        let map: JsonMap = serde_json::from_str(r#"{"x":true}"#).expect("map");
        let extra = Extra::from(map.clone());
        assert_eq!(*extra, map);
        assert_eq!(JsonMap::from(extra), map);
        assert!(Extra::from(JsonMap::new()).0.is_none());
        let decoded: Extra = serde_json::from_str(r#"{"x":true}"#).expect("extra");
        assert_eq!(decoded.into_map(), map);
    }
}
