//! `PageIterator`: the one Python iterator over every list (`iter_invites`, `iter_users`, …).
//! It crosses into Rust once per page, and may be shared by threads: pages are fetched under a
//! lock taken with the GIL released, and `total`/`fetched`/`repr` never wait for it.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use pyo3::prelude::*;

use super::convert::detached;
use super::results::Wrapped;
use crate::api::{ListQuery, Pages};
use crate::cancel::CancelToken;
use crate::error::Error;

/// A page of records, converted to Python objects once the GIL is held again.
trait Converted: Send {
    fn into_python(self: Box<Self>, py: Python<'_>) -> PyResult<Vec<Py<PyAny>>>;
}

impl<T: Wrapped + Send> Converted for Vec<T> {
    fn into_python(self: Box<Self>, py: Python<'_>) -> PyResult<Vec<Py<PyAny>>> {
        self.into_iter()
            .map(|record| Ok(Py::new(py, record.wrap(py)?)?.into_any()))
            .collect()
    }
}

/// Any list's pages.
trait Source: Send {
    fn next_batch(&mut self, cancel: &CancelToken) -> Option<Result<Box<dyn Converted>, Error>>;
    fn total(&self) -> Option<u64>;
    fn fetched(&self) -> u64;
    fn set_prefetch(&mut self, pages: i64) -> Result<(), Error>;
}

impl<Q> Source for Pages<Q>
where
    Q: ListQuery + 'static,
    Q::Item: Wrapped + Send + 'static,
{
    fn next_batch(&mut self, cancel: &CancelToken) -> Option<Result<Box<dyn Converted>, Error>> {
        self.next_page_until(cancel)
            .map(|page| page.map(|records| Box::new(records) as Box<dyn Converted>))
    }
    fn total(&self) -> Option<u64> {
        Pages::total(self)
    }
    fn fetched(&self) -> u64 {
        Pages::fetched(self)
    }
    fn set_prefetch(&mut self, pages: i64) -> Result<(), Error> {
        Pages::set_prefetch(self, pages)
    }
}

const UNKNOWN: u64 = u64::MAX;

/// Iterates over every record of a list, one page in memory at a time. `total` (once the first
/// page has arrived) and `fetched` report progress. Safe to share between threads: each record
/// is handed out once.
#[pyclass(frozen, module = "certcentral._certcentral", name = "PageIterator")]
pub struct PyPageIterator {
    source: Mutex<Box<dyn Source>>,
    ready: Mutex<VecDeque<Py<PyAny>>>,
    total: AtomicU64,
    fetched: AtomicU64,
}

impl PyPageIterator {
    pub(crate) fn new<Q>(pages: Pages<Q>) -> PyPageIterator
    where
        Q: ListQuery + 'static,
        Q::Item: Wrapped + Send + 'static,
    {
        PyPageIterator {
            source: Mutex::new(Box::new(pages)),
            ready: Mutex::new(VecDeque::new()),
            total: AtomicU64::new(UNKNOWN),
            fetched: AtomicU64::new(0),
        }
    }

    fn pop(&self) -> Option<Py<PyAny>> {
        self.ready
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .pop_front()
    }
}

#[pymethods]
impl PyPageIterator {
    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        if let Some(record) = self.pop() {
            return Ok(Some(record));
        }
        // The lock is waited for, and the page fetched, with the GIL released.
        let batch = detached(py, |cancel| {
            let mut source = self.source.lock().unwrap_or_else(|p| p.into_inner());
            let batch = source.next_batch(cancel).transpose();
            self.total
                .store(source.total().unwrap_or(UNKNOWN), Ordering::Relaxed);
            self.fetched.store(source.fetched(), Ordering::Relaxed);
            batch
        })?;
        let Some(batch) = batch else {
            // Another thread may have filled the queue meanwhile.
            return Ok(self.pop());
        };
        let records = batch.into_python(py)?;
        let mut ready = self.ready.lock().unwrap_or_else(|p| p.into_inner());
        ready.extend(records);
        Ok(ready.pop_front())
    }

    /// Fetches up to `pages` pages ahead of the one being read, once the first page has told
    /// how many records there are (default 8; 0 fetches one page at a time). Returns the
    /// iterator, so it chains: `client.iter_users().prefetch(8)`.
    fn prefetch(slf: Py<Self>, py: Python<'_>, pages: &Bound<'_, PyAny>) -> PyResult<Py<Self>> {
        let pages = super::args::int(pages, "pages")?;
        let this = slf.get();
        // Taken with the GIL released: another thread may be fetching a page under it.
        detached(py, |_| {
            this.source
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .set_prefetch(pages)
        })?;
        Ok(slf)
    }

    /// How many records match over all pages, once the first page has arrived.
    #[getter]
    fn total(&self) -> Option<u64> {
        Some(self.total.load(Ordering::Relaxed)).filter(|t| *t != UNKNOWN)
    }

    /// How many records have been fetched so far.
    #[getter]
    fn fetched(&self) -> u64 {
        self.fetched.load(Ordering::Relaxed)
    }

    fn __repr__(&self) -> String {
        let total = self.total().map_or("?".to_owned(), |t| t.to_string());
        format!("PageIterator(fetched={}, total={total})", self.fetched())
    }
}
