//! This crate's calls against the mock server generated from its own spec.

use std::sync::{Arc, Mutex};

use downstream_reviews::api::{
    self, Review, ReviewInput, ReviewSort, ReviewerSession, ReviewsApi, ReviewsPage, ratings,
    reviewers, reviews,
};
use downstream_reviews::{best_review, reviews_by, sign_in};
use oneentry_client::mock::{MockError, MockServer};
use oneentry_client::{Client, Error};

fn client(mock: &MockServer) -> Client {
    Client::builder(mock.url())
        .app_token("test-app")
        .build()
        .expect("client")
}

fn review(id: i64, author: &str, rating: i64) -> Review {
    Review::new(id, 15, author, rating, "text")
}

#[tokio::test]
async fn a_signed_in_reviewer_publishes_a_review() {
    let mock = MockServer::start(api::ENDPOINTS)
        .await
        .expect("mock server");
    mock.on(reviewers::ops::SignIn, |req| async move {
        if req.body.password.expose() != "secret" {
            return Err(MockError::unauthorized("Wrong e-mail or password"));
        }
        Ok(ReviewerSession::new(7, "access-7", "refresh-7"))
    });
    mock.on_with_context(reviews::ops::CreateReview, |ctx, req| async move {
        // The handler sees what a real server would: the bearer token of the session.
        match ctx.bearer() {
            Some(token) if token.expose() == "access-7" => {}
            _ => return Err(MockError::unauthorized("Sign in first")),
        }
        Ok(Review::new(
            101,
            req.product_id,
            "ann",
            req.body.rating,
            req.body.text,
        ))
    });

    let client = client(&mock);
    let reviewer = sign_in(&client, "ann@example.com", "secret".into())
        .await
        .expect("signed in");
    assert_eq!(reviewer, 7);
    let created = client
        .reviews()
        .create_review(15, ReviewInput::new(5, "Sturdy and quiet"))
        .await
        .expect("created");
    assert_eq!(created.id, 101);

    let sent = mock.received::<reviews::ops::CreateReview>();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].product_id, 15);
    assert_eq!(sent[0].body, ReviewInput::new(5, "Sturdy and quiet"));
    let sign_ins = mock.received::<reviewers::ops::SignIn>();
    assert_eq!(sign_ins[0].body.email, "ann@example.com");
    // Every request carried the app token, in order.
    let ids: Vec<_> = mock.requests().iter().map(|r| r.endpoint_id()).collect();
    assert_eq!(
        ids,
        [Some("Reviewers.signIn"), Some("Reviews.createReview")]
    );
    assert!(
        mock.requests()
            .iter()
            .all(|r| r.header("x-app-token") == Some("test-app"))
    );
}

#[tokio::test]
async fn wrong_credentials_are_the_servers_error() {
    let mock = MockServer::start(api::ENDPOINTS)
        .await
        .expect("mock server");
    mock.on(reviewers::ops::SignIn, |_| async {
        Err(MockError::unauthorized("Wrong e-mail or password"))
    });
    let err = sign_in(&client(&mock), "ann@example.com", "nope".into())
        .await
        .expect_err("refused");
    match err {
        Error::Api {
            status, message, ..
        } => {
            assert_eq!(status, 401);
            assert_eq!(message, "Wrong e-mail or password");
        }
        other => panic!("not an API error: {other:?}"),
    }
}

#[tokio::test]
async fn list_parameters_arrive_typed_with_their_defaults() {
    let mock = MockServer::start(api::ENDPOINTS)
        .await
        .expect("mock server");
    mock.on(reviews::ops::ListReviews, |req| async move {
        let mut items = vec![review(1, "bob", 3), review(2, "ann", 5)];
        if req.sort == ReviewSort::Best {
            items.sort_by_key(|r| -r.rating);
        }
        let total = items.len() as i64;
        items.truncate(usize::try_from(req.limit).unwrap_or(0));
        Ok(ReviewsPage::new(total, items))
    });
    let best = best_review(&client(&mock), 15).await.expect("answer");
    assert_eq!(best.map(|r| r.author), Some("ann".to_owned()));

    let sent = mock.received::<reviews::ops::ListReviews>();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        (
            sent[0].product_id,
            &sent[0].sort,
            sent[0].limit,
            sent[0].offset
        ),
        (15, &ReviewSort::Best, 1, 0)
    );
    // The client sends its language; a server would answer in it.
    assert_eq!(sent[0].lang_code.as_deref(), Some("en_US"));
}

