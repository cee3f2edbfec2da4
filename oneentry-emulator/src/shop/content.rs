//! Pages, blocks and templates as the API answers them (`docs/wire-shop.md#pages`,
//! `#blocks`).

use serde_json::{Map, Value, json};

use super::{BlockFixture, PageFixture, Shop, ShopProductFixture, TemplateFixture, matches_words};

impl Shop {
    pub(crate) fn page(&self, url: &str) -> Option<&PageFixture> {
        self.fixture.pages.iter().find(|p| p.page_url == url)
    }

    pub(crate) fn page_by_id(&self, id: i64) -> Option<&PageFixture> {
        self.fixture.pages.iter().find(|p| p.id == id)
    }

    pub(crate) fn block(&self, marker: &str) -> Option<&BlockFixture> {
        self.fixture.blocks.iter().find(|b| b.identifier == marker)
    }

    pub(crate) fn template(&self, marker: &str) -> Option<&TemplateFixture> {
        self.fixture
            .templates
            .iter()
            .find(|t| t.identifier == marker)
    }

    /// The pages whose parent is `url` (`None`: the top-level pages).
    pub(crate) fn children(&self, url: Option<&str>) -> Vec<&PageFixture> {
        self.fixture
            .pages
            .iter()
            .filter(|p| p.parent.as_deref() == url)
            .collect()
    }

    fn depth(&self, page: &PageFixture) -> i64 {
        let mut depth = 0;
        let mut parent = page.parent.as_deref();
        while let Some(url) = parent {
            depth += 1;
            parent = self.page(url).and_then(|p| p.parent.as_deref());
            if depth > 64 {
                break;
            }
        }
        depth
    }

    /// A page as the API answers it, texts in `language`.
    pub(crate) fn page_json(&self, p: &PageFixture, language: &str) -> Value {
        let parent = p.parent.as_deref().and_then(|url| self.page(url));
        let html = p
            .html
            .as_ref()
            .map(|h| self.plain(h, language))
            .unwrap_or_default();
        let plain = strip_tags(&html);
        let config: Map<String, Value> = p
            .config
            .iter()
            .flatten()
            .filter(|(_, v)| v.is_number())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let category_path = match parent {
            Some(parent) => format!("{}/{}", parent.page_url, p.page_url),
            None => p.page_url.clone(),
        };
        json!({
            "id": p.id,
            "parentId": parent.map(|parent| parent.id),
            "pageUrl": p.page_url,
            "depth": self.depth(p),
            "localizeInfos": {
                "title": self.text(&p.title, language),
                "menuTitle": self.text(p.menu_title.as_ref().unwrap_or(&p.title), language),
                "htmlContent": html,
                "plainContent": plain,
            },
            "isVisible": true,
            "type": p.kind,
            "templateIdentifier": p.template,
            "attributeSetIdentifier": "page",
            "attributeValues": {},
            "moduleFormConfigs": [],
            "isSync": true,
            "position": p.position,
            "config": config,
            "products": self.on_page(&p.page_url, false).len(),
            "childrenCount": self.children(Some(&p.page_url)).len().to_string(),
            "categoryPath": category_path,
            "blocks": p.blocks,
        })
    }

    /// `{rowsPerPage, productsPerRow}` of a page, `null` where unset.
    pub(crate) fn page_config(&self, p: &PageFixture) -> Value {
        let get = |key: &str| {
            p.config
                .as_ref()
                .and_then(|c| c.get(key))
                .cloned()
                .unwrap_or(Value::Null)
        };
        json!({"rowsPerPage": get("rowsPerPage"), "productsPerRow": get("productsPerRow")})
    }

    /// Pages whose title in `language` contains `words`, below `url` when given.
    pub(crate) fn search_pages(&self, words: &str, url: Option<&str>, language: &str) -> Value {
        let hits: Vec<Value> = self
            .fixture
            .pages
            .iter()
            .filter(|p| url.is_none_or(|url| p.parent.as_deref() == Some(url)))
            .filter(|p| matches_words(&self.plain(&p.title, language), words))
            .map(|p| json!({"id": p.id, "title": self.plain(&p.title, language)}))
            .collect();
        Value::Array(hits)
    }

