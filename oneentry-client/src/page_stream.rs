//! [`Pages`] as `futures` streams: [`PageStream`] yields pages, [`ItemStream`] single items.
//!
//! Written by hand on `futures-core`'s `Stream` trait (already in every build through
//! reqwest) so that users get `TryStreamExt` and `StreamExt` without the client pulling in
//! the `futures` facade. Each step moves the [`Pages`] cursor into a boxed future and takes it
//! back when the page has arrived, so no future ever borrows from the stream itself.

use std::future::Future;
use std::mem;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::Result;
use crate::pages::{ItemOf, PagedRequest, Pages};

type Step<'r, R> =
    Pin<Box<dyn Future<Output = (Pages<R>, Option<Result<Vec<ItemOf<R>>>>)> + Send + 'r>>;

/// A stream of the pages of a list, from [`Pages::into_stream`].
///
/// ```no_run
/// # async fn demo(client: &oneentry_client::Client) -> oneentry_client::Result<()> {
/// use futures_util::TryStreamExt;
/// let pages = client.orders().get_all_orders_by_marker("orders").pages();
/// let sizes: Vec<usize> = pages.into_stream().map_ok(|page| page.len()).try_collect().await?;
/// # Ok(())
/// # }
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct PageStream<'r, R: PagedRequest> {
    state: State<'r, R>,
}

enum State<'r, R: PagedRequest> {
    Idle(Pages<R>),
    Fetching(Step<'r, R>),
    Finished,
}

impl<'r, R> PageStream<'r, R>
where
    R: PagedRequest + 'r,
    ItemOf<R>: PartialEq + Clone + Send,
{
    pub(crate) fn new(pages: Pages<R>) -> Self {
        Self {
            state: State::Idle(pages),
        }
    }
}

// Nothing inside is pinned in place: the only future is already boxed and pinned on the heap.
impl<R: PagedRequest> Unpin for PageStream<'_, R> {}

impl<'r, R> Stream for PageStream<'r, R>
where
    R: PagedRequest + 'r,
    ItemOf<R>: PartialEq + Clone + Send,
{
    type Item = Result<Vec<ItemOf<R>>>;

    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<<Self as Stream>::Item>> {
        let this = self.get_mut();
        loop {
            match mem::replace(&mut this.state, State::Finished) {
                State::Idle(mut pages) => {
                    this.state = State::Fetching(Box::pin(async move {
                        let page = pages.next().await;
                        (pages, page)
                    }));
                }
                State::Fetching(mut step) => match step.as_mut().poll(cx) {
                    Poll::Pending => {
                        this.state = State::Fetching(step);
                        return Poll::Pending;
                    }
                    Poll::Ready((_, None)) => return Poll::Ready(None),
                    Poll::Ready((pages, Some(page))) => {
                        this.state = State::Idle(pages);
                        return Poll::Ready(Some(page));
                    }
                },
                State::Finished => return Poll::Ready(None),
            }
        }
    }
}

/// A stream of the items of a list, one page requested at a time, from [`Pages::items`].
///
/// An error ends the stream after it is yielded, like every `TryStream` consumer expects.
///
/// ```no_run
/// # async fn demo(client: &oneentry_client::Client) -> oneentry_client::Result<()> {
/// use futures_util::TryStreamExt;
/// let mut orders = client.orders().get_all_orders_by_marker("orders").pages().items();
/// while let Some(order) = orders.try_next().await? {
///     println!("{}", order.id);
/// }
/// # Ok(())
/// # }
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct ItemStream<'r, R: PagedRequest> {
    pages: PageStream<'r, R>,
    buffered: std::vec::IntoIter<ItemOf<R>>,
}

impl<'r, R> ItemStream<'r, R>
where
    R: PagedRequest + 'r,
    ItemOf<R>: PartialEq + Clone + Send,
{
    pub(crate) fn new(pages: PageStream<'r, R>) -> Self {
        Self {
            pages,
            buffered: Vec::new().into_iter(),
        }
    }
}

impl<R: PagedRequest> Unpin for ItemStream<'_, R> {}

impl<'r, R> Stream for ItemStream<'r, R>
where
    R: PagedRequest + 'r,
    ItemOf<R>: PartialEq + Clone + Send,
{
    type Item = Result<ItemOf<R>>;

    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<<Self as Stream>::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffered.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(err))) => return Poll::Ready(Some(Err(err))),
                Poll::Ready(Some(Ok(page))) => this.buffered = page.into_iter(),
            }
        }
    }
}
