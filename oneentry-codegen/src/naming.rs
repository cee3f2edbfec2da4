//! Turning spec names (`createOrder`, `KEEP_GIFT`) into Rust names.

/// Splits a name into lower-case words at case changes and non-alphanumerics:
/// `getOrderByMarkerAndId` → get order by marker and id, `HTTPStatus` → http status.
fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let boundary = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `createOrder` → `create_order`.
pub fn snake_case(name: &str) -> String {
    words(name).join("_")
}

/// `create_order`, `createOrder`, `KEEP_GIFT` → `CreateOrder`, `KeepGift`.
pub fn pascal_case(name: &str) -> String {
    words(name)
        .iter()
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect()
}

/// Keywords that `r#` can escape.
const RAW_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be identifiers at all, even raw.
const RESERVED: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Whether `name` can be written as an identifier (possibly as `r#name`).
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic());
    starts_well && chars.all(|c| c == '_' || c.is_ascii_alphanumeric()) && !RESERVED.contains(&name)
}

/// Whether `name` must be written `r#name`.
pub fn needs_raw(name: &str) -> bool {
    RAW_KEYWORDS.contains(&name)
}

/// Whether `name` is a Rust type name in the usual style (`OrderRequest`).
pub fn is_type_name(name: &str) -> bool {
    is_identifier(name) && name.starts_with(|c: char| c.is_ascii_uppercase()) && !needs_raw(name)
}

/// Edit distance counting a swap of two neighbours as one edit (optimal string
/// alignment), for "did you mean" hints: `Itme` is one edit from `Item`.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// Names longer than this get no "did you mean": a typo of a real name is about as
/// long as it, and the edit distance costs the product of the two lengths.
const MAX_SUGGESTED_LEN: usize = 64;

/// The candidate closest to `name`, if it is close enough to be a likely typo.
///
/// Cheap on any input: names longer than [`MAX_SUGGESTED_LEN`] are not compared,
/// and neither are candidates whose length alone puts them too far away.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let name_len = name.chars().count();
    if name_len > MAX_SUGGESTED_LEN {
        return None;
    }
    let name = name.to_lowercase();
    candidates
        .into_iter()
        .filter_map(|c| {
            let len = c.chars().count();
            let allowed = (len / 3).max(1);
            if len > MAX_SUGGESTED_LEN || len.abs_diff(name_len) > allowed {
                return None;
            }
            let d = distance(&name, &c.to_lowercase());
            (d <= allowed).then_some((d, c))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_cases() {
        let cases = [
            ("createOrder", "create_order", "CreateOrder"),
            (
                "getOrderByMarkerAndId",
                "get_order_by_marker_and_id",
                "GetOrderByMarkerAndId",
            ),
            ("AuthProvider", "auth_provider", "AuthProvider"),
            ("KEEP_GIFT", "keep_gift", "KeepGift"),
            ("HTTPStatus", "http_status", "HttpStatus"),
            ("session", "session", "Session"),
            ("logout-all", "logout_all", "LogoutAll"),
            ("en_US", "en_us", "EnUs"),
            ("item2Count", "item2_count", "Item2Count"),
        ];
        for (input, snake, pascal) in cases {
            assert_eq!(snake_case(input), snake, "{input}");
            assert_eq!(pascal_case(input), pascal, "{input}");
        }
    }

    #[test]
    fn classifies_identifiers() {
        assert!(is_identifier("type") && needs_raw("type"));
        assert!(!is_identifier("self") && !is_identifier("1abc") && !is_identifier(""));
        assert!(is_type_name("Order") && !is_type_name("order") && !is_type_name("Self"));
    }

    #[test]
    fn suggests_close_names() {
        let names = ["OrderRequest", "Order", "PaymentSession"];
        assert_eq!(closest("OrderReqest", names), Some("OrderRequest"));
        assert_eq!(closest("orders", names), Some("Order"));
        assert_eq!(closest("Nothing", names), None);
        assert_eq!(closest("Itme", ["Item"]), Some("Item"));
    }

    #[test]
    fn huge_names_are_not_compared() {
        // Compared in full, these would need a 10^10-cell table.
        let huge = "A".repeat(100_000);
        let other = format!("{huge}B");
        assert_eq!(closest(&huge, [other.as_str(), "Order"]), None);
        assert_eq!(closest("Order", [other.as_str(), "Ordr"]), Some("Ordr"));
    }
}
