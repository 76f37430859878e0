//! Organizations in Python: `create_organization`, `list_organizations`,
//! `iter_organizations`, `get_organization`, `delete_organization`,
//! `update_organization_contacts`, `submit_organization_validation`,
//! `get_organization_validations`, and their results.

use pyo3::prelude::*;

use super::args::{int, opt_bool, opt_text, text};
use super::args::{list_params, page_size};
use super::client::PyClient;
use super::convert::{dict_to_request, dicts_to_requests};
use super::errors::IntoPy;
use super::iterator::PyPageIterator;
use super::results::{py_page, py_record, resource_classes};
use crate::api::{
    Contact, CreateOrganizationRequest, CreatedOrganization, ListOrganizationsQuery, Organization,
    SubmitValidationRequest, UpdateOrganizationContactsRequest, Validation,
};
use pyo3::types::PyList;

py_record! {
    /// An organization's contact.
    PyContact(Contact) as "Contact" {
        /// Contact ID.
        id,
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
        /// Telephone extension.
        telephone_extension,
    }
    repr(id, email)
}

py_record! {
    /// One validation of an organization.
    PyValidation(Validation) as "Validation" {
        /// The validation type, e.g. "ov".
        validation_type as "type",
        /// Short name, e.g. "OV".
        name,
        /// Description.
        description,
        /// When it was created (ISO 8601).
        date_created,
        /// Until when it is valid (ISO 8601).
        validated_until,
        /// Its status.
        status,
    }
    repr(validation_type, status)
}

py_record! {
    /// An organization (also the one of a new subaccount).
    PyOrganization(Organization) as "Organization" {
        /// Organization ID.
        id,
        /// active or inactive.
        status,
        /// Legal name.
        name,
        /// Public ("doing business as") name.
        assumed_name,
        /// name and assumed_name combined.
        display_name,
        /// Whether the organization is active.
        is_active,
        /// Street address.
        address,
        /// Second address line.
        address2,
        /// Postal code.
        zip,
        /// City.
        city,
        /// State or province.
        state,
        /// Two-letter country code.
        country,
        /// Telephone number.
        telephone,
        /// The primary container.
        container,
        /// The organization's contact (details only).
        organization_contact,
        /// Divisions the organization is assigned to.
        container_id_assignments,
        /// Validations (listed with include_validation=True).
        validations,
    }
    repr(id, name, status)
}

py_record! {
    /// The answer to create_organization: the organization's id (an existing one when the
    /// duplicate check matched).
    PyCreatedOrganization(CreatedOrganization) as "CreatedOrganization" {
        /// ID of the organization.
        id,
    }
    repr(id)
}

py_page! {
    /// One page of organizations; iterable, with len().
    PyOrganizationPage(Page<Organization>) as "OrganizationPage", organizations
}

resource_classes!(
    PyContact(Contact) as "Contact",
    PyValidation(Validation) as "Validation",
    PyOrganization(Organization) as "Organization",
    PyCreatedOrganization(CreatedOrganization) as "CreatedOrganization",
    PyOrganizationPage(crate::api::Page<Organization>) as "OrganizationPage",
);

