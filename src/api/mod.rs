//! The API, one file per resource: its request and response types, the rules its requests
//! are checked against, and its `impl Client` block of endpoints.
//!
//! Requests serialize exactly as the API pages show: optional fields left unset are omitted, never
//! `null`. Responses decode leniently (see the README's table): unknown fields are kept in `raw`,
//! and missing or unreadable optional fields are `None`. [`decode`] is how the client decodes a
//! response, keeping the body once for every object's `raw`.

mod containers;
mod invites;
mod keys;
mod list;
mod organizations;
pub(crate) mod pages;
mod subaccounts;
mod users;

pub use crate::decode::{decode, DecodeFailure, Listed, Page, PageInfo, RawJson, Record, Response};
pub use containers::{
    Container, CreateContainerRequest, CreatedContainer, OrganizationAssignment, Role,
};
pub use invites::{Invite, InvitePage, Invites, ListInvitesQuery, SendInviteRequest};
pub use keys::{
    ApiKey, ApiKeyDetails, ApiKeyOwner, ApiKeyPage, CreateApiKeyRequest, ListApiKeysQuery,
    UpdateApiKeyRequest,
};
pub use list::ListParams;
pub use organizations::{
    Contact, ContactParams, CreateOrganizationRequest, CreatedOrganization, ListOrganizationsQuery,
    Organization, OrganizationContactRequest, OrganizationPage, SubmitValidationRequest,
    UpdateOrganizationContactsRequest, Validation, ValidationParams, VerifiedUserParams,
};
pub use pages::{ListQuery, Pages};
pub use subaccounts::{
    CreateSubaccountRequest, ListSubaccountsQuery, MasterUser, Subaccount, SubaccountDetails,
    SubaccountOrganizationRequest, SubaccountPage, SubaccountSummary, SubaccountUserRequest,
    UpdateSubaccountRequest,
};
pub use users::{
    AddServiceUserRequest, AddUserRequest, ContainerRef, CreatedUser, ListServiceUsersQuery,
    ListUsersQuery, RoleRef, ServiceUser, UpdateUserRequest, User, UserPage,
};
