//! `certcentral_iter`: the one C iterator type, for every list that has pages. Each
//! constructor (`certcentral_iter_users` and the others, with their resources) wraps the core's
//! `Pages` for its query in [`new_iter`]; the iterator converts a page at a time into an arena
//! of C structs and hands them out one by one.

use std::ffi::c_void;
use std::ptr;

use super::arena::Arena;
use super::boundary::{into_boxed, take_boxed};
use super::convert::{array, ToC};
use super::error::certcentral_error;
use super::macros::ffi_fn;
use crate::api::{ListQuery, Pages};
use crate::error::{Error, Status};

/// Follows every page of a list, one page in memory at a time. Made by a `certcentral_iter_*`
/// constructor, which fixes the type of the records `certcentral_iter_next` hands out. Not
/// thread-safe: use an iterator from one thread at a time.
pub struct certcentral_iter {
    records: Box<dyn Records>,
}

/// What the iterator needs of a list, whatever its records.
trait Records {
    /// The next record as its C struct, valid until the next call; NULL after the last.
    fn next_record(&mut self) -> Result<*const c_void, Error>;
    /// `page.total`, once the first page has arrived.
    fn total(&self) -> Option<u64>;
    /// How many records have been fetched so far.
    fn fetched(&self) -> u64;
    /// How many pages to fetch ahead.
    fn set_prefetch(&mut self, pages: i64) -> Result<(), Error>;
}

/// A list's pages, the current one converted to C structs.
struct CPages<Q: ListQuery>
where
    Q::Item: ToC,
{
    pages: Pages<Q>,
    /// Owns the current page's C structs and their strings.
    arena: Arena,
    items: *const <Q::Item as ToC>::C,
    len: usize,
    /// The next record of the current page to hand out.
    next: usize,
}

impl<Q: ListQuery> Records for CPages<Q>
where
    Q::Item: ToC,
{
    fn next_record(&mut self) -> Result<*const c_void, Error> {
        if self.next == self.len {
            // On failure nothing changes, so the next call retries the same page.
            let Some(batch) = self.pages.next_page().transpose()? else {
                return Ok(ptr::null());
            };
            let mut arena = Arena::default();
            let (items, len) = array(&batch, &mut arena);
            (self.arena, self.items, self.len, self.next) = (arena, items, len, 0);
        }
        if self.next >= self.len {
            return Ok(ptr::null());
        }
        // SAFETY: `next` is below the length of the array that `items` points to, which
        // `self.arena` keeps alive.
        let record = unsafe { self.items.add(self.next) };
        self.next += 1;
        Ok(record.cast())
    }

    fn total(&self) -> Option<u64> {
        self.pages.total()
    }

    fn fetched(&self) -> u64 {
        self.pages.fetched()
    }

    fn set_prefetch(&mut self, pages: i64) -> Result<(), Error> {
        self.pages.set_prefetch(pages)
    }
}

/// An iterator over `pages`, nothing fetched yet: what each `certcentral_iter_*` constructor
/// hands out.
pub(crate) fn new_iter<Q: ListQuery + 'static>(pages: Pages<Q>) -> *mut certcentral_iter
where
    Q::Item: ToC,
{
    into_boxed(certcentral_iter {
        records: Box::new(CPages {
            pages,
            arena: Arena::default(),
            items: ptr::null(),
            len: 0,
            next: 0,
        }),
    })
}

/// Advances the iterator. On success `*record` points to the next record, or is NULL at the
/// end; its type is the one the constructor names (`const certcentral_user_details *` for
/// `certcentral_iter_users`, `const certcentral_organization_details *` for
/// `certcentral_iter_organizations`, `const certcentral_subaccount_summary *` for
/// `certcentral_iter_subaccounts`, `const certcentral_invite *` for `certcentral_iter_invites`,
/// `const certcentral_user_details *` for `certcentral_iter_service_users`,
/// `const certcentral_api_key_details *` for `certcentral_iter_api_keys`).
/// The record is owned by the iterator and valid until the next call or
/// `certcentral_iter_free`. After a failure, calling again retries the same page. Read it
/// through a `const void *` and convert: `const void *r; certcentral_iter_next(it, &r, &err);
/// const certcentral_user_details *user = r;`.
#[no_mangle]
pub unsafe extern "C" fn certcentral_iter_next(
    iter: *mut certcentral_iter,
    record: *mut *const c_void,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        object: iter,
        out: record = iter.records.next_record()?,
        err: err,
    }
}

/// Fetches up to `pages` pages ahead of the one being read, once the first page has told how
/// many records there are (default 8; 0 fetches one page at a time; at most 64, else
/// `CERTCENTRAL_STATUS_VALIDATION`). Pages fetched ahead go
/// through the client's rate limiter; `certcentral_iter_free` stops them and waits for their
/// threads.
#[no_mangle]
pub unsafe extern "C" fn certcentral_iter_set_prefetch(
    iter: *mut certcentral_iter,
    pages: i64,
    err: *mut *mut certcentral_error,
) -> Status {
    ffi_fn! {
        object: iter,
        call: iter.records.set_prefetch(pages)?,
        err: err,
    }
}

/// How many records match over all pages (`page.total`); -1 before the first page arrives,
/// when the server does not say, or for NULL.
#[no_mangle]
pub unsafe extern "C" fn certcentral_iter_total(iter: *const certcentral_iter) -> i64 {
    ffi_fn!(read iter or -1 => |iter| {
        iter.records.total().map_or(-1, |t| i64::try_from(t).unwrap_or(i64::MAX))
    })
}

/// How many records have been fetched so far (progress for long listings); 0 for NULL.
#[no_mangle]
pub unsafe extern "C" fn certcentral_iter_fetched(iter: *const certcentral_iter) -> u64 {
    ffi_fn!(read iter or 0 => |iter| iter.records.fetched())
}

/// Frees an iterator and the record it last returned. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn certcentral_iter_free(iter: *mut certcentral_iter) {
    ffi_fn!(free: drop(take_boxed(iter)))
}
