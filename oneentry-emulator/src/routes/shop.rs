//! What the shop handlers share: answers built as JSON decoded into the generated types,
//! the product lists' query, and the 404 of an unknown entity.

use oneentry_client::mock::MockError;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::Page;
use crate::shop::catalog::{Filter, ProductQuery};
use crate::shop::{PageFixture, Shop, ShopProductFixture};

/// `value` as the generated response type `T`. A shape the spec does not accept is a bug of
/// the emulator: a 500 naming the JSON path.
pub(crate) fn decode<T: DeserializeOwned>(value: Value) -> Result<T, MockError> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        MockError::internal(format!(
            "the emulator built an answer the spec does not accept, at `{}`: {}",
            err.path(),
            err.inner()
        ))
    })
}

/// A generated value (a filter, an enum) as plain JSON.
pub(crate) fn json_of<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// A generated enum value as its wire string.
pub(crate) fn wire<T: Serialize>(value: Option<&T>) -> Option<String> {
    value.and_then(|v| json_of(v).as_str().map(str::to_owned))
}

/// The product filters of a request body (generated `ProductFilter`s).
pub(crate) fn filters<T: Serialize>(filters: &[T]) -> Vec<Filter> {
    filters
        .iter()
        .filter_map(|f| serde_json::from_value(json_of(f)).ok())
        .collect()
}

/// A 404 for `what` that does not exist.
pub(crate) fn not_found(what: impl std::fmt::Display) -> MockError {
    MockError::not_found(format!("{what} not found"))
}

/// The page with `id`, or the 404 that names it.
pub(crate) fn page_by_id(shop: &Shop, id: i64) -> Result<&PageFixture, MockError> {
    shop.page_by_id(id)
        .ok_or_else(|| not_found(format_args!("Page {id}")))
}

/// The page at `url`, or the 404 that names it.
pub(crate) fn page_by_url<'s>(shop: &'s Shop, url: &str) -> Result<&'s PageFixture, MockError> {
    shop.page(url)
        .ok_or_else(|| not_found(format_args!("Page `{url}`")))
}

/// The product with `id`, or the 404 that names it.
pub(crate) fn product_by_id(shop: &Shop, id: i64) -> Result<&ShopProductFixture, MockError> {
    shop.product(id)
        .ok_or_else(|| not_found(format_args!("Product {id}")))
}

/// The page of an optional `offset` and `limit` (the API's defaults: 0 and 30).
pub(crate) fn page_of(offset: Option<i64>, limit: Option<i64>) -> Result<Page, MockError> {
    Page::new(offset.unwrap_or(0), limit.unwrap_or(30))
}

impl ProductQuery {
    /// The query of a product list from its generated request's fields.
    pub(crate) fn of<S: Serialize, K: Serialize, C: Serialize>(
        page: Page,
        sort_order: Option<&S>,
        sort_key: Option<&K>,
        status_marker: Option<&String>,
        template_marker: Option<&String>,
        condition: (Option<&String>, Option<&C>, Option<&String>),
    ) -> Self {
        let (attribute_marker, condition_marker, condition_value) = condition;
        let condition = attribute_marker.map(|marker| Filter {
            attribute_marker: Some(marker.clone()),
            condition_marker: wire(condition_marker),
            condition_value: condition_value.map(|v| Value::String(v.clone())),
            ..Filter::default()
        });
        Self {
            sort_key: wire(sort_key),
            sort_order: wire(sort_order),
            status_marker: status_marker.cloned(),
            template_marker: template_marker.cloned(),
            condition,
            offset: page.offset,
            limit: page.limit,
        }
    }
}

/// The [`ProductQuery`] of a generated product-list request, whose `offset` and `limit` are
/// given as a [`Page`].
macro_rules! product_query {
    ($request:expr, $page:expr) => {
        $crate::shop::catalog::ProductQuery::of(
            $page,
            $request.sort_order.as_ref(),
            $request.sort_key.as_ref(),
            $request.status_marker.as_ref(),
            $request.template_marker.as_ref(),
            (
                $request.attribute_marker.as_ref(),
                $request.condition_marker.as_ref(),
                $request.condition_value.as_ref(),
            ),
        )
    };
}
pub(crate) use product_query;
