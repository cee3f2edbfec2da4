//! Fields that OneEntry keys by language.
//!
//! Fields the spec marks `localized` (an order's `formData`, the `*LocalizeInfos` of
//! statuses and payment accounts) are **sent** as `{"<langCode>": value}` and **arrive**
//! either plain (the server already picked a language) or still keyed by language
//! (`{"en_US": {...}}`, docs/wire.md#localized). The generated models encode such fields with
//! [`serialize`] and decode them in one pass with the same rules as [`deserialize`] (which
//! hand-written types can use through `#[serde(with = "oneentry_client::localized")]`);
//! serde gives no way to pass the language into a field's (de)serialiser, so the language
//! travels through a thread-local *ambient language*:
//! the client sets it around every body encoding and response decoding with
//! [`with_language`], and callers can do the same around their own serde calls.

use std::cell::RefCell;

use serde::de::{DeserializeOwned, Error as _};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::JsonValue;

/// Language used when no ambient language is set, and the fallback entry when decoding.
pub const DEFAULT_LANGUAGE: &str = "en_US";

/// The ambient language of a thread. The text's buffer is reused from call to call, so
/// setting a language allocates nothing once a thread has decoded one body.
struct Ambient {
    set: bool,
    text: String,
}

impl Ambient {
    fn get(&self) -> Option<&str> {
        self.set.then_some(self.text.as_str())
    }

    fn put(&mut self, lang: Option<&str>) {
        self.text.clear();
        self.text.push_str(lang.unwrap_or_default());
        self.set = lang.is_some();
    }
}

thread_local! {
    static AMBIENT: RefCell<Ambient> = const {
        RefCell::new(Ambient {
            set: false,
            text: String::new(),
        })
    };
}

/// Restores the previous ambient language when dropped, also during unwinding, so a panic in
/// the closure cannot leave a stale language behind on a thread pool worker.
struct Restore(Option<String>);

impl Drop for Restore {
    fn drop(&mut self) {
        let previous = self.0.take();
        AMBIENT.with(|cell| cell.borrow_mut().put(previous.as_deref()));
    }
}

/// Runs `f` with `lang` (a OneEntry language code such as `en_US`) as the ambient language
/// of the current thread, then restores the previous one.
///
/// The closure must not `.await` across a thread switch; it is meant for synchronous serde
/// calls such as `serde_json::to_value` or `serde_json::from_str`.
pub fn with_language<R>(lang: &str, f: impl FnOnce() -> R) -> R {
    let previous = AMBIENT.with(|cell| {
        let mut ambient = cell.borrow_mut();
        // Only a nested call has a language to give back (and copies it).
        let previous = ambient.get().map(str::to_owned);
        ambient.put(Some(lang));
        previous
    });
    let _restore = Restore(previous);
    f()
}

/// The ambient language of the current thread, if [`with_language`] is active.
pub fn current_language() -> Option<String> {
    AMBIENT.with(|cell| cell.borrow().get().map(str::to_owned))
}

pub(crate) fn effective_language() -> String {
    current_language().unwrap_or_else(|| DEFAULT_LANGUAGE.to_owned())
}

/// Serialises `value` as `{"<ambient language>": value}` (`en_US` when none is set).
#[doc(hidden)]
pub fn serialize<T: Serialize, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let lang = effective_language();
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(&lang, value)?;
    map.end()
}

/// Deserialises a value that may be plain or keyed by language.
///
/// A JSON object counts as a language map when it is non-empty and either every key looks
/// like a language code (`en`, `en_US`, `fil_PH`) or the ambient language is one of its keys.
/// From a language map the entry of the ambient language is taken, else the only entry, else
/// `en_US`; anything else is decoded as the value itself. `null` and a missing field reach `T`
/// unchanged, so `T = Option<...>` works.
#[doc(hidden)]
pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    let raw = JsonValue::deserialize(deserializer)?;
    let lang = effective_language();
    let picked = pick_language(raw, &lang).map_err(D::Error::custom)?;
    decode_value(picked).map_err(D::Error::custom)
}

/// Chooses the entry of `lang` when `value` is a language map; returns plain values as they are.
pub(crate) fn pick_language(value: JsonValue, lang: &str) -> Result<JsonValue, String> {
    let JsonValue::Object(mut map) = value else {
        return Ok(value);
    };
    let is_language_map =
        !map.is_empty() && (map.contains_key(lang) || map.keys().all(|k| looks_like_language(k)));
    if !is_language_map {
        return Ok(JsonValue::Object(map));
    }
    if let Some(entry) = map.remove(lang) {
        return Ok(entry);
    }
    if map.len() == 1 {
        if let Some((_, entry)) = map.into_iter().next() {
            return Ok(entry);
        }
        return Err(format!("no entry for language {lang}"));
    }
    if let Some(entry) = map.remove(DEFAULT_LANGUAGE) {
        return Ok(entry);
    }
    let have: Vec<&str> = map.keys().map(String::as_str).collect();
    Err(format!(
        "no entry for language {lang} (have: {})",
        have.join(", ")
    ))
}

