//! Request and response types, one file per API area.
//!
//! Requests serialize exactly as the API pages show: optional fields left unset are omitted, never
//! `null`. Responses decode tolerantly: unknown fields are kept in `raw`, and missing optional fields
//! are `None`. [`decode`] is how the client decodes a response, keeping the body once for every
//! object's `raw`.

mod accounts;
mod invites;
mod organizations;
pub(crate) mod raw;
mod users;

pub use accounts::{
    Container, CreateSubaccountRequest, Subaccount, SubaccountOrganization,
    SubaccountOrganizationRequest, SubaccountUser, SubaccountUserRequest,
};
pub use invites::{Invite, InvitePage, ListInvitesQuery, PageInfo, SendInviteRequest};
pub use organizations::{CreateOrganizationRequest, CreatedOrganization, OrganizationContact};
pub(crate) use raw::RawBody;
pub use raw::{decode, RawJson, Response};
pub use users::{AccessRole, AddUserRequest, ContainerRef, CreatedUser};
