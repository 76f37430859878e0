//! Invites in Python: `send_invite`, `list_invites`, `iter_invites`, and the `Invite` and
//! `InvitePage` results.

use pyo3::prelude::*;

use super::args::{opt_text, text, texts};
use super::args::{page_numbers, page_size};
use super::client::PyClient;
use super::convert::detached;
use super::errors::IntoPy;
use super::iterator::PyPageIterator;
use super::results::{py_page, py_record, resource_classes};
use crate::api::{Invite, ListInvitesQuery, SendInviteRequest};
use crate::validate::MAX_PAGE_SIZE;

py_record! {
    /// One subaccount invite.
    PyInvite(Invite) as "Invite" {
        /// Invitation ID.
        id,
        /// Address the invitation was sent to.
        email,
        /// The subaccount type offered.
        subaccount_type,
        /// Custom invitation message.
        invite_note,
        /// When the invite was first sent, "yyyy-MM-dd HH:mm:ss" (no time zone).
        date_created,
        /// When the invite was last resent, "yyyy-MM-dd HH:mm:ss" (no time zone).
        last_sent_date,
        /// pending, accepted, expired, canceled or cancelled (any other value is kept).
        status,
    }
    repr(id, email, subaccount_type, status, date_created)
}

py_page! {
    /// One page of invites; iterable, with len().
    PyInvitePage(Page<Invite>) as "InvitePage", invites
}

resource_classes!(
    PyInvite(Invite) as "Invite",
    PyInvitePage(crate::api::Page<Invite>) as "InvitePage",
);

#[pymethods]
impl PyClient {
    /// POST account/subaccount/invite: invites each address to open a subaccount.
    ///
    /// Args:
    ///     emails (list[str] | tuple[str, ...]): at least one valid address (a lone str is
    ///         refused, never split).
    ///     subaccount_type (str): e.g. "retail", "enterprise", "reseller", "managed" (the
    ///         allowed values depend on the account).
    ///     invite_note (str | None): a message sent with the invite.
    ///
    /// Raises:
    ///     ValidationError: a documented rule is broken; nothing was sent.
    ///     ApiError: the API refused it (see its subclasses).
    #[pyo3(signature = (emails, subaccount_type, invite_note=None))]
    fn send_invite(
        &self,
        py: Python<'_>,
        emails: &Bound<'_, PyAny>,
        subaccount_type: &Bound<'_, PyAny>,
        invite_note: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let request = SendInviteRequest {
            emails: texts(emails, "emails")?,
            subaccount_type: text(subaccount_type, "subaccount_type")?,
            invite_note: opt_text(invite_note, "invite_note")?,
        };
        let client = self.client().py(py)?;
        detached(py, |cancel| {
            client.with_cancel(cancel).send_invite(&request)
        })
    }

    /// GET account/subaccount/invite: one page of invites.
    ///
    /// Args:
    ///     email, subaccount_type, date_created, last_sent_date (str | None): exact filters
    ///         (dates "yyyy-MM-dd HH:mm:ss", or a prefix such as "2019-01-14").
    ///     status (str | None): pending, accepted, expired, cancelled (or canceled).
    ///     search (str | None): an exact email, or with a leading "%" any email containing the
    ///         rest.
    ///     sort (str | None): properties separated by commas, "-" for descending.
    ///     offset (int | None): index of the first invite.
    ///     limit (int | None): page size, 1 to 1000.
    ///
    /// Returns:
    ///     InvitePage
    ///
    /// Raises:
    ///     ValidationError: limit or offset out of range; nothing was sent.
    #[pyo3(signature = (*, email=None, subaccount_type=None, status=None, date_created=None,
                        last_sent_date=None, search=None, sort=None, offset=None, limit=None))]
    #[allow(clippy::too_many_arguments)]
    fn list_invites(
        &self,
        py: Python<'_>,
        email: Option<&Bound<'_, PyAny>>,
        subaccount_type: Option<&Bound<'_, PyAny>>,
        status: Option<&Bound<'_, PyAny>>,
        date_created: Option<&Bound<'_, PyAny>>,
        last_sent_date: Option<&Bound<'_, PyAny>>,
        search: Option<&Bound<'_, PyAny>>,
        sort: Option<&Bound<'_, PyAny>>,
        offset: Option<&Bound<'_, PyAny>>,
        limit: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyInvitePage>> {
        let query = invites_query(
            py,
            email,
            subaccount_type,
            status,
            date_created,
            last_sent_date,
            search,
            sort,
            offset,
            limit,
        )?;
        self.call(py, move |c| c.list_invites(&query))
    }

    /// Every invite matching the filters (those of list_invites), fetched lazily one page of
    /// page_size (1 to 1000) at a time.
    ///
    /// Returns:
    ///     PageIterator[Invite]: with `total` and `fetched` for progress.
    #[pyo3(signature = (*, email=None, subaccount_type=None, status=None, date_created=None,
                        last_sent_date=None, search=None, sort=None, page_size=None),
           text_signature = "($self, *, email=None, subaccount_type=None, status=None, \
                             date_created=None, last_sent_date=None, search=None, sort=None, \
                             page_size=1000)")]
    #[allow(clippy::too_many_arguments)]
    fn iter_invites(
        &self,
        py: Python<'_>,
        email: Option<&Bound<'_, PyAny>>,
        subaccount_type: Option<&Bound<'_, PyAny>>,
        status: Option<&Bound<'_, PyAny>>,
        date_created: Option<&Bound<'_, PyAny>>,
        last_sent_date: Option<&Bound<'_, PyAny>>,
        search: Option<&Bound<'_, PyAny>>,
        sort: Option<&Bound<'_, PyAny>>,
        page_size: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyPageIterator> {
        let mut query = invites_query(
            py,
            email,
            subaccount_type,
            status,
            date_created,
            last_sent_date,
            search,
            sort,
            None,
            None,
        )?;
        query.limit = self::page_size(py, page_size)?;
        Ok(PyPageIterator::new(
            self.client().py(py)?.invites(query).py(py)?,
        ))
    }
}

#[allow(clippy::too_many_arguments)]
fn invites_query(
    py: Python<'_>,
    email: Option<&Bound<'_, PyAny>>,
    subaccount_type: Option<&Bound<'_, PyAny>>,
    status: Option<&Bound<'_, PyAny>>,
    date_created: Option<&Bound<'_, PyAny>>,
    last_sent_date: Option<&Bound<'_, PyAny>>,
    search: Option<&Bound<'_, PyAny>>,
    sort: Option<&Bound<'_, PyAny>>,
    offset: Option<&Bound<'_, PyAny>>,
    limit: Option<&Bound<'_, PyAny>>,
) -> PyResult<ListInvitesQuery> {
    let (offset, limit) = page_numbers(py, offset, limit, MAX_PAGE_SIZE)?;
    Ok(ListInvitesQuery {
        email: opt_text(email, "email")?,
        subaccount_type: opt_text(subaccount_type, "subaccount_type")?,
        status: opt_text(status, "status")?,
        date_created: opt_text(date_created, "date_created")?,
        last_sent_date: opt_text(last_sent_date, "last_sent_date")?,
        search: opt_text(search, "search")?,
        sort: opt_text(sort, "sort")?,
        offset,
        limit,
    })
}