/// `^[a-z]{2,3}(_[A-Z]{2})?$`, written out to avoid a regex dependency.
fn looks_like_language(key: &str) -> bool {
    let (language, region) = match key.split_once('_') {
        Some((language, region)) => (language, Some(region)),
        None => (key, None),
    };
    let language_ok =
        (2..=3).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_lowercase());
    let region_ok =
        region.is_none_or(|r| r.len() == 2 && r.bytes().all(|b| b.is_ascii_uppercase()));
    language_ok && region_ok
}

/// Decodes the picked entry, keeping the JSON path inside it in the message: the outer
/// path tracker only sees the localized field as a whole.
pub(crate) fn decode_value<T: DeserializeOwned>(value: JsonValue) -> Result<T, String> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        let path = err.path().to_string();
        if path == "." {
            err.into_inner().to_string()
        } else {
            format!("at {path}: {}", err.into_inner())
        }
    })
}

/// Whether `key` is the ambient language (`en_US` when none is set), without copying it.
pub(crate) fn is_ambient(key: &str) -> bool {
    AMBIENT.with(|cell| cell.borrow().get().unwrap_or(DEFAULT_LANGUAGE) == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Seed;
    use serde::Deserialize;
    use serde::de::DeserializeSeed;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Field {
        marker: String,
        value: i64,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Info {
        title: String,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Order {
        #[serde(with = "crate::localized")]
        form_data: Vec<Field>,
        #[serde(
            default,
            with = "crate::localized",
            skip_serializing_if = "Option::is_none"
        )]
        status_localize_infos: Option<Info>,
    }

    fn order() -> Order {
        Order {
            form_data: vec![Field {
                marker: "n".into(),
                value: 1,
            }],
            status_localize_infos: None,
        }
    }

    fn decode(json: &str) -> Result<Order, serde_path_to_error::Error<serde_json::Error>> {
        let mut de = serde_json::Deserializer::from_str(json);
        serde_path_to_error::deserialize(&mut de)
    }

    #[test]
    fn serialises_under_the_ambient_language() {
        let json = serde_json::to_string(&order()).expect("serialise");
        assert_eq!(json, r#"{"formData":{"en_US":[{"marker":"n","value":1}]}}"#);
        let json = with_language("fr_FR", || serde_json::to_string(&order())).expect("serialise");
        assert_eq!(json, r#"{"formData":{"fr_FR":[{"marker":"n","value":1}]}}"#);
    }

    #[test]
    fn ambient_language_is_restored_also_on_panic() {
        assert_eq!(current_language(), None);
        with_language("de_DE", || {
            assert_eq!(current_language().as_deref(), Some("de_DE"));
            with_language("fr_FR", || {
                assert_eq!(current_language().as_deref(), Some("fr_FR"))
            });
            assert_eq!(current_language().as_deref(), Some("de_DE"));
        });
        assert_eq!(current_language(), None);
        let caught = std::panic::catch_unwind(|| with_language("it_IT", || panic!("boom")));
        assert!(caught.is_err());
        assert_eq!(current_language(), None);
    }

    #[test]
    fn decodes_plain_values() {
        let o = decode(
            r#"{"formData":[{"marker":"n","value":1}],"statusLocalizeInfos":{"title":"New"}}"#,
        )
        .expect("plain");
        assert_eq!(o.form_data, order().form_data);
        assert_eq!(
            o.status_localize_infos,
            Some(Info {
                title: "New".into()
            })
        );
    }

    #[test]
    fn picks_the_ambient_language_then_the_only_entry_then_en_us() {
        let json = r#"{"formData":{"en_US":[],"fr_FR":[{"marker":"n","value":1}]}}"#;
        let o = with_language("fr_FR", || decode(json)).expect("fr");
        assert_eq!(o.form_data.len(), 1);
        let o = with_language("de_DE", || decode(json)).expect("fallback en_US");
        assert!(o.form_data.is_empty());
        let only = r#"{"formData":{"fr_FR":[{"marker":"n","value":1}]}}"#;
        let o = decode(only).expect("only entry");
        assert_eq!(o.form_data.len(), 1);
        // A key that is not code-shaped still counts when it is the ambient language.
        let odd = r#"{"formData":{"english":[{"marker":"n","value":1}],"x":[]}}"#;
        let o = with_language("english", || decode(odd)).expect("ambient key");
        assert_eq!(o.form_data.len(), 1);
    }

    #[test]
    fn missing_language_is_a_clear_error() {
        let json = r#"{"formData":{"fr_FR":[],"de_DE":[]}}"#;
        let err = with_language("it_IT", || decode(json)).expect_err("no entry");
        assert_eq!(err.path().to_string(), "formData");
        assert!(
            err.inner()
                .to_string()
                .contains("no entry for language it_IT (have: fr_FR, de_DE)"),
            "{err}"
        );
    }

    #[test]
    fn option_fields_accept_missing_null_and_maps() {
        let o = decode(r#"{"formData":[]}"#).expect("missing");
        assert_eq!(o.status_localize_infos, None);
        let o = decode(r#"{"formData":[],"statusLocalizeInfos":null}"#).expect("null");
        assert_eq!(o.status_localize_infos, None);
        let o = decode(r#"{"formData":[],"statusLocalizeInfos":{"en_US":{"title":"Paid"}}}"#)
            .expect("map");
        assert_eq!(
            o.status_localize_infos,
            Some(Info {
                title: "Paid".into()
            })
        );
        let o =
            decode(r#"{"formData":[],"statusLocalizeInfos":{"en_US":null}}"#).expect("null entry");
        assert_eq!(o.status_localize_infos, None);
    }

    #[test]
    fn inner_error_paths_are_kept_in_the_message() {
        let json = r#"{"formData":{"en_US":[{"marker":"n","value":"x"}]}}"#;
        let err = decode(json).expect_err("bad value");
        assert_eq!(err.path().to_string(), "formData");
        assert!(
            err.inner()
                .to_string()
                .starts_with("at [0].value: invalid type"),
            "{err}"
        );
    }

    /// The one-pass decoding of generated models gives what `deserialize` gives.
    #[test]
    fn the_seed_agrees_with_deserialize() {
        #[derive(Debug, PartialEq, Deserialize)]
        struct Old {
            #[serde(default, with = "crate::localized")]
            infos: Option<Info>,
            #[serde(default, with = "crate::localized")]
            fields: Option<Vec<Field>>,
        }
        fn new(json: &str) -> Result<(Option<Info>, Option<Vec<Field>>), String> {
            let value: JsonValue = serde_json::from_str(json).map_err(|e| e.to_string())?;
            let seed = |key: &str| value.get(key).cloned().unwrap_or(JsonValue::Null);
            let infos = Seed::<Option<Info>>::new().deserialize(seed("infos"));
            let fields = Seed::<Option<Vec<Field>>>::new().deserialize(seed("fields"));
            Ok((
                infos.map_err(|e| e.to_string())?,
                fields.map_err(|e| e.to_string())?,
            ))
        }
        let field = r#"[{"marker":"n","value":1}]"#;
        let cases = [
            r#"{}"#.to_owned(),
            r#"{"infos":null,"fields":null}"#.to_owned(),
            format!(r#"{{"infos":{{"title":"t"}},"fields":{field}}}"#),
            format!(r#"{{"infos":{{"en_US":{{"title":"t"}}}},"fields":{{"en_US":{field}}}}}"#),
            format!(r#"{{"fields":{{"de_DE":[],"en_US":{field},"fr_FR":[]}}}}"#),
            format!(r#"{{"fields":{{"de_DE":{field}}}}}"#),
            r#"{"fields":{"de_DE":[],"fr_FR":[]}}"#.to_owned(),
            r#"{"infos":{"en_US":null}}"#.to_owned(),
            r#"{"infos":{"en_US":{"title":5}}}"#.to_owned(),
            r#"{"infos":{}}"#.to_owned(),
            r#"{"infos":{"id":{"title":"t"}}}"#.to_owned(),
            r#"{"fields":[{"marker":"n"}]}"#.to_owned(),
            r#"{"fields":"x"}"#.to_owned(),
        ];
        for lang in ["en_US", "fr_FR"] {
            for json in &cases {
                let old = with_language(lang, || serde_json::from_str::<Old>(json));
                let new = with_language(lang, || new(json));
                match (old, new) {
                    (Ok(old), Ok(new)) => {
                        assert_eq!((old.infos, old.fields), new, "{lang} {json}")
                    }
                    (Err(_), Err(_)) => {}
                    (old, new) => panic!("{lang} {json}: {old:?} against {new:?}"),
                }
            }
        }
    }

    #[test]
    fn language_code_shape() {
        for ok in ["en", "en_US", "fil", "fil_PH"] {
            assert!(looks_like_language(ok), "{ok}");
        }
        for bad in [
            "", "e", "english", "EN", "en_us", "en-US", "en_USA", "title", "en_",
        ] {
            assert!(!looks_like_language(bad), "{bad}");
        }
    }
}
