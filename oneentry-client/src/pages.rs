//! Walking every page of a list endpoint, so callers do not write the offset loop.
//!
//! OneEntry lists take `offset` and `limit` and answer either a plain array (auth
//! providers, storages, statuses) or `{total, items}` (orders, sessions). A request
//! builder of an endpoint marked `paginated` in the spec has `.pages()`, which returns
//! [`Pages`]: `next().await` yields one page of items at a time, `all().await` collects them,
//! and [`Pages::into_stream`] / [`Pages::items`] turn the walk into a `futures` `Stream`.
//!
//! A walk is bounded twice, so a server that never ends a list cannot make the client loop
//! or grow without end: by a page limit ([`DEFAULT_MAX_PAGES`], see [`Pages::max_pages`]),
//! and by stopping as soon as a page repeats the previous one (a server that ignores
//! `offset`), which is detected after two requests instead of after the limit.

use std::future::Future;
use std::pin::Pin;

use crate::{Error, Result};

pub use crate::page_stream::{ItemStream, PageStream};

/// A page as a list endpoint answers it: its items, and the total when the server says it.
pub trait Page {
    /// What the list holds.
    type Item;
    /// The items of this page, in order.
    fn into_items(self) -> Vec<Self::Item>;
    /// How many items the whole list has, when the answer says so.
    fn total(&self) -> Option<u64>;
}

/// Lists answered as a plain JSON array: their length is only known at the last page.
impl<T> Page for Vec<T> {
    type Item = T;

    fn into_items(self) -> Vec<T> {
        self
    }

    fn total(&self) -> Option<u64> {
        None
    }
}

/// A future of one page, as request builders produce it.
pub type PageFuture<'a, P> = Pin<Box<dyn Future<Output = Result<P>> + Send + 'a>>;

/// A request that can be re-sent for another page (implemented by generated builders).
#[doc(hidden)]
pub trait PagedRequest: Send {
    /// The answer of one request.
    type Page: Page;
    /// Endpoint id, for errors.
    fn endpoint(&self) -> &'static str;
    /// The offset and page size the builder was given (or their defaults).
    fn window(&self) -> (i64, i64);
    /// The same request for the page at `offset` with `limit` items.
    fn fetch(&self, offset: i64, limit: i64) -> PageFuture<'_, Self::Page>;
}

/// Pages read at most by one [`Pages`] unless [`Pages::max_pages`] says otherwise: with the
/// default page size of 30 that is 30,000 items, more than a storefront lists, and a bound
/// on what a server that never ends a list can make the client fetch and hold.
pub const DEFAULT_MAX_PAGES: usize = 1_000;

/// The items a [`Pages`] walk yields.
pub type ItemOf<R> = <<R as PagedRequest>::Page as Page>::Item;

/// Every page of a list, one request per page, starting at the builder's offset.
///
/// ```no_run
/// # async fn demo(client: &oneentry_client::Client) -> oneentry_client::Result<()> {
/// let mut pages = client.orders().get_all_orders_by_marker("orders").limit(50).pages();
/// while let Some(page) = pages.next().await {
///     for order in page? {
///         println!("{}", order.id);
///     }
/// }
/// let everything = client.payments().get_sessions().pages().all().await?;
/// # Ok(())
/// # }
/// ```
#[must_use = "pages are fetched only when `next` or `all` is awaited"]
pub struct Pages<R: PagedRequest> {
    request: R,
    offset: i64,
    limit: i64,
    pages: usize,
    max_pages: usize,
    /// First and last item of the previous page, to notice a page that repeats it.
    previous: Option<(ItemOf<R>, ItemOf<R>)>,
    done: bool,
}

