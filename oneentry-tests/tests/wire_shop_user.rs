//! Users (6), FormsData (5) and Discounts (5) on the wire (docs/wire-shop.md#users,
//! #forms-data, #discounts): each request equals what the official SDK 1.0.149 sends for the
//! same arguments (tools/sdk-compat/record_shop.txt) but for the SDK bugs listed in
//! docs/wire-shop.md#sdk-differences, calls that need a user carry the bearer token, and a
//! realistic answer decodes into the spec's types.

mod shop_support;

use oneentry_client::api::{
    BonusTransactionType, BonusTriggerType, DiscountApplicability, DiscountType, FormDataFilter,
    FormDataRequest, FormDataStatusUpdate, FormDataUpdate, FormField, NotificationData, UserUpdate,
};
use oneentry_client::{Error, JsonValue, Patch};
use serde_json::json;
use shop_support::answers::{discount, form_fields};
use shop_support::{Recorder, sent};

fn fields(value: JsonValue) -> Vec<FormField> {
    serde_json::from_value(value).expect("form fields")
}

#[tokio::test]
async fn users() {
    let rec = Recorder::start().await;
    let client = rec.client(true);
    let users = client.users();

    let me = json!({
        "id": 12, "identifier": "your-user@email.com", "authProviderIdentifier": "email",
        "formData": {"de_DE": [{"marker": "name", "type": "string", "value": "Christina"}]},
        "formIdentifier": "reg", "total": "1", "groups": [1], "state": {"newsletter": true},
        "rating": {"value": 0}
    });
    let (seen, me) = rec.call(me, users.get_user().lang_code("de_DE")).await;
    sent(&seen, "GET /api/content/users/me?langCode=de_DE", None);
    assert!(seen.bearer);
    assert_eq!(me.form_data[0].value, json!("Christina"));
    assert_eq!(me.total.as_text(), Some("1"));
    assert_eq!(me.state["newsletter"], json!(true));

    let mut update = UserUpdate::new("reg");
    update.form_data = Some(fields(
        json!([{"marker": "name", "type": "string", "value": "New Name"}]),
    ));
    update.notification_data = Patch::Value(NotificationData::new("your-user@email.com", vec![]));
    update.state = Patch::Value(
        [("newsletter".to_owned(), json!(false))]
            .into_iter()
            .collect(),
    );
    let (seen, updated) = rec.call(json!(true), users.update_user(update)).await;
    sent(
        &seen,
        "PUT /api/content/users/me",
        Some(
            r#"{"formIdentifier":"reg","formData":{"en_US":[{"marker":"name","type":"string","value":"New Name"}]},"notificationData":{"email":"your-user@email.com","phonePush":[]},"state":{"newsletter":false},"langCode":"en_US"}"#,
        ),
    );
    assert!(updated);

    // The call's language keys `formData` and goes last (the SDK keys `formData` by its
    // argument's language even when the body names another).
    let mut update = UserUpdate::new("reg");
    update.form_data = Some(fields(
        json!([{"marker": "name", "type": "string", "value": "Neu"}]),
    ));
    update.state = Patch::Null;
    let (seen, _) = rec
        .call(json!(true), users.update_user(update).lang_code("de_DE"))
        .await;
    sent(
        &seen,
        "PUT /api/content/users/me",
        Some(
            r#"{"formIdentifier":"reg","formData":{"de_DE":[{"marker":"name","type":"string","value":"Neu"}]},"state":null,"langCode":"de_DE"}"#,
        ),
    );

    // The answers of these are not known (docs/wire-shop.md#users): any JSON, `{}` included.
    let (seen, answer) = rec.call(json!({}), users.archive_user()).await;
    sent(&seen, "DELETE /api/content/users/me", None);
    assert_eq!(answer, json!({}));
    let (seen, answer) = rec.call(json!(true), users.delete_user()).await;
    sent(&seen, "DELETE /api/content/users/me/account", None);
    assert_eq!(answer, json!(true));

    // A POST without a body. The SDK sends `:` as it is; the client encodes it (the same
    // segment to a server) and, unlike the SDK, a `/` too.
    let token = "cQ3vN1x:APA91bF-demo_token";
    let (seen, _) = rec.call(json!(true), users.add_fcm_token(token)).await;
    sent(
        &seen,
        "POST /api/content/users/me/fcm-token/cQ3vN1x%3AAPA91bF-demo_token",
        None,
    );
    assert!(seen.bearer);
    let (seen, _) = rec.call(json!(true), users.delete_fcm_token(token)).await;
    sent(
        &seen,
        "DELETE /api/content/users/me/fcm-token/cQ3vN1x%3AAPA91bF-demo_token",
        None,
    );
    let (seen, _) = rec.call(json!(true), users.add_fcm_token("abc/def")).await;
    sent(
        &seen,
        "POST /api/content/users/me/fcm-token/abc%2Fdef",
        None,
    );
}

