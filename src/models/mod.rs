//! Request and response types, one file per API area.
//!
//! Requests serialize exactly as the API pages show: optional fields left unset are omitted, never
//! `null`. Responses decode leniently (see `lenient` and the README's table): unknown fields are
//! kept in `raw`, and missing or unreadable optional fields are `None`. [`decode`] is how the client decodes a response, keeping the body once for every
//! object's `raw`.

mod accounts;
mod invites;
mod keys;
pub(crate) mod lenient;
mod organizations;
mod page;
pub(crate) mod raw;
mod users;

pub use accounts::{
    Container, CreateSubaccountRequest, Subaccount, SubaccountOrganization,
    SubaccountOrganizationRequest, SubaccountUser, SubaccountUserRequest,
};
pub use invites::{Invite, InvitePage, ListInvitesQuery, SendInviteRequest};
pub use keys::{ApiKey, CreateApiKeyRequest};
pub use organizations::{CreateOrganizationRequest, CreatedOrganization, OrganizationContact};
pub use page::{Listed, Page, PageInfo};
pub(crate) use raw::RawBody;
pub use raw::{decode, DecodeFailure, RawJson, Response};
pub use users::{
    AccessRole, AddServiceUserRequest, AddUserRequest, ContainerRef, CreatedUser, ServiceUser,
};
