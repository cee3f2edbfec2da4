//! The shop endpoints through the typed client: lists, filters, counts and pages agree;
//! profiles, form entries and coupons behave like the API (docs/wire-shop.md).

use oneentry_client::api::{
    AuthData, AuthRequest, ConditionMarker, FormDataFilter, FormDataRequest, FormDataStatusUpdate,
    FormField, ProductFilter, ProductSortKey, SortOrder, UserUpdate,
};
use oneentry_client::{Client, Secret};
use oneentry_emulator::Emulator;

async fn start() -> (Emulator, Client) {
    let emulator = Emulator::start().await.expect("the emulator starts");
    let client = Client::builder(emulator.base_url())
        .app_token(emulator.app_token())
        .build()
        .expect("a client");
    (emulator, client)
}

async fn sign_in(emulator: &Emulator, client: &Client) {
    let credentials = AuthRequest::new(vec![
        AuthData::new("email_reg", emulator.user_email()),
        AuthData::new("password_reg", Secret::new(emulator.user_password())),
    ]);
    client
        .auth_provider()
        .auth("email", credentials)
        .await
        .expect("the demo user signs in");
}

fn price_above(value: i64, page: &str) -> ProductFilter {
    let mut filter = ProductFilter::new("price");
    filter.condition_marker = Some(ConditionMarker::Mth);
    filter.condition_value = Some(value.into());
    filter.page_urls = Some(vec![page.to_owned()]);
    filter
}

#[tokio::test]
async fn filtered_lists_pages_and_counts_agree() {
    let (_emulator, client) = start().await;
    let products = client.products();
    let filters = vec![price_above(50, "kitchen")];

    let all = products
        .get_products(filters.clone())
        .await
        .expect("a list");
    let ids: Vec<i64> = all.items.iter().map(|p| p.id).collect();
    assert_eq!(ids, [1, 2, 3, 4], "kitchen products above 50, by position");
    let count = products
        .get_products_count(filters.clone())
        .await
        .expect("counts");
    assert_eq!(count.total_all, all.total);

    let mut walked = Vec::new();
    for offset in [0, 2, 4] {
        let page = products
            .get_products(filters.clone())
            .limit(2)
            .offset(offset)
            .await
            .expect("a page");
        assert_eq!(page.total, 4);
        walked.extend(page.items.iter().map(|p| p.id));
    }
    assert_eq!(walked, ids);

    let by_price = products
        .get_products(filters)
        .sort_key(ProductSortKey::Price)
        .sort_order(SortOrder::Desc)
        .status_marker("in_stock")
        .await
        .expect("sorted");
    let ids: Vec<i64> = by_price.items.iter().map(|p| p.id).collect();
    assert_eq!(ids, [2, 1], "in stock, dearest first");

    let nested = products
        .get_products_count_by_page_url("catalog", Vec::new())
        .await
        .expect("counts");
    assert_eq!(nested.total_in_category, 0);
    assert_eq!(nested.total_in_category_with_nested, 11);
    let hits = products.search_product("MUG").await.expect("hits");
    assert_eq!(hits.iter().map(|h| h.id).collect::<Vec<_>>(), [1, 2]);
    let german = products
        .get_product_by_id(2)
        .lang_code("de_DE")
        .await
        .expect("a product");
    assert_eq!(
        german.localize_infos.title.as_deref(),
        Some("Schwarzer Becher")
    );
}

#[tokio::test]
async fn coupons_validate_and_bonus_history_filters() {
    let (emulator, client) = start().await;
    let discounts = client.discounts();
    let valid = discounts
        .validate_discounts_coupon("SUMMER10")
        .await
        .expect("an answer");
    assert!(valid.valid);
    let used = discounts
        .validate_discounts_coupon("ONCE5")
        .await
        .expect("an answer");
    assert!(!used.valid && used.coupon.is_some(), "{used:?}");
    let unknown = discounts
        .validate_discounts_coupon("NOPE")
        .await
        .expect("an answer");
    assert!(!unknown.valid && unknown.coupon.is_none(), "{unknown:?}");

    discounts
        .get_bonus_balance()
        .await
        .expect_err("needs a user");
    sign_in(&emulator, &client).await;
    let balance = discounts.get_bonus_balance().await.expect("a balance");
    assert_eq!(balance.balance.to_string(), "150");
    let history = discounts.get_bonus_history().await.expect("a history");
    assert_eq!(history.len(), 2);
}

#[tokio::test]
async fn form_entries_are_stored_listed_and_changed() {
    let (emulator, client) = start().await;
    let fields = vec![FormField::new("string", "name", "Christina Thomas".into())];
    let sent = client
        .forms_data()
        .post_forms_data(FormDataRequest::new("contact_us", 4, "contact", fields))
        .await
        .expect("stored");
    let id = sent.form_data.id;
    let list = |status: &str| {
        let mut filter = FormDataFilter::new();
        filter.status = Some(vec![status.to_owned()]);
        client
            .forms_data()
            .get_forms_data_by_marker("contact_us", 4, filter)
    };
    let sent_list = list("sent").await.expect("a list");
    assert_eq!(
        sent_list.items.iter().map(|e| e.id).collect::<Vec<_>>(),
        [id]
    );

    sign_in(&emulator, &client).await;
    client
        .forms_data()
        .update_forms_data_status_byid(id, FormDataStatusUpdate::new("approved"))
        .await
        .expect("updated");
    let approved = list("approved").await.expect("a list");
    assert!(approved.items.iter().any(|e| e.id == id));
    client
        .forms_data()
        .delete_forms_data_byid(id)
        .await
        .expect("deleted");
    let approved = list("approved").await.expect("a list");
    assert!(!approved.items.iter().any(|e| e.id == id));
}

#[tokio::test]
async fn profile_updates_persist_per_user() {
    let (emulator, client) = start().await;
    client.users().get_user().await.expect_err("needs a user");
    sign_in(&emulator, &client).await;
    let mut update = UserUpdate::new("reg");
    update.form_data = Some(vec![FormField::new("string", "name", "New Name".into())]);
    assert!(client.users().update_user(update).await.expect("updated"));
    let user = client.users().get_user().await.expect("a profile");
    let name = user.form_data.iter().find(|f| f.marker == "name");
    assert_eq!(name.map(|f| f.value.clone()), Some("New Name".into()));
    let phone = user.form_data.iter().find(|f| f.marker == "phone");
    assert!(phone.is_some(), "other fields stay: {user:?}");
    client
        .users()
        .add_fcm_token("cQ3vN1x:APA91bF-demo")
        .await
        .expect("added");
    client
        .users()
        .delete_fcm_token("cQ3vN1x:APA91bF-demo")
        .await
        .expect("deleted");
}
