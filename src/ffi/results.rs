//! Result structs handed to C. The library owns every pointer inside them; each top-level result
//! has a `*_free` that releases the whole tree and accepts NULL. Absent strings are NULL, absent
//! ids are 0, absent booleans are `CERTCENTRAL_OPTIONAL_BOOL_UNSET`.

use std::ffi::c_char;
use std::ptr;

use super::boundary::{
    free_c_string, guarded, into_boxed, into_c_string, into_opt_c_string, take_boxed,
};
use super::requests::{certcentral_optional_bool, write_optional_bool};
use crate::models::{
    Container, Invite, InvitePage, Subaccount, SubaccountOrganization, SubaccountUser,
};

fn text(value: &Option<String>) -> *const c_char {
    into_opt_c_string(value.as_deref())
}

fn raw_text(raw: &crate::models::RawJson) -> *const c_char {
    into_c_string(raw.as_str()).cast_const()
}

fn release(strings: &mut [&mut *const c_char], wipe: bool) {
    for s in strings {
        free_c_string(**s, wipe);
        **s = ptr::null();
    }
}

fn boxed<T>(value: T) -> *const T {
    into_boxed(value).cast_const()
}

fn unboxed<T>(ptr: *const T) -> Option<Box<T>> {
    take_boxed(ptr.cast_mut())
}

/// One subaccount invite.
#[repr(C)]
pub struct certcentral_invite {
    pub id: i64,
    pub email: *const c_char,
    pub subaccount_type: *const c_char,
    pub invite_note: *const c_char,
    /// `yyyy-MM-dd HH:mm:ss`, no time zone.
    pub date_created: *const c_char,
    pub last_sent_date: *const c_char,
    /// pending, accepted, expired, canceled or cancelled.
    pub status: *const c_char,
    /// The invite exactly as the server sent it.
    pub raw_json: *const c_char,
}

/// Invites with all their strings in one allocation: a page of 1000 invites costs two
/// allocations, not eight thousand.
pub(crate) struct InviteBlock {
    // Vecs, not boxes: the C pointers into them must stay valid when the block moves.
    invites: Vec<certcentral_invite>,
    _strings: Vec<u8>,
}

impl InviteBlock {
    pub(crate) fn new(invites: &[Invite]) -> InviteBlock {
        const NONE: usize = usize::MAX;
        let mut strings: Vec<u8> = Vec::new();
        let mut push = |text: Option<&str>| match text {
            Some(text) => {
                let at = strings.len();
                // C strings end at the first NUL; one inside server text becomes U+FFFD.
                if text.contains('\0') {
                    strings.extend_from_slice(text.replace('\0', "\u{FFFD}").as_bytes());
                } else {
                    strings.extend_from_slice(text.as_bytes());
                }
                strings.push(0);
                at
            }
            None => NONE,
        };
        let offsets: Vec<[usize; 7]> = invites
            .iter()
            .map(|i| {
                [
                    push(i.email.as_deref()),
                    push(i.subaccount_type.as_deref()),
                    push(i.invite_note.as_deref()),
                    push(i.date_created.as_deref()),
                    push(i.last_sent_date.as_deref()),
                    push(i.status.as_deref()),
                    push(Some(i.raw.as_str())),
                ]
            })
            .collect();
        let at = |offset: usize| -> *const c_char {
            if offset == NONE {
                ptr::null()
            } else {
                strings[offset..].as_ptr().cast()
            }
        };
        let invites = invites
            .iter()
            .zip(&offsets)
            .map(|(invite, o)| certcentral_invite {
                id: invite.id,
                email: at(o[0]),
                subaccount_type: at(o[1]),
                invite_note: at(o[2]),
                date_created: at(o[3]),
                last_sent_date: at(o[4]),
                status: at(o[5]),
                raw_json: at(o[6]),
            })
            .collect();
        InviteBlock {
            invites,
            _strings: strings,
        }
    }

    pub(crate) fn invites(&self) -> &[certcentral_invite] {
        &self.invites
    }
}

