//! Which endpoint a request is for: its method and path against the endpoint descriptions.

use super::Method;
use crate::endpoint::{Endpoint, Segment};

/// An endpoint and how specific its path is.
#[derive(Debug)]
pub(super) struct Route {
    pub(super) endpoint: &'static Endpoint,
    /// How much of a matching path is literal: the more, the more specific the route, so
    /// `/orders/count` wins over `/orders/{id}`.
    literal_len: usize,
}

/// The path parameters a route matched, by wire name, decoded.
pub(super) type PathParams = Vec<(&'static str, String)>;

/// What the table says about a request.
#[derive(Debug)]
pub(super) enum Lookup {
    /// The index of the route and its path parameters.
    Route(usize, PathParams),
    /// Routes match the path, none the method: these are the methods they take.
    WrongMethod(Vec<&'static str>),
    /// No route matches the path.
    NotFound,
}

impl Route {
    pub(super) fn new(endpoint: &'static Endpoint) -> Self {
        let literal_len = endpoint
            .path
            .iter()
            .map(|segment| match segment {
                Segment::Literal(text) => text.len(),
                Segment::Param(_) => 0,
            })
            .sum();
        Self {
            endpoint,
            literal_len,
        }
    }

    /// The path parameters, when `path` (still percent-encoded) is this route's: literal
    /// parts must stand there verbatim, a parameter is one non-empty path segment.
    pub(super) fn matches(&self, path: &str) -> Option<PathParams> {
        let mut rest = path;
        let mut params = Vec::new();
        for segment in self.endpoint.path {
            match *segment {
                Segment::Literal(text) => rest = rest.strip_prefix(text)?,
                Segment::Param(name) => {
                    let end = rest.find('/').unwrap_or(rest.len());
                    let (raw, tail) = rest.split_at(end);
                    let value = super::text::percent_decode(raw, false)?;
                    if value.is_empty() {
                        return None;
                    }
                    params.push((name, value.into_owned()));
                    rest = tail;
                }
            }
        }
        rest.is_empty().then_some(params)
    }
}

/// Finds the route of `method` and `path` among `routes`, the most specific one when several
/// match. With `ignore_trailing_slash`, a path no route takes with this method is tried again
/// with its trailing slash removed (or added), as servers with non-strict routing do.
pub(super) fn find(
    routes: &[Route],
    method: &Method,
    path: &str,
    ignore_trailing_slash: bool,
) -> Lookup {
    let exact = find_exact(routes, method, path);
    if !ignore_trailing_slash || matches!(exact, Lookup::Route(..)) {
        return exact;
    }
    let toggled = match path.strip_suffix('/') {
        Some(stripped) if !stripped.is_empty() => stripped.to_owned(),
        Some(_) => return exact,
        None => format!("{path}/"),
    };
    match (exact, find_exact(routes, method, &toggled)) {
        (_, found @ Lookup::Route(..)) | (Lookup::NotFound, found) => found,
        (exact, _) => exact,
    }
}

fn find_exact(routes: &[Route], method: &Method, path: &str) -> Lookup {
    let mut best: Option<(usize, PathParams, usize)> = None;
    let mut other_methods = Vec::new();
    for (index, route) in routes.iter().enumerate() {
        let Some(params) = route.matches(path) else {
            continue;
        };
        if route.endpoint.method.as_str() != method.as_str() {
            let other = route.endpoint.method.as_str();
            if !other_methods.contains(&other) {
                other_methods.push(other);
            }
            continue;
        }
        if best
            .as_ref()
            .is_none_or(|(_, _, len)| route.literal_len > *len)
        {
            best = Some((index, params, route.literal_len));
        }
    }
    match best {
        Some((index, params, _)) => Lookup::Route(index, params),
        None if other_methods.is_empty() => Lookup::NotFound,
        None => Lookup::WrongMethod(other_methods),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::{Auth, Method as M, SessionEffect};
    use Segment::{Literal, Param};

    const fn endpoint(id: &'static str, method: M, path: &'static [Segment]) -> Endpoint {
        Endpoint {
            id,
            method,
            path,
            template: "",
            params: &[],
            auth: Auth::None,
            idempotent: false,
            paginated: false,
            session: SessionEffect::None,
            resend_after_refresh: true,
            protocol: None,
        }
    }

    const BY_ID: &[Segment] = &[Literal("/api/reviews/"), Param("id")];
    static GET: Endpoint = endpoint("R.get", M::Get, BY_ID);
    static COUNT: Endpoint = endpoint("R.count", M::Get, &[Literal("/api/reviews/count")]);
    static DELETE: Endpoint = endpoint("R.delete", M::Delete, BY_ID);
    static NESTED: Endpoint = endpoint(
        "R.nested",
        M::Get,
        &[Literal("/api/p/"), Param("a"), Literal("/r/"), Param("b")],
    );

    fn routes() -> Vec<Route> {
        [&GET, &COUNT, &DELETE, &NESTED]
            .into_iter()
            .map(Route::new)
            .collect()
    }

    fn found(method: Method, path: &str) -> String {
        found_in(method, path, false)
    }

    fn found_in(method: Method, path: &str, ignore_trailing_slash: bool) -> String {
        match find(&routes(), &method, path, ignore_trailing_slash) {
            Lookup::Route(i, params) => format!("{} {params:?}", routes()[i].endpoint.id),
            Lookup::WrongMethod(methods) => format!("405 {methods:?}"),
            Lookup::NotFound => "404".to_owned(),
        }
    }

    #[test]
    fn routes_by_method_and_segments() {
        assert_eq!(
            found(Method::GET, "/api/reviews/7"),
            r#"R.get [("id", "7")]"#
        );
        assert_eq!(found(Method::GET, "/api/reviews/count"), "R.count []");
        assert_eq!(
            found(Method::DELETE, "/api/reviews/7"),
            r#"R.delete [("id", "7")]"#
        );
        assert_eq!(
            found(Method::PUT, "/api/reviews/7"),
            r#"405 ["GET", "DELETE"]"#
        );
        assert_eq!(
            found(Method::GET, "/api/p/a%2Fb/r/%C3%A9"),
            r#"R.nested [("a", "a/b"), ("b", "é")]"#
        );
        assert_eq!(found(Method::GET, "/api/reviews/"), "404");
        assert_eq!(found(Method::GET, "/api/reviews/7/x"), "404");
        assert_eq!(found(Method::GET, "/api/p//r/1"), "404");
        assert_eq!(found(Method::GET, "/api/reviews/%FF"), "404");
    }

    #[test]
    fn a_trailing_slash_is_ignored_only_when_asked_and_only_on_a_miss() {
        let lenient = |method: Method, path: &str| found_in(method, path, true);
        assert_eq!(found(Method::GET, "/api/reviews/count/"), "404");
        assert_eq!(lenient(Method::GET, "/api/reviews/count/"), "R.count []");
        assert_eq!(
            lenient(Method::GET, "/api/reviews/7/"),
            r#"R.get [("id", "7")]"#
        );
        assert_eq!(
            lenient(Method::PUT, "/api/reviews/7/"),
            r#"405 ["GET", "DELETE"]"#
        );
        assert_eq!(lenient(Method::GET, "/"), "404");
    }
}
