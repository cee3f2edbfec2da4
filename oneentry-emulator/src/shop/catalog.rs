//! The catalog: products as the API answers them, filters, sorting, paging and counts
//! (`docs/wire-shop.md#products`).

use std::cmp::Ordering;

use serde::Deserialize;
use serde_json::{Value, json};

use super::{Shop, ShopProductFixture, matches_words};

/// One condition of a product filter, as the client sends it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Filter {
    pub(crate) attribute_marker: Option<String>,
    pub(crate) condition_marker: Option<String>,
    pub(crate) condition_value: Option<Value>,
    pub(crate) page_url: Option<String>,
    pub(crate) page_urls: Option<Vec<String>>,
    pub(crate) status_marker: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) is_nested: Option<bool>,
}

/// The query of a product list: sorting, the query's own condition, paging.
#[derive(Debug, Clone, Default)]
pub(crate) struct ProductQuery {
    pub(crate) sort_key: Option<String>,
    pub(crate) sort_order: Option<String>,
    pub(crate) status_marker: Option<String>,
    pub(crate) template_marker: Option<String>,
    /// `attributeMarker`, `conditionMarker` and `conditionValue` of the query: one more
    /// filter.
    pub(crate) condition: Option<Filter>,
    pub(crate) offset: usize,
    pub(crate) limit: usize,
}

/// The template every product of the fixture has.
const PRODUCT_TEMPLATE: &str = "product_template";

/// A JSON number or decimal string as a number.
pub(crate) fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

impl Shop {
    pub(crate) fn product(&self, id: i64) -> Option<&ShopProductFixture> {
        self.fixture.products.iter().find(|p| p.id == id)
    }

    fn page_id(&self, url: &str) -> Option<i64> {
        self.page(url).map(|p| p.id)
    }

    /// A product as the API answers it, texts in `language`. The price is a JSON number,
    /// which the official SDK's strict mode needs (`docs/wire-shop.md#prices`).
    pub(crate) fn product_json(&self, p: &ShopProductFixture, language: &str) -> Value {
        let price = number(&p.price);
        let status_title = self
            .fixture
            .product_statuses
            .iter()
            .find(|s| s.identifier == p.status)
            .map(|s| self.text(&s.title, language))
            .unwrap_or(Value::Null);
        let pages: Vec<Value> = (0_i64..)
            .zip(&p.pages)
            .map(|(index, url)| {
                json!({
                    "id": p.id.saturating_mul(10).saturating_add(index),
                    "pageId": self.page_id(url),
                    "productId": p.id,
                    "positionId": p.position,
                    "categoryPath": format!("catalog/{url}"),
                })
            })
            .collect();
        json!({
            "id": p.id,
            "localizeInfos": {"title": self.text(&p.title, language)},
            "statusIdentifier": p.status,
            "statusLocalizeInfos": {"title": status_title},
            "attributeSetIdentifier": "product",
            "position": p.position,
            "price": price,
            "additional": {"prices": {"min": price, "max": price}},
            "sku": p.sku,
            "isSync": true,
            "attributeValues": self.attribute_values(&p.attributes, language),
            "categories": p.pages.iter().map(|url| format!("catalog/{url}")).collect::<Vec<_>>(),
            "isVisible": true,
            "moduleFormConfigs": [],
            "rating": {"value": 0, "like": 0, "dislike": 0, "method": "average"},
            "templateIdentifier": PRODUCT_TEMPLATE,
            "shortDescTemplateIdentifier": null,
            "productPages": pages,
            "blocks": p.blocks,
            "isPositionLocked": false,
            "relatedIds": p.related_ids,
            "paymentStages": null,
            "discountConfig": {},
        })
    }

    /// The products on the page of `url`, and with `nested` on its child pages too.
    pub(crate) fn on_page(&self, url: &str, nested: bool) -> Vec<&ShopProductFixture> {
        let urls = self.page_urls(url, nested);
        self.fixture
            .products
            .iter()
            .filter(|p| p.pages.iter().any(|u| urls.contains(u)))
            .collect()
    }

    /// `url` and, with `nested`, the urls of the pages below it.
    fn page_urls(&self, url: &str, nested: bool) -> Vec<String> {
        let mut urls = vec![url.to_owned()];
        let mut index = 0;
        while nested && index < urls.len() {
            let parent = urls[index].clone();
            urls.extend(
                self.fixture
                    .pages
                    .iter()
                    .filter(|p| p.parent.as_deref() == Some(parent.as_str()))
                    .map(|p| p.page_url.clone()),
            );
            index += 1;
        }
        urls
    }

    /// Whether `p` passes every filter.
    pub(crate) fn passes(&self, p: &ShopProductFixture, filters: &[Filter]) -> bool {
        filters.iter().all(|f| self.passes_one(p, f))
    }