/// One page of invites.
#[repr(C)]
pub struct certcentral_invite_page {
    pub invites: *const certcentral_invite,
    pub invites_len: usize,
    /// `page.total`: matching invites over all pages; -1 when the server did not say.
    pub total: i64,
    /// `page.limit` as the server reported it; -1 when it did not say.
    pub limit: i64,
    /// `page.offset`; -1 when the server did not say.
    pub offset: i64,
    /// The whole response exactly as the server sent it.
    pub raw_json: *const c_char,
}

fn count(value: Option<u64>) -> i64 {
    value.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX))
}

/// A page and the block holding its invites; the page comes first, so a pointer to it is a
/// pointer to the whole.
#[repr(C)]
struct PageAllocation {
    page: certcentral_invite_page,
    block: InviteBlock,
}

/// Hands a page to C; free it with `certcentral_invite_page_free`.
pub(crate) fn into_c_page(page: &InvitePage) -> *mut certcentral_invite_page {
    let block = InviteBlock::new(&page.invites);
    let c_page = certcentral_invite_page {
        invites: block.invites().as_ptr(),
        invites_len: block.invites().len(),
        total: count(page.total()),
        limit: count(page.limit()),
        offset: count(page.offset()),
        raw_json: raw_text(&page.raw),
    };
    into_boxed(PageAllocation {
        page: c_page,
        block,
    })
    .cast()
}

/// Frees a page and every invite and string in it. NULL is ignored.
#[no_mangle]
pub extern "C" fn certcentral_invite_page_free(page: *mut certcentral_invite_page) {
    guarded((), || {
        let Some(mut whole) = take_boxed(page.cast::<PageAllocation>()) else {
            return;
        };
        release(&mut [&mut whole.page.raw_json], false);
    })
}

/// A container (division) in a subaccount result.
#[repr(C)]
pub struct certcentral_container_details {
    pub id: i64,
    /// 0 for a top-level container (or when absent).
    pub parent_id: i64,
    pub name: *const c_char,
    pub is_active: certcentral_optional_bool,
    pub raw_json: *const c_char,
}

impl certcentral_container_details {
    fn new(c: &Container) -> certcentral_container_details {
        certcentral_container_details {
            id: c.id,
            parent_id: c.parent_id.unwrap_or(0),
            name: text(&c.name),
            is_active: write_optional_bool(c.is_active),
            raw_json: raw_text(&c.raw),
        }
    }

    fn release(&mut self) {
        release(&mut [&mut self.name, &mut self.raw_json], false);
    }
}

/// The organization of a new subaccount.
#[repr(C)]
pub struct certcentral_organization_details {
    pub id: i64,
    /// active or inactive.
    pub status: *const c_char,
    pub name: *const c_char,
    pub assumed_name: *const c_char,
    pub display_name: *const c_char,
    pub is_active: certcentral_optional_bool,
    pub address: *const c_char,
    pub address2: *const c_char,
    pub zip: *const c_char,
    pub city: *const c_char,
    pub state: *const c_char,
    pub country: *const c_char,
    pub telephone: *const c_char,
    /// NULL when absent.
    pub container: *const certcentral_container_details,
    pub raw_json: *const c_char,
}

impl certcentral_organization_details {
    fn new(o: &SubaccountOrganization) -> certcentral_organization_details {
        certcentral_organization_details {
            id: o.id,
            status: text(&o.status),
            name: text(&o.name),
            assumed_name: text(&o.assumed_name),
            display_name: text(&o.display_name),
            is_active: write_optional_bool(o.is_active),
            address: text(&o.address),
            address2: text(&o.address2),
            zip: text(&o.zip),
            city: text(&o.city),
            state: text(&o.state),
            country: text(&o.country),
            telephone: text(&o.telephone),
            container: o.container.as_ref().map_or(ptr::null(), |c| {
                boxed(certcentral_container_details::new(c))
            }),
            raw_json: raw_text(&o.raw),
        }
    }