    /// A block as the API answers it, texts in `language`.
    pub(crate) fn block_json(&self, b: &BlockFixture, language: &str) -> Value {
        let product_config = b
            .product_config
            .clone()
            .unwrap_or_else(|| json!({"quantity": 0, "countElementsPerRow": 0}));
        json!({
            "id": b.id,
            "attributeSetIdentifier": null,
            "localizeInfos": {"title": self.text(&b.title, language)},
            "version": 0,
            "position": b.position,
            "identifier": b.identifier,
            "type": b.kind,
            "templateIdentifier": null,
            "isVisible": true,
            "isSync": true,
            "attributeValues": self.attribute_values(&b.attributes, language),
            "customSettings": {
                "sliderDelay": null,
                "sliderDelayType": null,
                "productConfig": product_config,
                "similarProductRules": b.similar_rule.iter().collect::<Vec<_>>(),
                "condition": {},
                "frequentlyOrderedConfig": b.frequently_ordered.as_ref().map(|_| json!({"enabled": true})),
            },
            "productPageUrls": [],
        })
    }

    /// Blocks of `kind` (all for an empty one) whose title contains `words` (all for none).
    pub(crate) fn blocks_of(&self, kind: &str) -> Vec<&BlockFixture> {
        self.fixture
            .blocks
            .iter()
            .filter(|b| kind.is_empty() || b.kind == kind)
            .collect()
    }

    /// Blocks whose title in `language` contains `words`: `[{id, identifier, name}]`.
    pub(crate) fn search_blocks(&self, words: &str, language: &str) -> Value {
        let hits: Vec<Value> = self
            .fixture
            .blocks
            .iter()
            .filter(|b| matches_words(&self.plain(&b.title, language), words))
            .map(|b| json!({"id": b.id, "identifier": b.identifier, "name": self.plain(&b.title, language)}))
            .collect();
        Value::Array(hits)
    }

    /// The products a block shows: a product block's list; for a similar-products block,
    /// the products sharing a value of the rule's attribute with some product showing the
    /// block.
    pub(crate) fn block_products(&self, b: &BlockFixture) -> Vec<&ShopProductFixture> {
        if !b.products.is_empty() {
            return b
                .products
                .iter()
                .filter_map(|id| self.product(*id))
                .collect();
        }
        let Some(property) = b
            .similar_rule
            .as_ref()
            .and_then(|rule| rule.get("property"))
            .and_then(Value::as_str)
        else {
            return Vec::new();
        };
        let value_of = |p: &ShopProductFixture| {
            p.attributes
                .get(property)
                .and_then(|a| a.get("value"))
                .map(|v| self.text(v, "en_US"))
        };
        let shown: Vec<Value> = self
            .fixture
            .products
            .iter()
            .filter(|p| p.blocks.contains(&b.identifier))
            .filter_map(value_of)
            .collect();
        self.fixture
            .products
            .iter()
            .filter(|p| value_of(p).is_some_and(|v| shown.contains(&v)))
            .collect()
    }

    /// The products a frequently-ordered block lists with the product `id`.
    pub(crate) fn frequently_ordered(&self, b: &BlockFixture, id: i64) -> Vec<&ShopProductFixture> {
        b.frequently_ordered
            .as_ref()
            .and_then(|map| map.get(&id.to_string()))
            .into_iter()
            .flatten()
            .filter_map(|id| self.product(*id))
            .collect()
    }

    /// A template as the API answers it.
    pub(crate) fn template_json(&self, t: &TemplateFixture) -> Value {
        json!({
            "id": t.id,
            "attributeSetIdentifier": null,
            "title": t.title,
            "generalTypeId": t.id,
            "identifier": t.identifier,
            "version": 0,
            "generalTypeName": t.general_type_name,
            "attributeValues": {},
            "position": t.id,
        })
    }
}

/// `html` without its tags: a page's `plainContent`.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
