//! The session protocol this crate's spec declares, against its mock server: sign-in, a
//! refresh through the spec's own `renew` route after a 401, sign-out.

use std::sync::{Arc, Mutex, PoisonError};

use downstream_reviews::api::{
    self, Review, ReviewInput, ReviewerSession, ReviewsApi, reviewers, reviews,
};
use downstream_reviews::{sign_in, sign_out};
use oneentry_client::mock::{MockError, MockServer};
use oneentry_client::{Client, Error};

/// The tokens the fake backend considers valid now.
#[derive(Default)]
struct Tokens {
    access: String,
    refresh: String,
    issued: u32,
}

impl Tokens {
    fn issue(&mut self) -> ReviewerSession {
        self.issued += 1;
        self.access = format!("access-{}", self.issued);
        self.refresh = format!("refresh-{}", self.issued);
        ReviewerSession::new(7, self.access.as_str(), self.refresh.as_str())
    }
}

fn backend(mock: &MockServer) -> Arc<Mutex<Tokens>> {
    let tokens = Arc::new(Mutex::new(Tokens::default()));
    let t = Arc::clone(&tokens);
    mock.on(reviewers::ops::SignIn, move |_| {
        let session = t.lock().unwrap_or_else(PoisonError::into_inner).issue();
        async move { Ok(session) }
    });
    let t = Arc::clone(&tokens);
    mock.on(reviewers::ops::Renew, move |req| {
        let mut tokens = t.lock().unwrap_or_else(PoisonError::into_inner);
        let answer = match req.refresh_token.expose() == tokens.refresh {
            true => Ok(tokens.issue()),
            false => Err(MockError::unauthorized("Refresh token expired")),
        };
        async move { answer }
    });
    let t = Arc::clone(&tokens);
    mock.on_with_context(reviews::ops::CreateReview, move |ctx, req| {
        let valid = ctx.bearer().map(|b| b.expose().to_owned())
            == Some(
                t.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .access
                    .clone(),
            );
        async move {
            match valid {
                true => Ok(Review::new(
                    1,
                    req.product_id,
                    "ann",
                    req.body.rating,
                    req.body.text,
                )),
                false => Err(MockError::unauthorized("Access token expired")),
            }
        }
    });
    mock.on(reviewers::ops::SignOut, |_| async { Ok(true) });
    tokens
}

#[tokio::test]
async fn an_expired_access_token_is_refreshed_through_the_specs_own_route() {
    let mock = MockServer::start(api::ENDPOINTS)
        .await
        .expect("mock server");
    let tokens = backend(&mock);
    let client = Client::builder(mock.url()).build().expect("client");
    sign_in(&client, "ann@example.com", "secret".into())
        .await
        .expect("signed in");

    // The server lets the access token expire: the next call gets a 401, the client renews
    // its tokens through `Reviewers.renew` and sends the call again.
    tokens.lock().unwrap_or_else(PoisonError::into_inner).access = "revoked".into();
    let review = client
        .reviews()
        .create_review(15, ReviewInput::new(4, "Fine"))
        .await
        .expect("created after a refresh");
    assert_eq!(review.product_id, 15);

    let renewals = mock.received::<reviewers::ops::Renew>();
    assert_eq!(renewals.len(), 1);
    assert_eq!(renewals[0].refresh_token.expose(), "refresh-1");
    let order: Vec<_> = mock
        .requests()
        .iter()
        .filter_map(|r| r.endpoint_id())
        .collect();
    assert_eq!(
        order,
        [
            "Reviewers.signIn",
            "Reviews.createReview",
            "Reviewers.renew",
            "Reviews.createReview"
        ]
    );
    let bearer = mock
        .requests()
        .last()
        .and_then(|r| r.header("authorization").map(str::to_owned));
    assert_eq!(bearer.as_deref(), Some("Bearer access-2"));

    // Signing out sends the rotated refresh token and ends the session.
    assert!(sign_out(&client).await.expect("signed out"));
    assert_eq!(
        mock.received::<reviewers::ops::SignOut>()[0]
            .refresh_token
            .expose(),
        "refresh-2"
    );
    let err = client
        .reviews()
        .create_review(15, ReviewInput::new(4, "Again"))
        .await
        .expect_err("signed out");
    assert!(matches!(err, Error::NotSignedIn { .. }), "{err:?}");
}
