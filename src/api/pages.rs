//! `Pages`: the one iterator that follows `offset`/`limit` pages of any list endpoint, fetching
//! a few pages ahead once the first has told how many records there are.

use std::collections::VecDeque;
use std::sync::mpsc;

use crate::cancel::CancelToken;
use crate::client::Client;
use crate::decode::{Listed, Page};
use crate::error::{Error, Result};
use crate::validate::MAX_PAGE_SIZE;

/// A list endpoint's query, as the pagination engine drives it.
pub trait ListQuery: Clone + Send + std::fmt::Debug + 'static {
    /// The records the endpoint lists.
    type Item: Listed + Send + 'static;

    /// Where to start (`offset`), if set.
    fn offset(&self) -> Option<u32>;

    /// The page size (`limit`), if set.
    fn limit(&self) -> Option<u32>;

    /// The same query for the page at `offset` of `limit` records.
    fn at(&self, offset: u32, limit: u32) -> Self;

    /// Fetches one page.
    fn fetch(&self, client: &Client) -> Result<Page<Self::Item>>;
}

/// Yields every record matching a query, in order, one page in memory (plus those fetched
/// ahead) however many records there are.
///
/// Once the first page has given `page.total`, the next pages are fetched ahead, a few at a
/// time ([`DEFAULT_PREFETCH_PAGES`](crate::config::DEFAULT_PREFETCH_PAGES) in flight;
/// [`Pages::prefetch`] changes it, 0 fetches one page at a time), each through the client's
/// rate limiter and retries like any read. At 200 ms a round trip this is what decides how long
/// a long listing takes. Dropping the iterator cancels what is in flight and waits for its
/// threads: a request already on the wire finishes on the client's read helper, its answer
/// dropped.
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
    /// How many pages may be fetched ahead.
    prefetch: usize,
    /// Pages being fetched ahead, in offset order.
    ahead: VecDeque<Ahead<Q::Item>>,
}

/// A page being fetched ahead on its own thread.
struct Ahead<T> {
    offset: u64,
    outcome: mpsc::Receiver<Result<Page<T>>>,
    thread: std::thread::JoinHandle<()>,
    cancel: CancelToken,
}

impl<T> Ahead<T> {
    /// Stops it and waits for its thread (a wait for the limiter or a retry ends at once).
    fn discard(self) {
        self.cancel.cancel();
        let _ = self.thread.join();
    }
}