#[tokio::test]
async fn user_calls_need_a_session() {
    let rec = Recorder::start().await;
    let client = rec.client(false);
    let result = client.users().get_user().await;
    assert!(
        matches!(result, Err(Error::NotSignedIn { .. })),
        "{result:?}"
    );
    let result = client.discounts().get_bonus_balance().await;
    assert!(
        matches!(result, Err(Error::NotSignedIn { .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn forms_data() {
    let rec = Recorder::start().await;
    let public = rec.client(false);
    let signed_in = rec.client(true);

    // The SDK drops `button` fields itself; the caller here leaves it out.
    let mut request = FormDataRequest::new(
        "contact_us",
        4,
        "contact",
        fields(json!([
            {"marker": "name", "type": "string", "value": "Christina Thomas"},
            {"marker": "email", "type": "string", "value": "christina@example.com"},
            {"marker": "message", "type": "text", "value": {"htmlValue": "<p>Hi</p>", "plainValue": "Hi",
             "params": {"isEditorDisabled": false, "isImageCompressed": true}}}
        ])),
    );
    request.status = Some("sent".into());
    let answer = json!({
        "formData": {"id": 5, "formIdentifier": "contact_us", "time": "2026-11-30T12:00:00.000Z",
                     "entityIdentifier": "contact", "fingerprint": "UQ_1", "isUserAdmin": false,
                     "formModuleId": 4, "userIdentifier": null, "parentId": null,
                     "formData": {"en_US": form_fields()}},
        "actionMessage": {"en_US": "Thank you!", "de_DE": "Danke!"}
    });
    let (seen, posted) = rec
        .call(answer, public.forms_data().post_forms_data(request))
        .await;
    sent(
        &seen,
        "POST /api/content/form-data",
        Some(
            r#"{"formIdentifier":"contact_us","formModuleConfigId":4,"moduleEntityIdentifier":"contact","replayTo":null,"status":"sent","formData":{"en_US":[{"marker":"name","type":"string","value":"Christina Thomas"},{"marker":"email","type":"string","value":"christina@example.com"},{"marker":"message","type":"text","value":{"htmlValue":"<p>Hi</p>","plainValue":"Hi","params":{"isEditorDisabled":false,"isImageCompressed":true}}}]}}"#,
        ),
    );
    assert!(!seen.bearer);
    assert_eq!(posted.action_message, "Thank you!");
    assert_eq!(posted.form_data.form_module_id, 4);
    assert_eq!(posted.form_data.form_data[1].marker, "message");

    let mut filter = FormDataFilter::new();
    filter.status = Some(vec!["new".into(), "approved".into()]);
    filter.date_from = Some("2026-11-01".into());
    let call = public
        .forms_data()
        .get_forms_data_by_marker("contact_us", 4, filter)
        .is_extended(1)
        .limit(10);
    let entries = json!({"items": [{"id": 1, "formIdentifier": "contact_us", "time": "2026-11-02T09:00:00.000Z",
                                    "status": "new", "ip": null, "formData": {"en_US": form_fields()},
                                    "formModuleConfigId": 4, "entityIdentifier": "contact"}],
                         "total": 1});
    let (seen, page) = rec.call(entries, call).await;
    sent(
        &seen,
        "POST /api/content/form-data/marker/contact_us?formModuleConfigId=4&isExtended=1&langCode=en_US&offset=0&limit=10",
        Some(r#"{"status":["new","approved"],"dateFrom":"2026-11-01"}"#),
    );
    assert_eq!(page.items[0].status.as_deref(), Some("new"));
    assert_eq!(page.items[0].form_data.len(), 2);

    let mut update = FormDataUpdate::new();
    update.form_identifier = Some("contact_us".into());
    update.form_data = Some(fields(
        json!([{"marker": "message", "type": "string", "value": "Any news?"}]),
    ));
    let answer = json!({"id": 2, "formIdentifier": "contact_us", "time": "2026-11-30T12:00:00.000Z",
                        "formData": [{"marker": "message", "type": "string", "value": "Any news?"}],
                        "userIdentifier": "your-user@email.com", "entityIdentifier": "contact",
                        "parentId": null, "fingerprint": null, "isUserAdmin": false, "formModuleId": 4});
    let call = signed_in.forms_data().update_forms_data_byid(2, update);
    let (seen, updated) = rec.call(answer, call).await;
    sent(
        &seen,
        "PUT /api/content/form-data/2",
        Some(
            r#"{"formIdentifier":"contact_us","formData":[{"marker":"message","type":"string","value":"Any news?"}]}"#,
        ),
    );
    assert!(seen.bearer);
    assert_eq!(updated.form_data[0].value, json!("Any news?"));

    let call = signed_in
        .forms_data()
        .update_forms_data_status_byid(2, FormDataStatusUpdate::new("approved"));
    let (seen, _) = rec.call(json!(true), call).await;
    sent(
        &seen,
        "PUT /api/content/form-data/2/update-status",
        Some(r#"{"status":"approved"}"#),
    );

    let (seen, _) = rec
        .call(
            json!(true),
            signed_in.forms_data().delete_forms_data_byid(1),
        )
        .await;
    sent(&seen, "DELETE /api/content/form-data/1", None);
    assert!(seen.bearer);
}

#[tokio::test]
async fn discounts() {
    let rec = Recorder::start().await;
    let client = rec.client(false);
    let discounts = client.discounts();

    let page_of = json!({"items": [discount()], "total": 1});
    let call = discounts
        .get_all_discounts()
        .limit(10)
        .r#type(DiscountType::Discount);
    let (seen, page) = rec.call(page_of.clone(), call).await;
    sent(
        &seen,
        "GET /api/content/discounts?langCode=en_US&offset=0&limit=10&type=DISCOUNT",
        None,
    );
    let value = page.items[0]
        .discount_value
        .as_ref()
        .expect("discountValue");
    assert_eq!(value.applicability, DiscountApplicability::ToOrder);
    assert_eq!(value.value.as_text(), Some("10"));

    let (seen, _) = rec.call(page_of, discounts.get_all_discounts()).await;
    sent(
        &seen,
        "GET /api/content/discounts?langCode=en_US&offset=0&limit=30",
        None,
    );

    // The SDK adds an empty `marker=` to the query; the marker is in the path.
    let call = discounts
        .get_discount_by_marker("summer_sale")
        .lang_code("de_DE");
    let (seen, one) = rec.call(discount(), call).await;
    sent(
        &seen,
        "GET /api/content/discounts/marker/summer_sale?langCode=de_DE",
        None,
    );
    let title = one.localize_infos.as_ref().and_then(|l| l.title.as_deref());
    assert_eq!(title, Some("Sommerschlussverkauf"));

    let coupon = json!({"id": 1, "discountId": 3, "code": "SUMMER10", "isReusable": true,
                        "isUsed": false, "orderId": null, "usedAt": null});
    let answer = json!({"valid": true, "coupon": coupon});
    let (seen, valid) = rec
        .call(answer, discounts.validate_discounts_coupon("SUMMER10"))
        .await;
    sent(
        &seen,
        "GET /api/content/discounts/coupons/validate?code=SUMMER10",
        None,
    );
    assert!(valid.valid);
    assert_eq!(valid.coupon.as_ref().map(|c| c.discount_id), Some(3));

    // The SDK sends `code=A+B%2010%` (the server reads `A B 10%`).
    let answer = json!({"valid": false, "error": "Coupon not found"});
    let (seen, invalid) = rec
        .call(answer, discounts.validate_discounts_coupon("A+B 10%"))
        .await;
    sent(
        &seen,
        "GET /api/content/discounts/coupons/validate?code=A%2BB%2010%25",
        None,
    );
    assert_eq!(invalid.error.as_deref(), Some("Coupon not found"));
}

#[tokio::test]
async fn bonus() {
    let rec = Recorder::start().await;
    let client = rec.client(true);
    let discounts = client.discounts();

    let (seen, balance) = rec
        .call(json!({"balance": "150.00"}), discounts.get_bonus_balance())
        .await;
    sent(&seen, "GET /api/content/discounts/bonus-balance", None);
    assert!(seen.bearer);
    assert_eq!(balance.balance.as_text(), Some("150.00"));

    let history = json!([{"balanceId": 1, "amount": 50, "type": "ACCRUAL", "discountId": 3,
                          "triggerType": "EVENT", "comment": "Welcome bonus", "isAdmin": false,
                          "remainingAmount": "50.00", "expiresAt": null,
                          "createdAt": "2026-03-01T10:00:00.000Z"}]);
    let call = discounts
        .get_bonus_history()
        .r#type(BonusTransactionType::Accrual)
        .date_from("2026-01-01")
        .date_to("2026-12-31")
        .discount_id(3)
        .is_admin(false);
    let (seen, list) = rec.call(history.clone(), call).await;
    sent(
        &seen,
        "GET /api/content/discounts/bonus-balance/history?type=ACCRUAL&dateFrom=2026-01-01&dateTo=2026-12-31&discountId=3&isAdmin=false",
        None,
    );
    assert_eq!(list[0].r#type, BonusTransactionType::Accrual);
    assert_eq!(list[0].trigger_type, Some(BonusTriggerType::Event));
    assert_eq!(list[0].amount.value(), 50.0);

    let (seen, _) = rec.call(history, discounts.get_bonus_history()).await;
    sent(
        &seen,
        "GET /api/content/discounts/bonus-balance/history",
        None,
    );
}
