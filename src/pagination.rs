//! `Invites`: an iterator that follows `offset`/`limit` pages of `GET account/subaccount/invite`.

use crate::client::Client;
use crate::error::Result;
use crate::models::{Invite, ListInvitesQuery};
use crate::validate::MAX_PAGE_SIZE;

/// Yields every invite matching a query, fetching one page at a time, so memory stays at one
/// page however many invites there are.
///
/// A failed page is yielded as `Err`; calling `next` again retries that same page. Invites
/// created or removed during iteration can shift the offsets, as with any offset pagination.
#[derive(Debug)]
pub struct Invites {
    client: Client,
    query: ListInvitesQuery,
    page: std::vec::IntoIter<Invite>,
    next_offset: u64,
    total: Option<u64>,
    fetched: u64,
    first_id: Option<i64>,
    done: bool,
}

impl Invites {
    pub(crate) fn new(client: Client, mut query: ListInvitesQuery) -> Invites {
        let next_offset = u64::from(query.offset.unwrap_or(0));
        query.limit = Some(query.limit.unwrap_or(MAX_PAGE_SIZE));
        Invites {
            client,
            query,
            page: Vec::new().into_iter(),
            next_offset,
            total: None,
            fetched: 0,
            first_id: None,
            done: false,
        }
    }

    /// How many invites match, once the first page has arrived (`page.total`).
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// How many invites have been fetched so far: progress for long listings.
    pub fn fetched(&self) -> u64 {
        self.fetched
    }

    /// The next batch of invites: what is left of the current page, or else the next page;
    /// `None` after the last. Bindings use it to cross into Rust once per page, not per invite.
    pub fn next_page(&mut self) -> Option<Result<Vec<Invite>>> {
        let rest: Vec<Invite> = self.page.by_ref().collect();
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

    /// Fetches the next page; `Ok(false)` when there are no more invites.
    fn fetch_page(&mut self) -> Result<bool> {
        let offset = u32::try_from(self.next_offset).unwrap_or(u32::MAX);
        let query = ListInvitesQuery {
            offset: Some(offset),
            ..self.query.clone()
        };
        let page = self.client.list_invites(&query)?;
        let received = page.invites.len() as u64;
        let page_size = u64::from(self.query.limit.unwrap_or(MAX_PAGE_SIZE));
        // A server (or proxy) that ignores `offset` would otherwise repeat one page forever.
        let ignored_offset = page.offset().is_some_and(|o| o != u64::from(offset))
            || (self.next_offset > 0 && page.invites.first().map(|i| i.id) == self.first_id);
        self.first_id = page.invites.first().map(|i| i.id);
        self.total = page.total().or(self.total);
        self.next_offset += received;
        self.fetched += received;
        self.done = ignored_offset
            || match self.total {
                Some(total) => received == 0 || self.next_offset >= total,
                // Without `page.total`, a short page is the last one.
                None => received < page_size,
            };
        if ignored_offset {
            log::warn!(target: "certcentral", "the server ignored offset {offset}; stopping the invite listing");
            return Ok(false);
        }
        self.page = page.invites.into_iter();
        Ok(received > 0)
    }
}

impl Iterator for Invites {
    type Item = Result<Invite>;

    fn next(&mut self) -> Option<Result<Invite>> {
        loop {
            if let Some(invite) = self.page.next() {
                return Some(Ok(invite));
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

impl std::iter::FusedIterator for Invites {}
