//! Discounts, coupons and bonus accounts (`docs/wire-shop.md#discounts`).

use serde_json::{Map, Value, json};

use super::{BonusFixture, DiscountFixture, Shop};

impl Shop {
    pub(crate) fn discount(&self, marker: &str) -> Option<&DiscountFixture> {
        self.fixture
            .discounts
            .iter()
            .find(|d| d.identifier == marker)
    }

    /// A discount as the API answers it, texts in `language`.
    pub(crate) fn discount_json(&self, d: &DiscountFixture, language: &str) -> Value {
        json!({
            "id": d.id,
            "attributeSetId": null,
            "localizeInfos": {"title": self.text(&d.title, language)},
            "version": 0,
            "identifier": d.identifier,
            "type": d.kind,
            "startDate": d.start_date,
            "endDate": d.end_date,
            "discountValue": d.discount_value,
            "conditionLogic": d.condition_logic,
            "conditions": d.conditions,
            "exclusions": null,
            "gifts": null,
            "giftsReplaceCartItems": false,
            "userGroups": null,
            "userExclusions": null,
            "attributeValues": {},
            "attributeSetIdentifier": null,
            "bonusEvent": d.bonus_event,
            "position": d.position,
        })
    }

    /// `{valid, coupon?, error?}` for a coupon code: unknown codes and used single-use
    /// coupons are not valid.
    pub(crate) fn validate_coupon(&self, code: &str) -> Value {
        let found = self
            .fixture
            .discounts
            .iter()
            .find_map(|d| d.coupons.iter().find(|c| c.code == code).map(|c| (d.id, c)));
        let Some((discount_id, c)) = found else {
            return json!({"valid": false, "error": "Coupon not found"});
        };
        let coupon = json!({
            "id": c.id, "discountId": discount_id, "code": c.code, "isReusable": c.is_reusable,
            "isUsed": c.is_used, "orderId": c.order_id, "usedAt": c.used_at,
        });
        if c.is_used && !c.is_reusable {
            json!({"valid": false, "coupon": coupon, "error": "Coupon already used"})
        } else {
            json!({"valid": true, "coupon": coupon})
        }
    }

    /// The bonus account of `user`; a user without one has an empty account.
    fn bonus(&self, user: &str) -> BonusFixture {
        self.fixture
            .bonus
            .get(user)
            .cloned()
            .unwrap_or(BonusFixture {
                balance_id: 0,
                history: Vec::new(),
            })
    }

    /// `{balance}`: accruals minus every other transaction.
    pub(crate) fn bonus_balance(&self, user: &str) -> Value {
        let balance: f64 = self
            .bonus(user)
            .history
            .iter()
            .map(|h| {
                let amount = h
                    .get("amount")
                    .and_then(super::catalog::number)
                    .unwrap_or(0.0);
                if h.get("type").and_then(Value::as_str) == Some("ACCRUAL") {
                    amount
                } else {
                    -amount
                }
            })
            .sum();
        json!({"balance": balance})
    }

    /// The transactions of `user` that pass `keep`, each with its `balanceId`.
    pub(crate) fn bonus_history(
        &self,
        user: &str,
        keep: impl Fn(&Map<String, Value>) -> bool,
    ) -> Value {
        let account = self.bonus(user);
        let list: Vec<Value> = account
            .history
            .into_iter()
            .filter(|h| keep(h))
            .map(|mut h| {
                h.insert("balanceId".to_owned(), json!(account.balance_id));
                Value::Object(h)
            })
            .collect();
        Value::Array(list)
    }
}
