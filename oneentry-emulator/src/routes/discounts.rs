//! `Discounts`: discounts, coupons and the user's bonus account
//! (docs/wire-shop.md#discounts).

use oneentry_client::api::discounts::ops;
use serde_json::{Value, json};

use super::shop::{decode, not_found, wire};
use super::{Answer, Call, Page, Routes};

pub(super) fn register(routes: &Routes<'_>) {
    routes.on(ops::GetAllDiscounts, list);
    routes.on(
        ops::GetDiscountByMarker,
        |call, request: ops::GetDiscountByMarkerRequest| {
            let shop = &call.state.shop;
            let discount = shop
                .discount(&request.marker)
                .ok_or_else(|| not_found(format_args!("Discount `{}`", request.marker)))?;
            decode(shop.discount_json(discount, call.language()))
        },
    );
    routes.on(
        ops::ValidateDiscountsCoupon,
        |call, request: ops::ValidateDiscountsCouponRequest| {
            decode(call.state.shop.validate_coupon(&request.code))
        },
    );
    routes.on(
        ops::GetBonusBalance,
        |call, _: ops::GetBonusBalanceRequest| decode(call.state.shop.bonus_balance(call.user()?)),
    );
    routes.on(ops::GetBonusHistory, history);
}

/// GET ?langCode=&offset=&limit=&type=: `{items, total}` of the discounts of `type`.
fn list(call: &Call<'_>, request: ops::GetAllDiscountsRequest) -> Answer<ops::GetAllDiscounts> {
    let shop = &call.state.shop;
    let page = Page::new(request.offset, request.limit)?;
    let kind = wire(request.r#type.as_ref());
    let matching: Vec<_> = shop
        .fixture
        .discounts
        .iter()
        .filter(|d| kind.as_deref().is_none_or(|k| d.kind == k))
        .collect();
    let total = matching.len();
    let items: Vec<Value> = page
        .of(matching.into_iter())
        .map(|d| shop.discount_json(d, call.language()))
        .collect();
    decode(json!({"items": items, "total": total}))
}

/// GET /bonus-balance/history: the user's transactions passing the query's filters.
fn history(call: &Call<'_>, request: ops::GetBonusHistoryRequest) -> Answer<ops::GetBonusHistory> {
    let user = call.user()?;
    let kind = wire(request.r#type.as_ref());
    let text = |h: &serde_json::Map<String, Value>, key: &str| {
        h.get(key).and_then(Value::as_str).map(str::to_owned)
    };
    let list = call.state.shop.bonus_history(user, |h| {
        let created = text(h, "createdAt").unwrap_or_default();
        kind.as_deref()
            .is_none_or(|k| text(h, "type").as_deref() == Some(k))
            && request
                .date_from
                .as_deref()
                .is_none_or(|from| created.as_str() >= from)
            && request
                .date_to
                .as_deref()
                .is_none_or(|to| created.get(..to.len()).unwrap_or(&created) <= to)
            && request
                .discount_id
                .is_none_or(|id| h.get("discountId").and_then(Value::as_i64) == Some(id))
            && request
                .module_id
                .is_none_or(|id| h.get("moduleId").and_then(Value::as_i64) == Some(id))
            && request
                .is_admin
                .is_none_or(|admin| h.get("isAdmin").and_then(Value::as_bool) == Some(admin))
    });
    decode(list)
}