    fn passes_one(&self, p: &ShopProductFixture, f: &Filter) -> bool {
        if f.status_marker.as_deref().is_some_and(|s| s != p.status) {
            return false;
        }
        let urls: Vec<&String> = f
            .page_url
            .iter()
            .chain(f.page_urls.iter().flatten())
            .collect();
        if !urls.is_empty() {
            let nested = f.is_nested.unwrap_or(false);
            let all: Vec<String> = urls
                .into_iter()
                .flat_map(|url| self.page_urls(url, nested))
                .collect();
            if !p.pages.iter().any(|u| all.contains(u)) {
                return false;
            }
        }
        if let Some(words) = f.title.as_deref().filter(|t| !t.is_empty()) {
            let any = self
                .fixture
                .languages
                .iter()
                .any(|l| matches_words(&self.plain(&p.title, l), words));
            if !any {
                return false;
            }
        }
        let (Some(marker), Some(condition)) = (
            f.attribute_marker.as_deref().filter(|m| !m.is_empty()),
            f.condition_marker.as_deref(),
        ) else {
            return true;
        };
        let value = if marker == "price" {
            Some(p.price.clone())
        } else {
            p.attributes
                .get(marker)
                .and_then(|a| a.get("value"))
                .map(|v| self.text(v, "en_US"))
        };
        compare(value.as_ref(), condition, f.condition_value.as_ref())
    }

    /// `products` filtered, sorted and cut to one page: `{items, total}` in `language`.
    pub(crate) fn product_page<'a>(
        &self,
        products: impl IntoIterator<Item = &'a ShopProductFixture>,
        filters: &[Filter],
        query: &ProductQuery,
        language: &str,
    ) -> Value {
        let mut list: Vec<&ShopProductFixture> = products
            .into_iter()
            .filter(|p| self.passes(p, filters))
            .filter(|p| query.status_marker.as_deref().is_none_or(|s| s == p.status))
            .filter(|_| {
                query
                    .template_marker
                    .as_deref()
                    .is_none_or(|t| t == PRODUCT_TEMPLATE)
            })
            .filter(|p| {
                query
                    .condition
                    .as_ref()
                    .is_none_or(|c| self.passes_one(p, c))
            })
            .collect();
        self.sort(&mut list, query, language);
        let total = list.len();
        let items: Vec<Value> = list
            .into_iter()
            .skip(query.offset)
            .take(query.limit)
            .map(|p| self.product_json(p, language))
            .collect();
        json!({"items": items, "total": total})
    }

    fn sort(&self, list: &mut [&ShopProductFixture], query: &ProductQuery, language: &str) {
        let key = query.sort_key.as_deref().unwrap_or("position");
        list.sort_by(|a, b| {
            let order = match key {
                "id" => a.id.cmp(&b.id),
                "title" => self
                    .plain(&a.title, language)
                    .cmp(&self.plain(&b.title, language)),
                "price" => number(&a.price)
                    .partial_cmp(&number(&b.price))
                    .unwrap_or(Ordering::Equal),
                _ => a.position.cmp(&b.position),
            };
            if query.sort_order.as_deref() == Some("DESC") {
                order.reverse()
            } else {
                order
            }
        });
    }

    /// `{totalAll, totalInCategory, totalInCategoryWithNested}` of `filters`, on the page of
    /// `url` (the whole catalog without one).
    pub(crate) fn counts(&self, url: Option<&str>, filters: &[Filter]) -> Value {
        let all = self.fixture.products.iter();
        let count = |products: Vec<&ShopProductFixture>| {
            products
                .into_iter()
                .filter(|p| self.passes(p, filters))
                .count()
        };
        let total_all = count(all.collect());
        let (in_category, nested) = match url {
            Some(url) => (
                count(self.on_page(url, false)),
                count(self.on_page(url, true)),
            ),
            None => (total_all, total_all),
        };
        json!({
            "totalAll": total_all,
            "totalInCategory": in_category,
            "totalInCategoryWithNested": nested,
        })
    }

    /// Products whose title in `language` contains `words`: `[{id, title}]`.
    pub(crate) fn search_products(&self, words: &str, language: &str) -> Value {
        let hits: Vec<Value> = self
            .fixture
            .products
            .iter()
            .filter(|p| matches_words(&self.plain(&p.title, language), words))
            .map(|p| json!({"id": p.id, "title": self.plain(&p.title, language)}))
            .collect();
        Value::Array(hits)
    }
}

/// Whether `value` satisfies `condition` against `expected` (`docs/wire-shop.md#products`).
fn compare(value: Option<&Value>, condition: &str, expected: Option<&Value>) -> bool {
    let present = value.is_some_and(|v| !v.is_null());
    let text = |v: &Value| match v {
        Value::String(s) => s.to_lowercase(),
        other => other.to_string().to_lowercase(),
    };
    let equal = |a: &Value, b: &Value| match (number(a), number(b)) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        _ => text(a) == text(b),
    };
    let ordered = |want: Ordering| match (value.and_then(number), expected.and_then(number)) {
        (Some(x), Some(y)) => x.partial_cmp(&y) == Some(want),
        _ => false,
    };
    let contained = || match (value, expected) {
        (Some(v), Some(Value::Array(options))) => options.iter().any(|o| equal(v, o)),
        (Some(v), Some(e)) => equal(v, e) || text(v).contains(&text(e)),
        _ => false,
    };
    match condition {
        "exs" => present,
        "nexs" => !present,
        "eq" => value.zip(expected).is_some_and(|(v, e)| equal(v, e)),
        "neq" => !value.zip(expected).is_some_and(|(v, e)| equal(v, e)),
        "mth" => ordered(Ordering::Greater),
        "lth" => ordered(Ordering::Less),
        "in" => contained(),
        "nin" => !contained(),
        _ => true,
    }
}