impl<T> std::fmt::Debug for Ahead<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ahead")
            .field("offset", &self.offset)
            .finish()
    }
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
            prefetch: crate::config::DEFAULT_PREFETCH_PAGES,
            ahead: VecDeque::new(),
        }
    }

    /// Fetches up to `pages` pages ahead of the one being read (0: one page at a time; at most
    /// [`MAX_PREFETCH_PAGES`](crate::config::MAX_PREFETCH_PAGES), a `VALIDATION` error
    /// otherwise).
    pub fn prefetch(mut self, pages: i64) -> Result<Pages<Q>> {
        self.set_prefetch(pages)?;
        Ok(self)
    }

    /// [`Pages::prefetch`] in place (pages already ahead are dropped; the next are fetched as
    /// the new number says).
    pub fn set_prefetch(&mut self, pages: i64) -> Result<()> {
        let max = crate::config::MAX_PREFETCH_PAGES;
        self.prefetch = crate::validate::checked_count("prefetch", pages, 0, max)? as usize;
        self.discard_ahead();
        Ok(())
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

    /// The page at the next offset: fetched ahead if it was, else now.
    fn page_at_next_offset(&mut self, offset: u32) -> Result<Page<Q::Item>> {
        if self.ahead.front().map(|a| a.offset) != Some(self.next_offset) {
            // What was fetched ahead assumed other offsets.
            self.discard_ahead();
            return self.query.at(offset, self.page_size).fetch(&self.client);
        }
        let cancel = self.client.options().cancel.clone();
        let waiting = self.ahead.front().map(|a| &a.outcome);
        let received = match (waiting, cancel) {
            (Some(outcome), Some(cancel)) => loop {
                // The caller's token (Ctrl-C in Python) ends the wait, not the fetch: the
                // page stays ahead for the next call.
                cancel.check()?;
                let slice = cancel.slice(std::time::Duration::from_millis(100));
                match outcome.recv_timeout(slice) {
                    Ok(page) => break Some(page),
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => break None,
                }
            },
            (Some(outcome), None) => outcome.recv().ok(),
            (None, _) => None,
        };
        if let Some(ahead) = self.ahead.pop_front() {
            let _ = ahead.thread.join();
        }
        match received {
            Some(page) => page,
            // Its thread ended without an answer: fetch it here instead.
            None => self.query.at(offset, self.page_size).fetch(&self.client),
        }
    }

    /// Starts fetching the pages after those already ahead, up to `prefetch` in flight and
    /// never beyond `total`. Offsets assume full pages, as every page but the last is.
    fn fetch_ahead(&mut self) {
        let Some(total) = self.total else {
            return;
        };
        if self.done || self.prefetch == 0 {
            return;
        }
        let step = u64::from(self.page_size);
        let mut offset = self
            .ahead
            .back()
            .map_or(self.next_offset, |a| a.offset + step);
        while self.ahead.len() < self.prefetch && offset < total {
            let Ok(at) = u32::try_from(offset) else {
                return;
            };
            let cancel = CancelToken::new();
            let client = self.client.with_cancel(&cancel);
            let query = self.query.at(at, self.page_size);
            let (send, outcome) = mpsc::sync_channel(1);
            let spawned = std::thread::Builder::new()
                .name("certcentral-page".to_owned())
                .spawn(move || {
                    let _ = send.send(query.fetch(&client));
                });
            let Ok(thread) = spawned else {
                // No thread to be had: the page is fetched when it is due.
                return;
            };
            self.ahead.push_back(Ahead {
                offset,
                outcome,
                thread,
                cancel,
            });
            offset += step;
        }
    }

    /// Stops every page fetched ahead.
    fn discard_ahead(&mut self) {
        for ahead in self.ahead.drain(..) {
            ahead.discard();
        }
    }

    /// Fetches the next page; `Ok(false)` when there are no more records.
    fn fetch_page(&mut self) -> Result<bool> {
        let result = self.fetch_page_in_order();
        match &result {
            Ok(_) if !self.done => self.fetch_ahead(),
            _ => self.discard_ahead(),
        }
        result
    }

    fn fetch_page_in_order(&mut self) -> Result<bool> {
        let offset = u32::try_from(self.next_offset).unwrap_or(u32::MAX);
        let page = self.page_at_next_offset(offset)?;
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
        if !self.done && received != u64::from(self.page_size) {
            // A short page that is not the last: what was fetched ahead is at the wrong offsets.
            self.discard_ahead();
        }
        if let Some(total) = self.total {
            // `total` may have shrunk: nothing at or beyond it is wanted.
            while self.ahead.back().is_some_and(|a| a.offset >= total) {
                if let Some(ahead) = self.ahead.pop_back() {
                    ahead.discard();
                }
            }
        }
        self.page = page.items.into_iter();
        Ok(received > 0)
    }
}