#[tokio::test]
async fn a_walk_over_all_pages_sees_every_offset() {
    let mock = MockServer::start(api::ENDPOINTS)
        .await
        .expect("mock server");
    let stored: Arc<Vec<Review>> = Arc::new(
        ["ann", "bob", "ann", "cid", "ann"]
            .iter()
            .zip(1..)
            .map(|(author, id)| review(id, author, 4))
            .collect(),
    );
    let store = Arc::clone(&stored);
    mock.on(reviews::ops::ListReviews, move |req| {
        let store = Arc::clone(&store);
        async move {
            let start =
                usize::try_from(req.offset).map_err(|_| MockError::bad_request("offset"))?;
            let limit = usize::try_from(req.limit).map_err(|_| MockError::bad_request("limit"))?;
            let items = store.iter().skip(start).take(limit).cloned().collect();
            Ok(ReviewsPage::new(store.len() as i64, items))
        }
    });
    let anns = reviews_by(&client(&mock), 15, "ann")
        .await
        .expect("all pages");
    assert_eq!(anns.iter().map(|r| r.id).collect::<Vec<_>>(), [1, 3, 5]);
    let offsets: Vec<i64> = mock
        .received::<reviews::ops::ListReviews>()
        .iter()
        .map(|req| req.offset)
        .collect();
    assert_eq!(offsets, [0, 2, 4]);
}

#[tokio::test]
async fn state_shared_by_handlers_makes_a_small_fake_backend() {
    let mock = MockServer::start(api::ENDPOINTS)
        .await
        .expect("mock server");
    let deleted = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&deleted);
    mock.on(reviews::ops::DeleteReview, move |req| {
        let log = Arc::clone(&log);
        async move {
            log.lock()
                .map_err(|_| MockError::internal("poisoned"))?
                .push(req.id);
            Ok(true)
        }
    });
    let seen = Arc::clone(&deleted);
    mock.on(reviews::ops::GetReview, move |req| {
        let gone = seen.lock().map(|ids| ids.contains(&req.id)).unwrap_or(true);
        async move {
            match gone {
                true => Err(MockError::not_found(format!("Review {} not found", req.id))),
                false => Ok(review(req.id, "ann", 5)),
            }
        }
    });
    let client = Client::builder(mock.url())
        .session_tokens(Some("access".into()), None)
        .build()
        .expect("client");
    assert_eq!(client.reviews().get_review(3).await.expect("found").id, 3);
    assert!(client.reviews().delete_review(3).await.expect("deleted"));
    let err = client.reviews().get_review(3).await.expect_err("gone");
    assert!(matches!(err, Error::Api { status: 404, .. }), "{err:?}");
}

#[tokio::test]
async fn an_endpoint_the_test_did_not_mock_answers_501_naming_it() {
    let mock = MockServer::start(api::ENDPOINTS)
        .await
        .expect("mock server");
    let err = client(&mock)
        .ratings()
        .get_summary(15)
        .await
        .expect_err("no handler");
    let Error::Api {
        status, message, ..
    } = &err
    else {
        panic!("not an API error: {err:?}");
    };
    assert_eq!(*status, 501);
    assert!(message.contains("Ratings.getSummary"), "{message}");
    // The request still reached the server, typed like the others.
    assert_eq!(
        mock.received::<ratings::ops::GetSummary>()[0].product_id,
        15
    );
}
