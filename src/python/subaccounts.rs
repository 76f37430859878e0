//! Subaccounts in Python: `create_subaccount`, `list_subaccounts`, `iter_subaccounts`,
//! `get_subaccount`, `update_subaccount`, and their results.

use pyo3::prelude::*;

use super::args::{int, opt_bool, opt_int, opt_text, text, texts};
use super::args::{list_params, page_size};
use super::client::PyClient;
use super::convert::dict_to_request;
use super::errors::IntoPy;
use super::iterator::PyPageIterator;
use super::results::{py_page, py_record, resource_classes};
use crate::api::{
    CreateSubaccountRequest, ListSubaccountsQuery, MasterUser, Subaccount, SubaccountDetails,
    SubaccountSummary, UpdateSubaccountRequest,
};

py_record! {
    /// A new subaccount. For a managed subaccount, `api_key` holds its API key: shown this
    /// one time only, never in `repr()`, and left out when the result is pickled.
    PySubaccount(Subaccount) as "Subaccount", secret {
        /// Account ID of the subaccount.
        id,
        /// The subaccount's type.
        account_type,
        /// The user who manages the subaccount.
        account_manager_user_id,
        /// Whether the parent account is billed.
        bill_parent,
        /// The subaccount's primary organization.
        organization,
        /// The subaccount's first user.
        user,
        /// A managed subaccount's API key, shown this one time only: store it. None otherwise.
        api_key,
    }
    repr(id, account_type)
}

py_record! {
    /// One subaccount in a list.
    PySubaccountSummary(SubaccountSummary) as "SubaccountSummary" {
        /// The subaccount's account ID.
        id,
        /// The subaccount's type.
        account_type,
        /// Its primary organization's name.
        organization_name,
        /// When it was created.
        date_created,
        /// The name of its account manager.
        account_manager,
    }
    repr(id, account_type, organization_name)
}

py_record! {
    /// The first user of a subaccount, in its details.
    PyMasterUser(MasterUser) as "MasterUser" {
        /// First name.
        first_name,
        /// Last name.
        last_name,
        /// Email address.
        email,
        /// Job title.
        job_title,
        /// Telephone number.
        telephone,
        /// Notification language.
        i18n_language_id,
        /// The user's container.
        container_id,
    }
    repr(email)
}

py_record! {
    /// A subaccount's details.
    PySubaccountDetails(SubaccountDetails) as "SubaccountDetails" {
        /// The subaccount's account ID.
        id,
        /// The subaccount's type.
        account_type,
        /// Its primary organization's name.
        organization_name,
        /// Friendly name, when one was set.
        child_name,
        /// When it was created.
        date_created,
        /// The parent account.
        parent_account_id,
        /// The account that is billed.
        billing_account_name,
        /// The billed account's ID.
        billing_account_id,
        /// The name of its account manager.
        account_manager,
        /// Whether the parent account is billed.
        bill_parent,
        /// Whether it may only create bill-to-parent subaccounts.
        enforce_bill_parent,
        /// Its first user.
        master_user,
        /// Its primary organization.
        organization,
    }
    repr(id, account_type, organization_name)
}

py_page! {
    /// One page of subaccounts; iterable, with len().
    PySubaccountPage(Page<SubaccountSummary>) as "SubaccountPage", subaccounts
}

resource_classes!(
    PySubaccount(Subaccount) as "Subaccount",
    PySubaccountSummary(SubaccountSummary) as "SubaccountSummary",
    PyMasterUser(MasterUser) as "MasterUser",
    PySubaccountDetails(SubaccountDetails) as "SubaccountDetails",
    PySubaccountPage(crate::api::Page<SubaccountSummary>) as "SubaccountPage",
);