    fn release(&mut self) {
        if let Some(mut container) = unboxed(self.container) {
            container.release();
        }
        self.container = ptr::null();
        release(
            &mut [
                &mut self.status,
                &mut self.name,
                &mut self.assumed_name,
                &mut self.display_name,
                &mut self.address,
                &mut self.address2,
                &mut self.zip,
                &mut self.city,
                &mut self.state,
                &mut self.country,
                &mut self.telephone,
                &mut self.raw_json,
            ],
            false,
        );
    }
}

/// The first user of a new subaccount.
#[repr(C)]
pub struct certcentral_user_details {
    pub id: i64,
    pub username: *const c_char,
    /// The new subaccount's account id.
    pub account_id: i64,
    pub first_name: *const c_char,
    pub last_name: *const c_char,
    pub email: *const c_char,
    pub job_title: *const c_char,
    pub telephone: *const c_char,
    /// The API's `type` field, e.g. "standard".
    pub user_type: *const c_char,
    pub raw_json: *const c_char,
}

impl certcentral_user_details {
    fn new(u: &SubaccountUser) -> certcentral_user_details {
        certcentral_user_details {
            id: u.id,
            username: text(&u.username),
            account_id: u.account_id.unwrap_or(0),
            first_name: text(&u.first_name),
            last_name: text(&u.last_name),
            email: text(&u.email),
            job_title: text(&u.job_title),
            telephone: text(&u.telephone),
            user_type: text(&u.user_type),
            raw_json: raw_text(&u.raw),
        }
    }

    fn release(&mut self) {
        release(
            &mut [
                &mut self.username,
                &mut self.first_name,
                &mut self.last_name,
                &mut self.email,
                &mut self.job_title,
                &mut self.telephone,
                &mut self.user_type,
                &mut self.raw_json,
            ],
            false,
        );
    }
}

/// A new subaccount.
#[repr(C)]
pub struct certcentral_subaccount {
    pub id: i64,
    pub account_type: *const c_char,
    /// 0 when absent.
    pub account_manager_user_id: i64,
    pub bill_parent: certcentral_optional_bool,
    /// NULL when absent.
    pub organization: *const certcentral_organization_details,
    /// NULL when absent.
    pub user: *const certcentral_user_details,
    /// A managed subaccount's API key, shown this one time only: store it. NULL unless managed.
    /// `certcentral_subaccount_free` zeroes this copy (and `raw_json`) before freeing it.
    pub api_key: *const c_char,
    /// The response exactly as the server sent it (including `api_key`).
    pub raw_json: *const c_char,
}

impl certcentral_subaccount {
    pub(crate) fn new(s: &Subaccount) -> certcentral_subaccount {
        certcentral_subaccount {
            id: s.id,
            account_type: text(&s.account_type),
            account_manager_user_id: s.account_manager_user_id.unwrap_or(0),
            bill_parent: write_optional_bool(s.bill_parent),
            organization: s.organization.as_ref().map_or(ptr::null(), |o| {
                boxed(certcentral_organization_details::new(o))
            }),
            user: s
                .user
                .as_ref()
                .map_or(ptr::null(), |u| boxed(certcentral_user_details::new(u))),
            api_key: into_opt_c_string(s.api_key.as_ref().map(|k| k.expose())),
            raw_json: raw_text(&s.raw),
        }
    }
}

/// Frees a subaccount and everything in it, zeroing its copy of the one-time API key first.
/// NULL is ignored.
#[no_mangle]
pub extern "C" fn certcentral_subaccount_free(subaccount: *mut certcentral_subaccount) {
    guarded((), || {
        let Some(mut sub) = unboxed(subaccount) else {
            return;
        };
        if let Some(mut org) = unboxed(sub.organization) {
            org.release();
        }
        if let Some(mut user) = unboxed(sub.user) {
            user.release();
        }
        release(&mut [&mut sub.account_type], false);
        release(&mut [&mut sub.api_key, &mut sub.raw_json], true);
    })
}
