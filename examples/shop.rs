//! A shop: browse a catalog page, search, open a product, check a coupon, send the contact
//! form, then order the product and open a payment session.
//!
//! With no configuration it starts the built-in emulator (with its demo shop) on a loopback
//! port and runs against it. To run against a real OneEntry project, set the variables of
//! `pay_order`: `ONEENTRY_PROJECT_URL`, `ONEENTRY_APP_TOKEN`, `ONEENTRY_EMAIL`,
//! `ONEENTRY_PASSWORD`, and optionally `ONEENTRY_PRODUCT_ID` (the product to open when the
//! search finds none; default 15) and `ONEENTRY_COUPON` (default `SUMMER10`). The order
//! goes to the storage `orders` (form `order`, account `cash`) and the contact form is
//! `contact_us`, as in the demo project; a project without that form skips the step.
//!
//! ```sh
//! cargo run --example shop
//! cargo run --example shop -- --verbose
//! ```

mod support;

use std::error::Error as StdError;
use std::process::ExitCode;

use oneentry_client::api::{
    AuthData, AuthRequest, BlockType, FormDataRequest, FormField, OrderProduct, OrderRequest,
    Product,
};
use oneentry_client::{Client, Numeric};
use support::{Target, dump};

#[tokio::main]
async fn main() -> ExitCode {
    support::main(
        "Browses the shop, orders a product and opens a payment session.",
        "usage: shop [--verbose]",
        run,
    )
    .await
}

async fn run(verbose: bool) -> Result<(), Box<dyn StdError>> {
    let target = support::target().await?;
    let client = target.client()?;

    let listed = browse(&client, verbose).await?;
    let opened = search_and_open(&client, &target, listed.as_ref(), verbose).await?;

    let code = std::env::var("ONEENTRY_COUPON").unwrap_or_else(|_| "SUMMER10".to_owned());
    let coupon = client.discounts().validate_discounts_coupon(&code).await?;
    match (coupon.valid, coupon.error.as_deref()) {
        (true, _) => println!("4. Coupon {code} is valid."),
        (false, Some(why)) => println!("4. Coupon {code} is not valid: {why}."),
        (false, None) => println!("4. Coupon {code} is not valid."),
    }
    dump(verbose, &coupon);

    contact(&client, verbose).await?;

    let credentials = AuthRequest::new(vec![
        AuthData::new("email_reg", target.email.as_str()),
        AuthData::new("password_reg", target.password.clone()),
    ]);
    client.auth_provider().auth("email", credentials).await?;
    let order = OrderRequest::new(
        "order",
        "cash",
        vec![FormField::new("string", "name", "Christina Thomas".into())],
        vec![OrderProduct::new(opened.id, 1)],
    );
    let order = client.orders().create_order("orders", order).await?;
    let session = client.payments().create_session(order.id).await?;
    println!(
        "6. Signed in as {}, ordered 1 x {} (order {}, total {}), payment session {} is {}.",
        target.email,
        title(&opened),
        order.id,
        order.total_sum,
        session.id,
        session.status,
    );
    dump(verbose, &session);
    if !verbose {
        println!("\nRun with --verbose to see every answer in full.");
    }
    Ok(())
}

/// Step 1: the first catalog page that has products, with its first three.
async fn browse(client: &Client, verbose: bool) -> Result<Option<Product>, Box<dyn StdError>> {
    let pages = client.pages().get_pages().await?;
    for page in pages.iter().filter(|p| p.r#type == BlockType::CatalogPage) {
        let products = client
            .products()
            .get_products_by_page_url(&page.page_url, vec![])
            .limit(3)
            .await?;
        if products.items.is_empty() {
            continue;
        }
        let names: Vec<String> = products
            .items
            .iter()
            .map(|p| format!("{} ({})", title(p), price(p.price.as_ref())))
            .collect();
        let more = products.total.saturating_sub(3);
        println!(
            "1. Page `{}` ({} products): {}{}.",
            page.page_url,
            products.total,
            names.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            },
        );
        dump(verbose, &products);
        return Ok(products.items.into_iter().next());
    }
    println!(
        "1. No catalog page with products among {} pages.",
        pages.len()
    );
    Ok(None)
}

/// Steps 2 and 3: search for the first word of the listed product's title, open the first
/// hit (or `ONEENTRY_PRODUCT_ID` when nothing is found).
async fn search_and_open(
    client: &Client,
    target: &Target,
    listed: Option<&Product>,
    verbose: bool,
) -> Result<Product, Box<dyn StdError>> {
    let words = listed
        .and_then(|p| p.localize_infos.title.as_deref())
        .and_then(|t| t.split_whitespace().last())
        .unwrap_or("mug")
        .to_lowercase();
    let hits = client.products().search_product(&words).await?;
    let titles: Vec<&str> = hits.iter().filter_map(|h| h.title.as_deref()).collect();
    println!(
        "2. Search `{words}`: {} hits ({}).",
        hits.len(),
        titles.join(", ")
    );
    dump(verbose, &hits);
    let id = hits.first().map_or(target.product_id, |hit| hit.id);
    let product = client.products().get_product_by_id(id).await?;
    println!(
        "3. Product {}: {}, {}, {}, {} attributes, related {:?}.",
        product.id,
        title(&product),
        price(product.price.as_ref()),
        product
            .status_localize_infos
            .title
            .as_deref()
            .unwrap_or("no status"),
        product.attribute_values.len(),
        product.related_ids.as_deref().unwrap_or_default(),
    );
    dump(verbose, &product);
    Ok(product)
}

/// Step 5: send the `contact_us` form, when the project has it.
async fn contact(client: &Client, verbose: bool) -> Result<(), Box<dyn StdError>> {
    let form = match client.forms().get_form_by_marker("contact_us").await {
        Ok(form) => form,
        Err(error) if error.status() == Some(404) => {
            println!("5. The project has no form `contact_us`; skipped.");
            return Ok(());
        }
        Err(error) => return Err(error.into()),
    };
    let config = form
        .module_form_configs
        .iter()
        .flatten()
        .next()
        .ok_or("the form `contact_us` is not attached to any module")?;
    let entity = config
        .entity_identifiers
        .first()
        .map_or("contact", |e| e.id.as_str());
    let fields = vec![
        FormField::new("string", "name", "Christina Thomas".into()),
        FormField::new("string", "email", "christina@example.com".into()),
        FormField::new("text", "message", "Do you ship to Austria?".into()),
    ];
    let request = FormDataRequest::new(&form.identifier, config.id, entity, fields);
    let sent = client.forms_data().post_forms_data(request).await?;
    println!(
        "5. Sent the form `{}` (entry {}): \"{}\"",
        form.identifier, sent.form_data.id, sent.action_message
    );
    dump(verbose, &sent);
    Ok(())
}

fn title(product: &Product) -> &str {
    product
        .localize_infos
        .title
        .as_deref()
        .unwrap_or("(untitled)")
}

fn price(price: Option<&Numeric>) -> String {
    price.map_or_else(|| "no price".to_owned(), ToString::to_string)
}