#[pymethods]
impl PyClient {
    /// POST account: creates a subaccount.
    ///
    /// Args:
    ///     account_type (str): e.g. "retail" or "managed" (allowed values depend on the account).
    ///     allowed_grandchildren (list[str]): account types the subaccount may create.
    ///     user (dict): first_name, last_name, email (required), username, job_title, telephone.
    ///     organization (dict): name, address, zip, city, state, country (required),
    ///         assumed_name, address2, telephone.
    ///     account_manager_user_id (int | None), bill_parent (bool | None),
    ///     child_name (str | None): optional settings.
    ///
    /// Returns:
    ///     Subaccount: for "managed", `api_key` holds its key, shown this one time only.
    ///
    /// Raises:
    ///     ValidationError: a documented rule is broken; nothing was sent.
    ///     DecodeError: created, but the answer could not be read: do not repeat; the key, if
    ///         any, is in `one_time_key`.
    #[pyo3(signature = (account_type, *, allowed_grandchildren, user, organization,
                        account_manager_user_id=None, bill_parent=None, child_name=None))]
    #[allow(clippy::too_many_arguments)]
    fn create_subaccount(
        &self,
        py: Python<'_>,
        account_type: &Bound<'_, PyAny>,
        allowed_grandchildren: &Bound<'_, PyAny>,
        user: &Bound<'_, PyAny>,
        organization: &Bound<'_, PyAny>,
        account_manager_user_id: Option<&Bound<'_, PyAny>>,
        bill_parent: Option<&Bound<'_, PyAny>>,
        child_name: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PySubaccount>> {
        let request = CreateSubaccountRequest {
            account_type: text(account_type, "account_type")?,
            allowed_grandchildren: texts(allowed_grandchildren, "allowed_grandchildren")?,
            account_manager_user_id: opt_int(account_manager_user_id, "account_manager_user_id")?,
            bill_parent: opt_bool(bill_parent, "bill_parent")?,
            child_name: opt_text(child_name, "child_name")?,
            user: dict_to_request(user, "user").py(py)?,
            organization: dict_to_request(organization, "organization").py(py)?,
        };
        self.call(py, move |c| c.create_subaccount(&request))
    }

    /// GET account/subaccount: one page of the account's subaccounts.
    ///
    /// Args:
    ///     filters (Mapping[str, str] | None), search (str | None: organization name, a leading
    ///     "%" for "contains"), sort (str | None: account_id, account_type, organization_name,
    ///     date_created, account_manager), offset, limit (int | None).
    ///
    /// Returns:
    ///     SubaccountPage
    #[pyo3(signature = (*, filters=None, search=None, sort=None, offset=None, limit=None))]
    fn list_subaccounts(
        &self,
        py: Python<'_>,
        filters: Option<&Bound<'_, PyAny>>,
        search: Option<&Bound<'_, PyAny>>,
        sort: Option<&Bound<'_, PyAny>>,
        offset: Option<&Bound<'_, PyAny>>,
        limit: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PySubaccountPage>> {
        let query = ListSubaccountsQuery {
            list: list_params(py, filters, search, sort, offset, limit)?,
        };
        self.call(py, move |c| c.list_subaccounts(&query))
    }

    /// Every subaccount matching the parameters (those of list_subaccounts).
    ///
    /// Returns:
    ///     PageIterator[SubaccountSummary]
    #[pyo3(signature = (*, filters=None, search=None, sort=None, page_size=None),
           text_signature = "($self, *, filters=None, search=None, sort=None, page_size=1000)")]
    fn iter_subaccounts(
        &self,
        py: Python<'_>,
        filters: Option<&Bound<'_, PyAny>>,
        search: Option<&Bound<'_, PyAny>>,
        sort: Option<&Bound<'_, PyAny>>,
        page_size: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyPageIterator> {
        let mut query = ListSubaccountsQuery {
            list: list_params(py, filters, search, sort, None, None)?,
        };
        query.list.limit = self::page_size(py, page_size)?;
        Ok(PyPageIterator::new(
            self.client().py(py)?.subaccounts(query).py(py)?,
        ))
    }

    /// GET account/subaccount/{subaccount_id}: one subaccount's details.
    ///
    /// Raises:
    ///     NotFoundError: no such subaccount.
    fn get_subaccount(
        &self,
        py: Python<'_>,
        subaccount_id: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PySubaccountDetails>> {
        let id = int(subaccount_id, "subaccount_id")?;
        self.call(py, move |c| c.get_subaccount(id))
    }
}

#[pymethods]
impl PyClient {
    /// PUT account/subaccount/{subaccount_id}: changes the settings named; the others stay
    /// as they are (leaving out the account manager does not remove it).
    ///
    /// Args:
    ///     subaccount_id (int): the subaccount, above 0.
    ///     account_manager_user_id (int | None): an existing user who manages it.
    ///     bill_parent (bool | None): bill the parent account for its orders.
    ///     child_name (str | None): a name the parent sees, at most 64 characters.
    ///     None leaves a setting as it is; at least one must be given.
    ///
    /// Raises:
    ///     ValidationError: a documented rule is broken; nothing was sent.
    ///     NotFoundError: no such subaccount.
    #[pyo3(signature = (subaccount_id, *, account_manager_user_id=None, bill_parent=None,
                        child_name=None))]
    fn update_subaccount(
        &self,
        py: Python<'_>,
        subaccount_id: &Bound<'_, PyAny>,
        account_manager_user_id: Option<&Bound<'_, PyAny>>,
        bill_parent: Option<&Bound<'_, PyAny>>,
        child_name: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let id = int(subaccount_id, "subaccount_id")?;
        let changes = UpdateSubaccountRequest {
            account_manager_user_id: opt_int(account_manager_user_id, "account_manager_user_id")?,
            bill_parent: opt_bool(bill_parent, "bill_parent")?,
            child_name: opt_text(child_name, "child_name")?,
        };
        self.call_unit(py, move |c| c.update_subaccount(id, &changes))
    }
}
