//! Building request URLs: the project base URL, the endpoint's path segments, the query.
//!
//! The official SDK inserts path and query values unencoded (docs/wire.md#encoding), so a marker with a
//! `?` or `/` silently changes the route. Here every value is percent-encoded except the
//! RFC 3986 unreserved characters, and values that the URL parser would treat as dot segments
//! are refused rather than letting `..` climb to another route.

use std::fmt::Write as _;

use crate::endpoint::Segment;

/// Project base URL without trailing slashes: `https://x.com` or `https://x.com/sub`.
pub(crate) fn normalize_base(raw: &str) -> Result<String, String> {
    let url = reqwest::Url::parse(raw.trim()).map_err(|err| format!("base URL `{raw}`: {err}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("base URL `{raw}` must use http or https"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("base URL `{raw}` has no host"));
    }
    // Credentials would end up in logs and `Debug` output of the client.
    if !url.username().is_empty() || url.password().is_some() {
        return Err("base URL must not contain credentials".to_owned());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "base URL `{raw}` must not have a query or a fragment"
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// The value of one query key, kept raw until the URL is built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum QueryValue {
    /// `name=value`.
    One(String),
    /// `name=a,b`: the items encoded one by one, joined by a comma that is not encoded.
    Joined(Vec<String>),
}

/// Percent-encodes everything but `A-Z a-z 0-9 - . _ ~`.
pub(crate) fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            // Writing to a `String` cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// `base` with the endpoint's `path` appended, its placeholders filled in, and the query in
/// order.
///
/// Walks the segments: literals are pushed as they are, each [`Segment::Param`] gets its
/// encoded value. Every placeholder needs a value and every value a placeholder: a mismatch
/// is a bug in the generated code, reported instead of sending a request to the wrong route.
/// Only the path and query are parsed: the base was parsed once, when the client was built.
pub(crate) fn build(
    base: &reqwest::Url,
    segments: &[Segment],
    path_params: &[(&'static str, String)],
    query: &[(&'static str, QueryValue)],
) -> Result<reqwest::Url, String> {
    let prefix = base.path().trim_end_matches('/');
    let mut path = String::with_capacity(prefix.len() + 96);
    path.push_str(prefix);
    let mut used = vec![false; path_params.len()];
    for segment in segments {
        let name = match segment {
            Segment::Literal(text) => {
                path.push_str(text);
                continue;
            }
            Segment::Param(name) => *name,
        };
        let index = path_params
            .iter()
            .position(|(n, _)| *n == name)
            .ok_or_else(|| format!("no value for path parameter `{name}`"))?;
        let value = &path_params[index].1;
        if value.is_empty() || value == "." || value == ".." {
            return Err(format!(
                "path parameter `{name}` cannot be {}",
                if value.is_empty() {
                    "empty".to_owned()
                } else {
                    format!("`{value}`")
                }
            ));
        }
        path.push_str(&percent_encode(value));
        used[index] = true;
    }
    if let Some(((name, _), _)) = path_params.iter().zip(&used).find(|(_, used)| !**used) {
        return Err(format!(
            "path parameter `{name}` is not in the endpoint's path"
        ));
    }

    let mut url = base.clone();
    url.set_path(&path);
    if !query.is_empty() {
        let mut text = String::with_capacity(32 * query.len());
        for (i, (name, value)) in query.iter().enumerate() {
            if i > 0 {
                text.push('&');
            }
            text.push_str(&percent_encode(name));
            text.push('=');
            match value {
                QueryValue::One(value) => text.push_str(&percent_encode(value)),
                QueryValue::Joined(items) => {
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            text.push(',');
                        }
                        text.push_str(&percent_encode(item));
                    }
                }
            }
        }
        url.set_query(Some(&text));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_all_but_unreserved() {
        assert_eq!(percent_encode("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(percent_encode("a b?c"), "a%20b%3Fc");
        assert_eq!(percent_encode("x/y&z=1#"), "x%2Fy%26z%3D1%23");
        assert_eq!(percent_encode("é+%"), "%C3%A9%2B%25");
    }

    #[test]
    fn base_urls_are_normalised() {
        let ok = [
            ("https://x.com", "https://x.com"),
            ("https://x.com/", "https://x.com"),
            ("https://x.com///", "https://x.com"),
            ("https://x.com/sub", "https://x.com/sub"),
            ("https://x.com/sub/", "https://x.com/sub"),
            ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
            (" https://x.com/a/b// ", "https://x.com/a/b"),
        ];
        for (raw, expected) in ok {
            assert_eq!(normalize_base(raw).as_deref(), Ok(expected), "{raw}");
        }
        for bad in [
            "",
            "x.com",
            "ftp://x.com",
            "https://u:p@x.com",
            "https://x.com/?a=1",
            "https://x.com/#f",
            "file:///tmp",
        ] {
            assert!(normalize_base(bad).is_err(), "{bad}");
        }
        let err = normalize_base("https://user:pw@x.com").expect_err("credentials");
        assert!(!err.contains("pw"), "{err}");
    }

    fn params(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        pairs.iter().map(|(n, v)| (*n, (*v).to_owned())).collect()
    }

    fn query(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, QueryValue)> {
        pairs
            .iter()
            .map(|(n, v)| (*n, QueryValue::One((*v).to_owned())))
            .collect()
    }

    fn base(raw: &str) -> reqwest::Url {
        reqwest::Url::parse(raw).expect("base URL")
    }

    #[test]
    fn joins_base_template_params_and_query() {
        let built = build(
            &base("https://x.com/sub"),
            &[
                Segment::Literal("/api/content/orders-storage/marker/"),
                Segment::Param("marker"),
                Segment::Literal("/orders/"),
                Segment::Param("id"),
            ],
            &params(&[("id", "7"), ("marker", "a b?c")]),
            &query(&[("langCode", "en US"), ("limit", "30"), ("offset", "0")]),
        )
        .expect("url");
        assert_eq!(
            built.path(),
            "/sub/api/content/orders-storage/marker/a%20b%3Fc/orders/7"
        );
        assert_eq!(
            built.as_str(),
            "https://x.com/sub/api/content/orders-storage/marker/a%20b%3Fc/orders/7?langCode=en%20US&limit=30&offset=0"
        );
        let built = build(
            &base("https://x.com"),
            &[Segment::Literal("/api/content/payments/sessions/")],
            &[],
            &query(&[("offset", "0"), ("limit", "30")]),
        )
        .expect("url");
        assert_eq!(
            built.as_str(),
            "https://x.com/api/content/payments/sessions/?offset=0&limit=30"
        );
        assert_eq!(built.path(), "/api/content/payments/sessions/");
        let built = build(
            &base("https://x.com/"),
            &[Segment::Literal("/orders")],
            &[],
            &[],
        )
        .expect("url");
        assert_eq!(built.as_str(), "https://x.com/orders");
    }

    #[test]
    fn joined_items_are_encoded_one_by_one() {
        let items = ["a,b", "c d", "7"].map(str::to_owned).to_vec();
        let built = build(
            &base("https://x.com"),
            &[Segment::Literal("/products/ids")],
            &[],
            &[
                ("ids", QueryValue::Joined(items)),
                ("tag", QueryValue::One("x".to_owned())),
                ("tag", QueryValue::One("y".to_owned())),
            ],
        )
        .expect("url");
        assert_eq!(built.query(), Some("ids=a%2Cb,c%20d,7&tag=x&tag=y"));
    }

    #[test]
    fn parameter_mismatches_are_errors() {
        let template = [
            Segment::Literal("/marker/"),
            Segment::Param("marker"),
            Segment::Literal("/orders"),
        ];
        assert_eq!(
            build(&base("https://x.com"), &template, &[], &[]),
            Err("no value for path parameter `marker`".to_owned())
        );
        assert_eq!(
            build(
                &base("https://x.com"),
                &template,
                &params(&[("marker", "m"), ("id", "1")]),
                &[]
            ),
            Err("path parameter `id` is not in the endpoint's path".to_owned())
        );
        for bad in ["", ".", ".."] {
            assert!(
                build(
                    &base("https://x.com"),
                    &template,
                    &params(&[("marker", bad)]),
                    &[]
                )
                .is_err(),
                "{bad:?}"
            );
        }
    }
}