impl<R> Pages<R>
where
    R: PagedRequest,
    ItemOf<R>: PartialEq + Clone,
{
    /// Starts at the request's own offset, with its limit as the page size.
    pub fn new(request: R) -> Self {
        let (offset, limit) = request.window();
        Pages {
            request,
            offset,
            limit,
            pages: 0,
            max_pages: DEFAULT_MAX_PAGES,
            previous: None,
            done: false,
        }
    }

    /// Reads at most `max_pages` pages ([`DEFAULT_MAX_PAGES`] unless set); asking for more
    /// ends the walk with [`Error::Paging`]. `0` reads nothing and reports that at once.
    pub fn max_pages(mut self, max_pages: usize) -> Self {
        self.max_pages = max_pages;
        self
    }

    /// The next page of items; `None` after the last one, or after an error.
    ///
    /// The list ends at an empty page, a page shorter than the limit, or when the items
    /// read reach the `total` the server announced.
    pub async fn next(&mut self) -> Option<Result<Vec<<R::Page as Page>::Item>>> {
        if self.done {
            return None;
        }
        if self.limit < 1 {
            self.done = true;
            return Some(Err(self.error(format!(
                "a page size (limit) of {} cannot make progress",
                self.limit
            ))));
        }
        if self.pages >= self.max_pages {
            self.done = true;
            return Some(Err(self.error(format!(
                "the list has more than {} pages (the limit set with `max_pages`)",
                self.max_pages
            ))));
        }
        let page = match self.request.fetch(self.offset, self.limit).await {
            Ok(page) => page,
            Err(error) => {
                self.done = true;
                return Some(Err(error));
            }
        };
        self.pages += 1;
        let total = page.total();
        let items = page.into_items();
        if let (Some(first), Some(last)) = (items.first(), items.last()) {
            if self
                .previous
                .as_ref()
                .is_some_and(|(before_first, before_last)| {
                    before_first == first && before_last == last
                })
            {
                self.done = true;
                return Some(Err(self.error(format!(
                    "the page at offset {} repeats the previous page; the server ignores `offset`",
                    self.offset
                ))));
            }
            self.previous = Some((first.clone(), last.clone()));
        }
        let read = i64::try_from(items.len()).unwrap_or(i64::MAX);
        self.offset = self.offset.saturating_add(read);
        let reached_total =
            total.is_some_and(|total| u64::try_from(self.offset).is_ok_and(|o| o >= total));
        if read < self.limit || reached_total {
            self.done = true;
        }
        if items.is_empty() {
            return None;
        }
        Some(Ok(items))
    }

    /// All remaining items of the list, in order.
    pub async fn all(mut self) -> Result<Vec<<R::Page as Page>::Item>> {
        let mut all = Vec::new();
        while let Some(page) = self.next().await {
            all.extend(page?);
        }
        Ok(all)
    }

    /// The walk as a `Stream` of pages, for `futures::TryStreamExt` and friends; same
    /// requests, same bounds as [`next`](Self::next).
    pub fn into_stream<'r>(self) -> PageStream<'r, R>
    where
        R: 'r,
        ItemOf<R>: Send,
    {
        PageStream::new(self)
    }

    /// The walk as a `Stream` of single items, fetched a page at a time.
    pub fn items<'r>(self) -> ItemStream<'r, R>
    where
        R: 'r,
        ItemOf<R>: Send,
    {
        ItemStream::new(self.into_stream())
    }

    fn error(&self, message: String) -> Error {
        Error::Paging {
            endpoint: self.request.endpoint(),
            message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A list of `len` numbers served from memory; `honest: false` ignores the offset.
    #[derive(Clone)]
    struct Numbers {
        len: i64,
        offset: i64,
        limit: i64,
        honest: bool,
    }

    impl PagedRequest for Numbers {
        type Page = Vec<i64>;

        fn endpoint(&self) -> &'static str {
            "Test.numbers"
        }

        fn window(&self) -> (i64, i64) {
            (self.offset, self.limit)
        }

        fn fetch(&self, offset: i64, limit: i64) -> PageFuture<'_, Vec<i64>> {
            let start = if self.honest { offset } else { 0 };
            let page = (start..self.len.min(start + limit)).collect();
            Box::pin(async move { Ok(page) })
        }
    }

    fn numbers(len: i64, offset: i64, limit: i64) -> Numbers {
        Numbers {
            len,
            offset,
            limit,
            honest: true,
        }
    }

    async fn page_sizes(request: Numbers) -> Vec<usize> {
        let mut pages = Pages::new(request);
        let mut sizes = Vec::new();
        while let Some(page) = pages.next().await {
            sizes.push(page.map(|p| p.len()).unwrap_or(usize::MAX));
        }
        sizes
    }

    #[tokio::test]
    async fn pages_end_at_a_short_or_empty_page() {
        let cases: &[(i64, i64, i64, &[usize])] = &[
            (7, 0, 3, &[3, 3, 1]),
            (6, 0, 3, &[3, 3]), // the third, empty page is asked for and ends the list
            (7, 2, 3, &[3, 2]),
            (0, 0, 30, &[]),
            (5, 9, 3, &[]),
        ];
        for &(len, offset, limit, expected) in cases {
            assert_eq!(
                page_sizes(numbers(len, offset, limit)).await,
                expected,
                "{len} {offset} {limit}"
            );
        }
        let all = Pages::new(numbers(7, 1, 2)).all().await.expect("all");
        assert_eq!(all, (1..7).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn a_page_size_below_one_is_an_error_not_a_loop() {
        let err = Pages::new(numbers(5, 0, 0))
            .all()
            .await
            .expect_err("limit 0");
        assert!(
            matches!(
                err,
                Error::Paging {
                    endpoint: "Test.numbers",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[tokio::test]
    async fn a_server_ignoring_the_offset_is_stopped() {
        let request = Numbers {
            honest: false,
            ..numbers(100, 0, 10)
        };
        let mut pages = Pages::new(request);
        let mut ok = 0;
        let mut last = None;
        while let Some(page) = pages.next().await {
            match page {
                Ok(_) => ok += 1,
                Err(err) => last = Some(err),
            }
        }
        // The second page repeats the first: stopped after two requests, not a thousand.
        assert_eq!(ok, 1);
        let message = last.map(|err| err.to_string()).unwrap_or_default();
        assert!(message.contains("repeats the previous page"), "{message}");
    }

    #[tokio::test]
    async fn the_page_limit_is_configurable() {
        let mut pages = Pages::new(numbers(100, 0, 10)).max_pages(3);
        let mut sizes = Vec::new();
        let mut last = None;
        while let Some(page) = pages.next().await {
            match page {
                Ok(items) => sizes.push(items.len()),
                Err(err) => last = Some(err.to_string()),
            }
        }
        assert_eq!(sizes, [10, 10, 10]);
        let message = last.unwrap_or_default();
        assert!(message.contains("more than 3 pages"), "{message}");
        let none = Pages::new(numbers(5, 0, 10)).max_pages(0).all().await;
        assert!(matches!(none, Err(Error::Paging { .. })), "{none:?}");
    }

    /// `{total, items}` answers stop at the announced total without asking for an empty page.
    #[tokio::test]
    async fn pages_with_a_total_stop_at_it() {
        struct Counted(Vec<i64>, u64);
        impl Page for Counted {
            type Item = i64;
            fn into_items(self) -> Vec<i64> {
                self.0
            }
            fn total(&self) -> Option<u64> {
                Some(self.1)
            }
        }
        struct Six;
        impl PagedRequest for Six {
            type Page = Counted;
            fn endpoint(&self) -> &'static str {
                "Test.six"
            }
            fn window(&self) -> (i64, i64) {
                (0, 3)
            }
            fn fetch(&self, offset: i64, limit: i64) -> PageFuture<'_, Counted> {
                assert!(offset < 6, "asked past the total");
                let page = (offset..6.min(offset + limit)).collect();
                Box::pin(async move { Ok(Counted(page, 6)) })
            }
        }
        let all = Pages::new(Six).all().await.expect("all");
        assert_eq!(all, (0..6).collect::<Vec<_>>());
    }
}
