//! The shop part of a project: catalog, pages, blocks, forms, discounts, bonuses and user
//! profiles (`docs/wire-shop.md`), as a fixture describes them (`FIXTURES.md#shop`), and
//! the answers built from them.
//!
//! Answers are built as JSON in the API's shape, with every text in the request's language;
//! the routes decode them into the generated response types, so a shape the spec does not
//! accept is a 500 naming the field rather than a silently different answer.

pub(crate) mod catalog;
pub(crate) mod content;
pub(crate) mod discounts;
pub(crate) mod forms;
pub(crate) mod profile;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::fixture::FixtureError;

/// The shop of the demo project: the file `fixtures/shop.json` of this crate.
pub const DEMO_SHOP_JSON: &str = include_str!("../../fixtures/shop.json");

/// The shop part of a fixture (`FIXTURES.md#shop`): catalog, pages, blocks, forms,
/// discounts, bonuses and profiles, as JSON. Its content is read through the endpoints.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ShopFixture(pub(crate) ShopData);

/// The content of a [`ShopFixture`]. Texts are either plain or keyed by language
/// (`{"en_US": "Mug", "de_DE": "Becher"}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ShopData {
    /// What the file is; ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    /// The project's languages; the first is the fallback of a text without the asked one.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Product statuses (`{identifier, title}`).
    #[serde(default)]
    pub product_statuses: Vec<ProductStatusFixture>,
    /// Templates of pages and products.
    #[serde(default)]
    pub templates: Vec<TemplateFixture>,
    /// The catalog.
    #[serde(default)]
    pub products: Vec<ShopProductFixture>,
    /// Pages, parents before children.
    #[serde(default)]
    pub pages: Vec<PageFixture>,
    /// Content blocks.
    #[serde(default)]
    pub blocks: Vec<BlockFixture>,
    /// Forms.
    #[serde(default)]
    pub forms: Vec<FormFixture>,
    /// Submitted form entries present at start.
    #[serde(default)]
    pub form_data: Vec<FormDataFixture>,
    /// Discounts with their coupons.
    #[serde(default)]
    pub discounts: Vec<DiscountFixture>,
    /// Bonus accounts by user e-mail.
    #[serde(default)]
    pub bonus: BTreeMap<String, BonusFixture>,
    /// Profiles by user e-mail; a user without one gets an empty profile.
    #[serde(default)]
    pub user_profiles: BTreeMap<String, ProfileFixture>,
}

/// A product status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ProductStatusFixture {
    pub identifier: String,
    pub title: Value,
}

/// A template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct TemplateFixture {
    pub id: i64,
    pub identifier: String,
    pub title: String,
    pub general_type_name: String,
}

/// A product of the catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ShopProductFixture {
    pub id: i64,
    #[serde(default)]
    pub sku: Option<String>,
    /// A JSON number or a decimal string (`"120.00"`).
    pub price: Value,
    /// Identifier of a product status.
    pub status: String,
    pub position: i64,
    /// Urls of the catalog pages the product is on.
    #[serde(default)]
    pub pages: Vec<String>,
    #[serde(default)]
    pub related_ids: Vec<i64>,
    /// Identifiers of the blocks shown with the product.
    #[serde(default)]
    pub blocks: Vec<String>,
    pub title: Value,
    /// Attribute values by marker: `{type, value}`.
    #[serde(default)]
    pub attributes: Map<String, Value>,
}

/// A page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct PageFixture {
    pub id: i64,
    pub page_url: String,
    /// Url of the parent page.
    #[serde(default)]
    pub parent: Option<String>,
    /// A block type such as `catalog_page`.
    #[serde(rename = "type")]
    pub kind: String,
    pub position: i64,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub blocks: Vec<String>,
    #[serde(default)]
    pub forms: Vec<String>,
    #[serde(default)]
    pub config: Option<Map<String, Value>>,
    pub title: Value,
    #[serde(default)]
    pub menu_title: Option<Value>,
    #[serde(default)]
    pub html: Option<Value>,
}

/// A content block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct BlockFixture {
    pub id: i64,
    pub identifier: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub position: i64,
    pub title: Value,
    #[serde(default)]
    pub attributes: Map<String, Value>,
    #[serde(default)]
    pub product_config: Option<Value>,
    /// Ids of a product block's products.
    #[serde(default)]
    pub products: Vec<i64>,
    /// A similar-products block's rule: `property` names the attribute whose value the
    /// products share.
    #[serde(default)]
    pub similar_rule: Option<Value>,
    /// A frequently-ordered block's products, by the id of the product they go with.
    #[serde(default)]
    pub frequently_ordered: Option<BTreeMap<String, Vec<i64>>>,
}

