//! Request and response types, one file per API area.
//!
//! Requests serialize exactly as the API pages show: optional fields left unset are omitted, never
//! `null`. Responses decode leniently (see `lenient` and the README's table): unknown fields are
//! kept in `raw`, and missing or unreadable optional fields are `None`. [`decode`] is how the client decodes a response, keeping the body once for every
//! object's `raw`.

mod accounts;
mod containers;
mod invites;
mod keys;
pub(crate) mod lenient;
mod list;
mod organizations;
mod page;
pub(crate) mod raw;
mod users;

pub use accounts::{
    CreateSubaccountRequest, ListSubaccountsQuery, MasterUser, Subaccount, SubaccountDetails,
    SubaccountOrganization, SubaccountOrganizationRequest, SubaccountPage, SubaccountSummary,
    SubaccountUser, SubaccountUserRequest,
};
pub use containers::{Container, OrganizationAssignment, Role};
pub use invites::{Invite, InvitePage, ListInvitesQuery, SendInviteRequest};
pub use keys::{ApiKey, CreateApiKeyRequest};
pub use list::ListParams;
pub use organizations::{
    Contact, CreateOrganizationRequest, CreatedOrganization, ListOrganizationsQuery, Organization,
    OrganizationContact, OrganizationPage, Validation,
};
pub use page::{Listed, Page, PageInfo};
pub(crate) use raw::RawBody;
pub use raw::{decode, DecodeFailure, RawJson, Record, Response};
pub use users::{
    AccessRole, AddServiceUserRequest, AddUserRequest, ContainerRef, CreatedUser, ListUsersQuery,
    ServiceUser, User, UserPage,
};
