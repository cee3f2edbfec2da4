//! Product reviews: custom endpoints of a OneEntry project, described in this crate's own
//! spec (`spec/reviews.json`) and reached through the same [`Client`] as the built-in API.
//!
//! The spec declares this API's own session protocol (`Reviewers.signIn` opens a session,
//! `Reviewers.renew` refreshes it, `Reviewers.signOut` ends it), so the client signs in,
//! refreshes an expired access token and signs out through these routes, not OneEntry's.
//!
//! The tests (`tests/`) run this crate's calls against the mock server generated from the
//! same spec (`oneentry-client`'s `mock` feature, enabled for tests only), so they need no
//! project, network or emulator.

use oneentry_client::{Client, Result, Secret};

/// Models and endpoints generated from `spec/reviews.json`, and [`ReviewsApi`], which adds
/// `client.reviewers()`, `client.reviews()` and `client.ratings()` to a [`Client`].
pub mod api {
    oneentry_client::api!(spec = "spec/reviews.json", client = trait ReviewsApi);
}

pub use api::ReviewsApi;
use api::{Credentials, Review, ReviewSort};

/// Signs the reviewer in; the client keeps the session for the calls that need it.
pub async fn sign_in(client: &Client, email: &str, password: Secret) -> Result<i64> {
    let session = client
        .reviewers()
        .sign_in(Credentials::new(email, password))
        .await?;
    Ok(session.reviewer_id)
}

/// Signs the reviewer out on this device; the client forgets the session once the server agrees.
pub async fn sign_out(client: &Client) -> Result<bool> {
    client.reviewers().sign_out().await
}

/// The best review of a product: the first of the list sorted by rating, so one review
/// crosses the wire however popular the product is.
pub async fn best_review(client: &Client, product_id: i64) -> Result<Option<Review>> {
    let page = client
        .reviews()
        .list_reviews(product_id)
        .sort(ReviewSort::Best)
        .limit(1)
        .await?;
    Ok(page.items.into_iter().next())
}

/// Every review of a product by `author`, walking all pages.
pub async fn reviews_by(client: &Client, product_id: i64, author: &str) -> Result<Vec<Review>> {
    let all = client
        .reviews()
        .list_reviews(product_id)
        .limit(2)
        .pages()
        .all()
        .await?;
    Ok(all.into_iter().filter(|r| r.author == author).collect())
}