/// A form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct FormFixture {
    pub id: i64,
    pub identifier: String,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub processing_type: String,
    pub position: i64,
    pub module_form_config_id: i64,
    pub entity_identifier: String,
    pub title: Value,
    #[serde(default)]
    pub success_message: Option<Value>,
    pub attributes: Vec<FormAttributeFixture>,
}

/// A field of a form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct FormAttributeFixture {
    pub marker: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub position: i64,
    #[serde(default)]
    pub required: bool,
    pub title: Value,
}

/// A submitted form entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct FormDataFixture {
    pub id: i64,
    /// Identifier of the form.
    pub form: String,
    pub time: String,
    pub status: String,
    /// E-mail of the user who sent it.
    #[serde(default)]
    pub user: Option<String>,
    #[serde(default)]
    pub fingerprint: Option<String>,
    #[serde(default)]
    pub ip: Option<String>,
    #[serde(default)]
    pub entity_id: Option<i64>,
    /// The fields as sent: `[{marker, type, value}]`.
    pub form_data: Value,
}

/// A discount.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct DiscountFixture {
    pub id: i64,
    pub identifier: String,
    /// `DISCOUNT`, `BONUS` or `PERSONAL_DISCOUNT`.
    #[serde(rename = "type")]
    pub kind: String,
    pub position: i64,
    pub title: Value,
    #[serde(default)]
    pub start_date: Option<String>,
    #[serde(default)]
    pub end_date: Option<String>,
    pub discount_value: Value,
    #[serde(default)]
    pub condition_logic: Option<String>,
    #[serde(default)]
    pub conditions: Vec<Value>,
    #[serde(default)]
    pub bonus_event: Option<Value>,
    #[serde(default)]
    pub coupons: Vec<CouponFixture>,
}

/// A coupon of a discount.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CouponFixture {
    pub id: i64,
    pub code: String,
    pub is_reusable: bool,
    pub is_used: bool,
    #[serde(default)]
    pub order_id: Option<i64>,
    #[serde(default)]
    pub used_at: Option<String>,
}

/// A user's bonus account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct BonusFixture {
    pub balance_id: i64,
    /// Transactions (`{amount, type, ...}`); accruals add to the balance, the rest subtract.
    #[serde(default)]
    pub history: Vec<Map<String, Value>>,
}

/// A user's profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ProfileFixture {
    pub id: i64,
    pub form_identifier: String,
    #[serde(default)]
    pub groups: Vec<i64>,
    #[serde(default)]
    pub state: Map<String, Value>,
    /// `[{marker, type, value}]`.
    #[serde(default)]
    pub form_data: Vec<Value>,
    #[serde(default)]
    pub fcm_tokens: Vec<String>,
}

impl ShopFixture {
    /// The demo shop ([`DEMO_SHOP_JSON`]).
    pub fn demo() -> Result<Self, FixtureError> {
        Self::from_json_str(DEMO_SHOP_JSON)
    }

    /// Parses and checks a shop (the value of a fixture's `shop` key).
    pub fn from_json_str(json: &str) -> Result<Self, FixtureError> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let shop: Self = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
            FixtureError::Json {
                path: format!("shop.{}", err.path()),
                message: err.inner().to_string(),
            }
        })?;
        shop.0.validate()?;
        Ok(shop)
    }
}

impl ShopData {
    /// Checks that ids are unique and references point at something.
    pub(crate) fn validate(&self) -> Result<(), FixtureError> {
        unique("shop.products", self.products.iter().map(|p| p.id))?;
        unique("shop.pages", self.pages.iter().map(|p| p.id))?;
        unique("shop.blocks", self.blocks.iter().map(|b| b.id))?;
        unique("shop.forms", self.forms.iter().map(|f| f.id))?;
        unique("shop.formData", self.form_data.iter().map(|d| d.id))?;
        unique("shop.discounts", self.discounts.iter().map(|d| d.id))?;
        let urls: HashSet<&str> = self.pages.iter().map(|p| p.page_url.as_str()).collect();
        let blocks: HashSet<&str> = self.blocks.iter().map(|b| b.identifier.as_str()).collect();
        for (index, product) in self.products.iter().enumerate() {
            let at = format!("shop.products[{index}]");
            if !self
                .product_statuses
                .iter()
                .any(|s| s.identifier == product.status)
            {
                return Err(unknown(&at, "status", &product.status));
            }
            if catalog::number(&product.price).is_none() {
                return Err(FixtureError::invalid(
                    format!("{at}.price"),
                    "must be a number or a decimal string",
                ));
            }
            if let Some(url) = product.pages.iter().find(|u| !urls.contains(u.as_str())) {
                return Err(unknown(&at, "page", url));
            }
            if let Some(block) = product.blocks.iter().find(|b| !blocks.contains(b.as_str())) {
                return Err(unknown(&at, "block", block));
            }
        }
        for (index, page) in self.pages.iter().enumerate() {
            let at = format!("shop.pages[{index}]");
            if let Some(parent) = page.parent.as_deref().filter(|p| !urls.contains(p)) {
                return Err(unknown(&at, "parent page", parent));
            }
            if let Some(block) = page.blocks.iter().find(|b| !blocks.contains(b.as_str())) {
                return Err(unknown(&at, "block", block));
            }
        }
        for (index, entry) in self.form_data.iter().enumerate() {
            if !self.forms.iter().any(|f| f.identifier == entry.form) {
                return Err(unknown(
                    &format!("shop.formData[{index}]"),
                    "form",
                    &entry.form,
                ));
            }
        }
        Ok(())
    }
}

