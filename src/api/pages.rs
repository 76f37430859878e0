//! `Pages`: the one iterator that follows `offset`/`limit` pages of any list endpoint.

use crate::client::Client;
use crate::decode::{Listed, Page};
use crate::error::{Error, Result};
use crate::validate::MAX_PAGE_SIZE;

/// A list endpoint's query, as the pagination engine drives it.
pub trait ListQuery: Clone + Send + std::fmt::Debug {
    /// The records the endpoint lists.
    type Item: Listed + Send;

    /// Where to start (`offset`), if set.
    fn offset(&self) -> Option<u32>;

    /// The page size (`limit`), if set.
    fn limit(&self) -> Option<u32>;

    /// The same query for the page at `offset` of `limit` records.
    fn at(&self, offset: u32, limit: u32) -> Self;

    /// Fetches one page.
    fn fetch(&self, client: &Client) -> Result<Page<Self::Item>>;
}

/// Yields every record matching a query, fetching one page at a time, so memory stays at one
/// page however many records there are.
///
/// A failed page is yielded as `Err`; calling `next` again retries that same page. Records
/// created or removed during iteration can shift the offsets, as with any offset pagination.
/// A server that ignores `offset` (answering the same page again, or cycling through pages, or
/// sending more records than its `page.total`) ends the iteration with a `DECODE` error rather
/// than an endless loop.
#[derive(Debug)]
pub struct Pages<Q: ListQuery> {
    client: Client,
    query: Q,
    page_size: u32,
    page: std::vec::IntoIter<Q::Item>,
    next_offset: u64,
    total: Option<u64>,
    fetched: u64,
    first_id: Option<i64>,
    /// The first record id of every page so far: a server that cycles pages sends one again.
    page_firsts: std::collections::HashSet<i64>,
    done: bool,
}

impl<Q: ListQuery> Pages<Q> {
    pub(crate) fn new(client: Client, query: Q) -> Pages<Q> {
        Pages {
            next_offset: u64::from(query.offset().unwrap_or(0)),
            page_size: query.limit().unwrap_or(MAX_PAGE_SIZE),
            client,
            query,
            page: Vec::new().into_iter(),
            total: None,
            fetched: 0,
            first_id: None,
            page_firsts: std::collections::HashSet::new(),
            done: false,
        }
    }

    /// How many records match, once the first page has arrived (`page.total`).
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// How many records have been fetched so far: progress for long listings.
    pub fn fetched(&self) -> u64 {
        self.fetched
    }

    /// The next batch of records: what is left of the current page, or else the next page;
    /// `None` after the last. Bindings use it to cross into Rust once per page, not per record.
    pub fn next_page(&mut self) -> Option<Result<Vec<Q::Item>>> {
        let rest: Vec<Q::Item> = self.page.by_ref().collect();
        if !rest.is_empty() {
            return Some(Ok(rest));
        }
        if self.done {
            return None;
        }
        match self.fetch_page() {
            Ok(true) => Some(Ok(self.page.by_ref().collect())),
            Ok(false) => None,
            Err(e) => Some(Err(e)),
        }
    }

    /// [`Pages::next_page`], with the request (and its waits) stopped by `cancel`.
    #[cfg_attr(not(feature = "python"), allow(dead_code))]
    pub(crate) fn next_page_until(
        &mut self,
        cancel: &crate::cancel::CancelToken,
    ) -> Option<Result<Vec<Q::Item>>> {
        let view = self.client.with_cancel(cancel);
        let own = std::mem::replace(&mut self.client, view);
        let page = self.next_page();
        self.client = own;
        page
    }

    /// Fetches the next page; `Ok(false)` when there are no more records.
    fn fetch_page(&mut self) -> Result<bool> {
        let offset = u32::try_from(self.next_offset).unwrap_or(u32::MAX);
        let page = self.query.at(offset, self.page_size).fetch(&self.client)?;
        let received = page.items.len() as u64;
        let first_id = page.items.first().map(Listed::record_id);
        // A server (or proxy) that ignores `offset` would otherwise repeat one page forever.
        if page.offset().is_some_and(|o| o != u64::from(offset))
            || (self.next_offset > 0 && received > 0 && first_id == self.first_id)
        {
            self.done = true;
            let total = page
                .total()
                .or(self.total)
                .map_or("?".to_owned(), |t| t.to_string());
            return Err(Error::Decode {
                http_status: 200,
                message: format!(
                    "the server ignored offset {offset} and answered an earlier page again; \
                     stopped after {} of {total} records",
                    self.fetched
                ),
                body: None,
                request: None,
            });
        }
        let total = page.total().or(self.total);
        // A server that ignores `offset` and cycles through pages would never end: a page that
        // starts where an earlier one did, or more records than `total` promised, stop it.
        let again = first_id.is_some_and(|id| !self.page_firsts.insert(id));
        let beyond = total.is_some_and(|t| self.fetched + received > t);
        if again || beyond {
            self.done = true;
            let why = if again {
                "answered a page it had already sent".to_owned()
            } else {
                format!(
                    "sent more records than its page.total ({})",
                    total.unwrap_or_default()
                )
            };
            return Err(Error::Decode {
                http_status: 200,
                message: format!(
                    "the server {why} at offset {offset}; stopped after {} records",
                    self.fetched
                ),
                body: None,
                request: None,
            });
        }
        self.first_id = first_id;
        self.total = total;
        self.next_offset += received;
        self.fetched += received;
        self.done = match self.total {
            // An empty page is the server saying there is no more, whatever `total` said.
            Some(total) => received == 0 || self.next_offset >= total,
            // Without `page.total`, a short page is the last one.
            None => received < u64::from(self.page_size),
        };
        self.page = page.items.into_iter();
        Ok(received > 0)
    }
}

impl<Q: ListQuery> Iterator for Pages<Q> {
    type Item = Result<Q::Item>;

    fn next(&mut self) -> Option<Result<Q::Item>> {
        loop {
            if let Some(record) = self.page.next() {
                return Some(Ok(record));
            }
            if self.done {
                return None;
            }
            match self.fetch_page() {
                Ok(true) => {}
                Ok(false) => return None,
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

impl<Q: ListQuery> std::iter::FusedIterator for Pages<Q> {}

/// Implements [`ListQuery`] for a query with a `list: ListParams` field, fetched by the
/// client's `$fetch` method.
macro_rules! list_query {
    ($query:ty => $item:ty, $fetch:ident) => {
        impl $crate::api::pages::ListQuery for $query {
            type Item = $item;
            fn offset(&self) -> Option<u32> {
                self.list.offset
            }
            fn limit(&self) -> Option<u32> {
                self.list.limit
            }
            fn at(&self, offset: u32, limit: u32) -> $query {
                let mut query = self.clone();
                query.list.offset = Some(offset);
                query.list.limit = Some(limit);
                query
            }
            fn fetch(&self, client: &$crate::Client) -> $crate::Result<$crate::Page<$item>> {
                client.$fetch(self)
            }
        }
    };
}
pub(crate) use list_query;