impl<Q: ListQuery> Drop for Pages<Q> {
    fn drop(&mut self) {
        self.discard_ahead();
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

#[cfg(test)]
mod tests {
    //! The engine against a scripted list (a `ListQuery` whose pages are computed, not sent):
    //! which offsets were asked for, and when, is then exactly known.

    use std::sync::{Arc, Condvar, Mutex};
    use std::time::Duration;

    use super::*;
    use crate::api::User;
    use crate::decode::PageInfo;

    /// The longest any test waits for a condition; only a broken engine gets near it.
    const BOUND: Duration = Duration::from_secs(30);

    #[derive(Default)]
    struct Script {
        total: u64,
        /// From this offset on, pages report this total instead.
        shrink: Option<(u64, u64)>,
        /// The first request for this offset fails.
        fail_once: Option<u64>,
        /// Requests for offsets above 0 wait until this is set (or their call is cancelled).
        gate: bool,
        asked: Vec<u64>,
        running: usize,
    }

    #[derive(Clone)]
    struct Scripted {
        offset: Option<u32>,
        limit: Option<u32>,
        script: Arc<(Mutex<Script>, Condvar)>,
    }

    impl std::fmt::Debug for Scripted {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("Scripted")
                .field("offset", &self.offset)
                .finish()
        }
    }

    impl ListQuery for Scripted {
        type Item = User;
        fn offset(&self) -> Option<u32> {
            self.offset
        }
        fn limit(&self) -> Option<u32> {
            self.limit
        }
        fn at(&self, offset: u32, limit: u32) -> Scripted {
            Scripted {
                offset: Some(offset),
                limit: Some(limit),
                script: Arc::clone(&self.script),
            }
        }
        fn fetch(&self, client: &Client) -> Result<Page<User>> {
            let (lock, changed) = &*self.script;
            let offset = u64::from(self.offset.unwrap_or(0));
            let limit = u64::from(self.limit.unwrap_or(10));
            let mut script = lock.lock().unwrap();
            script.asked.push(offset);
            script.running += 1;
            changed.notify_all();
            let cancel = client.options().cancel.clone();
            while script.gate && offset > 0 {
                if cancel.as_ref().is_some_and(CancelToken::is_cancelled) {
                    script.running -= 1;
                    changed.notify_all();
                    return Err(Error::Interrupted);
                }
                script = changed
                    .wait_timeout(script, Duration::from_millis(5))
                    .unwrap()
                    .0;
            }
            script.running -= 1;
            changed.notify_all();
            if script.fail_once == Some(offset) {
                script.fail_once = None;
                return Err(Error::invalid_argument("scripted", "a middle page failed"));
            }
            let total = match script.shrink {
                Some((from, to)) if offset >= from => to,
                _ => script.total,
            };
            let items = (offset..(offset + limit).min(script.total))
                .map(|i| serde_json::from_value(serde_json::json!({"id": i + 1})).unwrap())
                .collect();
            Ok(Page {
                items,
                page: Some(PageInfo {
                    total: Some(total),
                    limit: Some(limit),
                    offset: Some(offset),
                }),
                raw: Default::default(),
            })
        }
    }

    fn scripted(script: Script) -> (Pages<Scripted>, Arc<(Mutex<Script>, Condvar)>) {
        let shared = Arc::new((Mutex::new(script), Condvar::new()));
        let query = Scripted {
            offset: None,
            limit: Some(10),
            script: Arc::clone(&shared),
        };
        let client = Client::builder()
            .api_key("unused-key")
            .base_url("http://127.0.0.1:9/services/v2/")
            .build()
            .unwrap();
        (Pages::new(client, query), shared)
    }

    /// Waits until `done` holds for the script, failing after [`BOUND`].
    fn wait_for(shared: &(Mutex<Script>, Condvar), done: impl Fn(&Script) -> bool) {
        let (lock, changed) = shared;
        let (script, timeout) = changed
            .wait_timeout_while(lock.lock().unwrap(), BOUND, |s| !done(s))
            .unwrap();
        assert!(!timeout.timed_out(), "asked for {:?}", script.asked);
    }

    fn ids(pages: Pages<Scripted>) -> Vec<i64> {
        pages.map(|u| u.unwrap().id).collect()
    }

    #[test]
    fn records_come_in_order_with_or_without_pages_ahead() {
        let expected: Vec<i64> = (1..=95).collect();
        let (pages, _) = scripted(Script {
            total: 95,
            ..Script::default()
        });
        assert_eq!(ids(pages), expected);
        let (pages, shared) = scripted(Script {
            total: 95,
            ..Script::default()
        });
        assert_eq!(ids(pages.prefetch(0).unwrap()), expected);
        let asked = shared.0.lock().unwrap().asked.clone();
        assert_eq!(
            asked,
            [0, 10, 20, 30, 40, 50, 60, 70, 80, 90],
            "one at a time"
        );
    }

    #[test]
    fn the_next_pages_are_asked_for_before_they_are_read() {
        let (pages, shared) = scripted(Script {
            total: 95,
            gate: true,
            ..Script::default()
        });
        let mut pages = pages.prefetch(4).unwrap();
        assert_eq!(pages.next().unwrap().unwrap().id, 1);
        // Four pages in flight at once, while the first is still being read.
        wait_for(&shared, |s| s.running == 4);
        let mut asked = shared.0.lock().unwrap().asked.clone();
        asked.sort_unstable();
        assert_eq!(asked, [0, 10, 20, 30, 40]);
        shared.0.lock().unwrap().gate = false;
        shared.1.notify_all();
        let rest: Vec<i64> = pages.map(|u| u.unwrap().id).collect();
        assert_eq!(rest, (2..=95).collect::<Vec<i64>>());
    }

    #[test]
    fn dropping_the_iterator_stops_and_joins_what_is_in_flight() {
        let (pages, shared) = scripted(Script {
            total: 1000,
            gate: true,
            ..Script::default()
        });
        let mut pages = pages.prefetch(4).unwrap();
        pages.next().unwrap().unwrap();
        wait_for(&shared, |s| s.running == 4);
        drop(pages);
        let script = shared.0.lock().unwrap();
        assert_eq!(
            script.running, 0,
            "every page thread ended before drop returned"
        );
        assert_eq!(script.asked.len(), 5, "and nothing more was asked for");
    }

    #[test]
    fn the_number_ahead_is_bounded() {
        let (pages, _) = scripted(Script::default());
        let err = pages.prefetch(65).unwrap_err();
        assert_eq!(
            (err.status(), err.field()),
            (crate::Status::Validation, Some("prefetch"))
        );
        let (pages, _) = scripted(Script::default());
        assert!(pages.prefetch(-1).is_err());
    }

    #[test]
    fn a_failed_middle_page_is_yielded_in_its_place_and_asked_again() {
        let (pages, shared) = scripted(Script {
            total: 95,
            fail_once: Some(30),
            ..Script::default()
        });
        let outcomes: Vec<Result<i64>> = pages.map(|u| u.map(|u| u.id)).collect();
        let failed = outcomes.iter().position(Result::is_err).expect("one error");
        assert_eq!(failed, 30, "after exactly the records before it");
        let ok: Vec<i64> = outcomes.into_iter().filter_map(Result::ok).collect();
        assert_eq!(
            ok,
            (1..=95).collect::<Vec<i64>>(),
            "then the rest, once each"
        );
        let asked = shared.0.lock().unwrap().asked.clone();
        assert_eq!(asked.iter().filter(|o| **o == 30).count(), 2);
    }

    #[test]
    fn a_total_that_shrinks_ends_the_listing_where_it_now_ends() {
        let (pages, _) = scripted(Script {
            total: 95,
            shrink: Some((20, 35)),
            ..Script::default()
        });
        let outcomes: Vec<Result<i64>> = pages.map(|u| u.map(|u| u.id)).collect();
        // As one page at a time would: the page at 20 says 35, so the page at 30 is the last;
        // it brings 10 records where 5 were promised, which is the server's contradiction.
        let ok: Vec<i64> = outcomes
            .iter()
            .filter_map(|o| o.as_ref().ok().copied())
            .collect();
        assert_eq!(ok, (1..=30).collect::<Vec<i64>>());
        let last = outcomes.last().unwrap().as_ref().unwrap_err();
        assert_eq!(last.status(), crate::Status::Decode, "{last}");
    }
}