fn unique(at: &str, ids: impl Iterator<Item = i64>) -> Result<(), FixtureError> {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(FixtureError::invalid(at, format!("duplicate id {id}")));
        }
    }
    Ok(())
}

fn unknown(at: &str, what: &str, name: &str) -> FixtureError {
    FixtureError::invalid(at, format!("unknown {what} `{name}`"))
}

/// The shop as the routes read it: the fixture, and what changes while the server runs.
#[derive(Debug)]
pub(crate) struct Shop {
    pub(crate) fixture: ShopData,
    pub(crate) state: Mutex<ShopState>,
}

/// What clients change: submitted form entries, profiles and their push tokens.
#[derive(Debug)]
pub(crate) struct ShopState {
    pub(crate) form_data: Vec<FormDataFixture>,
    pub(crate) profiles: HashMap<String, ProfileFixture>,
}

impl Shop {
    pub(crate) fn new(fixture: ShopData) -> Self {
        let state = ShopState {
            form_data: fixture.form_data.clone(),
            profiles: fixture.user_profiles.clone().into_iter().collect(),
        };
        Self {
            fixture,
            state: Mutex::new(state),
        }
    }

    /// `value` in `language`: a language-keyed text gives that language's entry (the
    /// project's first language when it has none); anything else is itself.
    pub(crate) fn text(&self, value: &Value, language: &str) -> Value {
        match value {
            Value::Object(map) if self.is_language_map(map) => map
                .get(language)
                .or_else(|| self.fixture.languages.first().and_then(|l| map.get(l)))
                .cloned()
                .unwrap_or(Value::Null),
            other => other.clone(),
        }
    }

    /// `value` in `language` as a string (empty for a non-string).
    pub(crate) fn plain(&self, value: &Value, language: &str) -> String {
        match self.text(value, language) {
            Value::String(text) => text,
            Value::Null => String::new(),
            other => other.to_string(),
        }
    }

    fn is_language_map(&self, map: &Map<String, Value>) -> bool {
        !map.is_empty()
            && map
                .keys()
                .all(|key| self.fixture.languages.iter().any(|l| l == key))
    }

    /// `attributes` (`{marker: {type, value}}`) as the API's `attributeValues` in `language`.
    /// A `text` value travels as rich text; the fixture writes only its words.
    pub(crate) fn attribute_values(
        &self,
        attributes: &Map<String, Value>,
        language: &str,
    ) -> Value {
        let mut out = Map::new();
        for (position, (marker, attribute)) in (1_i64..).zip(attributes) {
            let kind = attribute.get("type").cloned().unwrap_or(Value::Null);
            let value = self.text(attribute.get("value").unwrap_or(&Value::Null), language);
            let value = if kind == "text" {
                let words = value.as_str().unwrap_or_default();
                serde_json::json!({
                    "htmlValue": format!("<p>{words}</p>"),
                    "plainValue": words,
                    "params": {"isEditorDisabled": false, "isImageCompressed": true},
                })
            } else {
                value
            };
            out.insert(
                marker.clone(),
                serde_json::json!({
                    "type": kind, "value": value, "position": position,
                    "isIcon": false, "isProductPreview": false, "additionalFields": [],
                }),
            );
        }
        Value::Object(out)
    }
}

/// Whether `text` contains `words`, ignoring case: the quick searches.
pub(crate) fn matches_words(text: &str, words: &str) -> bool {
    text.to_lowercase().contains(&words.trim().to_lowercase())
}