#[pymethods]
impl PyClient {
    /// POST organization: creates an organization, or under the duplicate check (the default)
    /// returns the matching existing one; that makes it safe to retry, and it is.
    ///
    /// Args:
    ///     name (str): legal name.
    ///     address, city, state, zip, country, telephone (str): required.
    ///     organization_contact (dict): first_name, last_name, email, telephone (required),
    ///         job_title, telephone_extension.
    ///     assumed_name, address2 (str | None): optional.
    ///     skip_duplicate_org_check (bool | None): True always creates a new one.
    ///
    /// Returns:
    ///     CreatedOrganization: `.id` (of an existing one when the duplicate check matched).
    ///
    /// Raises:
    ///     ValidationError: a documented rule is broken; nothing was sent.
    #[pyo3(signature = (name, *, address, city, state, zip, country, telephone,
                        organization_contact, assumed_name=None, address2=None,
                        skip_duplicate_org_check=None))]
    #[allow(clippy::too_many_arguments)]
    fn create_organization(
        &self,
        py: Python<'_>,
        name: &Bound<'_, PyAny>,
        address: &Bound<'_, PyAny>,
        city: &Bound<'_, PyAny>,
        state: &Bound<'_, PyAny>,
        zip: &Bound<'_, PyAny>,
        country: &Bound<'_, PyAny>,
        telephone: &Bound<'_, PyAny>,
        organization_contact: &Bound<'_, PyAny>,
        assumed_name: Option<&Bound<'_, PyAny>>,
        address2: Option<&Bound<'_, PyAny>>,
        skip_duplicate_org_check: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyCreatedOrganization>> {
        let request = CreateOrganizationRequest {
            name: text(name, "name")?,
            assumed_name: opt_text(assumed_name, "assumed_name")?,
            address: text(address, "address")?,
            address2: opt_text(address2, "address2")?,
            city: text(city, "city")?,
            state: text(state, "state")?,
            zip: text(zip, "zip")?,
            country: text(country, "country")?,
            telephone: text(telephone, "telephone")?,
            organization_contact: dict_to_request(organization_contact, "organization_contact")
                .py(py)?,
            skip_duplicate_org_check: opt_bool(
                skip_duplicate_org_check,
                "skip_duplicate_org_check",
            )?,
        };
        self.call(py, move |c| c.create_organization(&request))
    }

    /// GET organization: one page of the account's organizations.
    ///
    /// Args:
    ///     include_validation (bool | None): include each organization's validations.
    ///     filters (Mapping[str, str] | None): e.g. {"status": "active"}, {"validation":
    ///         "pending"}, {"container_id_for_organization": "5"}.
    ///     search (str | None): an exact ID, or a name containing the text.
    ///     sort (str | None), offset (int | None), limit (int | None, at least 1).
    ///
    /// Returns:
    ///     OrganizationPage
    #[pyo3(signature = (*, include_validation=None, filters=None, search=None, sort=None,
                        offset=None, limit=None))]
    #[allow(clippy::too_many_arguments)]
    fn list_organizations(
        &self,
        py: Python<'_>,
        include_validation: Option<&Bound<'_, PyAny>>,
        filters: Option<&Bound<'_, PyAny>>,
        search: Option<&Bound<'_, PyAny>>,
        sort: Option<&Bound<'_, PyAny>>,
        offset: Option<&Bound<'_, PyAny>>,
        limit: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyOrganizationPage>> {
        let query = ListOrganizationsQuery {
            include_validation: opt_bool(include_validation, "include_validation")?,
            list: list_params(py, filters, search, sort, offset, limit)?,
        };
        self.call(py, move |c| c.list_organizations(&query))
    }

    /// Every organization matching the parameters (those of list_organizations).
    ///
    /// Returns:
    ///     PageIterator[Organization]
    #[pyo3(signature = (*, include_validation=None, filters=None, search=None, sort=None,
                        page_size=None),
           text_signature = "($self, *, include_validation=None, filters=None, search=None, \
                             sort=None, page_size=1000)")]
    fn iter_organizations(
        &self,
        py: Python<'_>,
        include_validation: Option<&Bound<'_, PyAny>>,
        filters: Option<&Bound<'_, PyAny>>,
        search: Option<&Bound<'_, PyAny>>,
        sort: Option<&Bound<'_, PyAny>>,
        page_size: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyPageIterator> {
        let mut query = ListOrganizationsQuery {
            include_validation: opt_bool(include_validation, "include_validation")?,
            list: list_params(py, filters, search, sort, None, None)?,
        };
        query.list.limit = self::page_size(py, page_size)?;
        Ok(PyPageIterator::new(
            self.client().py(py)?.organizations(query).py(py)?,
        ))
    }

    /// GET organization/{organization_id}: one organization's details.
    ///
    /// Raises:
    ///     NotFoundError: no such organization.
    fn get_organization(
        &self,
        py: Python<'_>,
        organization_id: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyOrganization>> {
        let id = int(organization_id, "organization_id")?;
        self.call(py, move |c| c.get_organization(id))
    }
}

#[pymethods]
impl PyClient {
    /// DELETE organization/{organization_id}: deletes an organization and its domains,
    /// permanently (not the account's first organization).
    ///
    /// Retried as a read is; a 404 to a retry after an attempt that may have been carried out
    /// is success (a 404 to the first attempt is NotFoundError).
    ///
    /// Raises:
    ///     ValidationError: organization_id is not above 0; nothing was sent.
    ///     NotFoundError: no such organization.
    fn delete_organization(
        &self,
        py: Python<'_>,
        organization_id: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let id = int(organization_id, "organization_id")?;
        self.call_unit(py, move |c| c.delete_organization(id))
    }

    /// PUT organization/{organization_id}/contact: changes the organization contact, the
    /// technical contact, or both, and keeps every field not named.
    ///
    /// The server erases the fields a sent contact leaves out, so the organization is read
    /// first and each contact given is sent whole: the current contact's fields overlaid with
    /// the ones given. A contact not given is not sent, and stays as it is.
    ///
    /// Args:
    ///     organization_id (int): the organization, above 0.
    ///     organization_contact, technical_contact (dict | None): any of first_name,
    ///         last_name, email, job_title, telephone, telephone_extension, language_id; at
    ///         least one of the two must be given.
    ///
    /// Raises:
    ///     ValidationError: a documented rule is broken; nothing was sent.
    ///     NotFoundError: no such organization.
    #[pyo3(signature = (organization_id, *, organization_contact=None, technical_contact=None))]
    fn update_organization_contacts(
        &self,
        py: Python<'_>,
        organization_id: &Bound<'_, PyAny>,
        organization_contact: Option<&Bound<'_, PyAny>>,
        technical_contact: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let id = int(organization_id, "organization_id")?;
        let changes = UpdateOrganizationContactsRequest {
            organization_contact: organization_contact
                .map(|c| dict_to_request(c, "organization_contact"))
                .transpose()
                .py(py)?,
            technical_contact: technical_contact
                .map(|c| dict_to_request(c, "technical_contact"))
                .transpose()
                .py(py)?,
        };
        self.call_unit(py, move |c| c.update_organization_contacts(id, &changes))
    }

    /// POST organization/{organization_id}/validation: submits the organization for the
    /// validations named. Never sent again once it may have reached the server.
    ///
    /// Args:
    ///     organization_id (int): the organization, above 0.
    ///     validations (list[dict]): at least one; each a "type" (ov, ev, cs, ev_cs, ds,
    ///         smime) and, for ev, cs and ev_cs, "verified_users": dicts with an existing
    ///         user's "id", or first_name, last_name, job_title, telephone and email.
    ///
    /// Raises:
    ///     ValidationError: a documented rule is broken; nothing was sent.
    ///     NotFoundError: no such organization.
    fn submit_organization_validation(
        &self,
        py: Python<'_>,
        organization_id: &Bound<'_, PyAny>,
        validations: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let id = int(organization_id, "organization_id")?;
        let request = SubmitValidationRequest {
            validations: dicts_to_requests(validations, "validations")?,
        };
        self.call_unit(py, move |c| c.submit_organization_validation(id, &request))
    }

    /// GET organization/{organization_id}/validation: the organization's validations (an
    /// empty list when it has none).
    ///
    /// Returns:
    ///     list[Validation]
    ///
    /// Raises:
    ///     NotFoundError: no such organization.
    fn get_organization_validations<'py>(
        &self,
        py: Python<'py>,
        organization_id: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let id = int(organization_id, "organization_id")?;
        self.call_list(py, move |c| c.get_organization_validations(id))
    }
}
