//! What the resources share: the optional boolean, the translation of request structs into the
//! core's types ([`ToCore`]) and of core results into C structs ([`ToC`]), and
//! `certcentral_list_params`, the list parameters of users, organizations and subaccounts.
//!
//! A zero-initialized request struct means "all unset": strings NULL, counts 0, ids 0, optional
//! bools `CERTCENTRAL_OPTIONAL_BOOL_UNSET`. Field names are the API's JSON names. An unset
//! required field is reported by the core's validation (`CERTCENTRAL_STATUS_VALIDATION`) with its
//! name.
//!
//! Each top-level result is one owning allocation (see [`super::arena`]): its strings and nested
//! structs live in its arena, and its `*_free` releases them all and accepts NULL. Absent
//! strings are NULL, absent ids 0, absent booleans `CERTCENTRAL_OPTIONAL_BOOL_UNSET`, absent
//! counts -1.

use std::ffi::c_char;
use std::ptr;

use super::arena::{into_owned, Arena};
use super::boundary::{arg_ref, arg_strings, opt_ref, opt_str};
use crate::api::ListParams;
use crate::error::Error;

/// A three-state boolean: unset (0, the zero value), false (1) or true (2). An integer rather
/// than an enum, so that any value C stores is safe to read; other values are refused.
pub type certcentral_optional_bool = u8;
/// Unset: the field is omitted from the request (or was absent from the response).
pub const CERTCENTRAL_OPTIONAL_BOOL_UNSET: certcentral_optional_bool = 0;
/// False.
pub const CERTCENTRAL_OPTIONAL_BOOL_FALSE: certcentral_optional_bool = 1;
/// True.
pub const CERTCENTRAL_OPTIONAL_BOOL_TRUE: certcentral_optional_bool = 2;

pub(crate) fn read_optional_bool(
    value: certcentral_optional_bool,
    name: &str,
) -> Result<Option<bool>, Error> {
    match value {
        CERTCENTRAL_OPTIONAL_BOOL_UNSET => Ok(None),
        CERTCENTRAL_OPTIONAL_BOOL_FALSE => Ok(Some(false)),
        CERTCENTRAL_OPTIONAL_BOOL_TRUE => Ok(Some(true)),
        other => Err(Error::invalid_argument(
            name,
            format!("must be CERTCENTRAL_OPTIONAL_BOOL_UNSET, _FALSE or _TRUE (got {other})"),
        )),
    }
}

pub(crate) fn write_optional_bool(value: Option<bool>) -> certcentral_optional_bool {
    match value {
        None => CERTCENTRAL_OPTIONAL_BOOL_UNSET,
        Some(false) => CERTCENTRAL_OPTIONAL_BOOL_FALSE,
        Some(true) => CERTCENTRAL_OPTIONAL_BOOL_TRUE,
    }
}

/// An optional id: 0 means unset.
pub(crate) fn optional_id(id: i64) -> Option<i64> {
    (id != 0).then_some(id)
}

/// An optional string field of a request struct, owned.
///
/// # Safety
/// As for [`opt_str`].
pub(crate) unsafe fn opt_string(ptr: *const c_char, name: &str) -> Result<Option<String>, Error> {
    // SAFETY: the same contract.
    Ok(unsafe { opt_str(ptr, name) }?.map(str::to_owned))
}

/// A string field a request needs: NULL (unset) becomes "", which the core's validation then
/// reports as the required field it is.
///
/// # Safety
/// As for [`opt_str`].
pub(crate) unsafe fn field_string(ptr: *const c_char, name: &str) -> Result<String, Error> {
    // SAFETY: the same contract.
    Ok(unsafe { opt_str(ptr, name) }?
        .unwrap_or_default()
        .to_owned())
}

/// A request or query struct as C passes it, and the core type it translates to.
pub(crate) trait ToCore {
    /// The core request or query.
    type Core;

    /// The core request or query.
    ///
    /// # Safety
    /// Every pointer field is NULL or valid as the header's preamble describes.
    unsafe fn to_core(&self) -> Result<Self::Core, Error>;
}

/// A required request argument, translated; NULL is refused naming `name`.
///
/// # Safety
/// `request` is NULL or valid as the header's preamble describes, and so are its fields.
pub(crate) unsafe fn arg_request<R: ToCore>(
    request: *const R,
    name: &str,
) -> Result<R::Core, Error> {
    // SAFETY: per the contract.
    unsafe { arg_ref(request, name)?.to_core() }
}

/// A list query argument, translated; NULL means no parameters.
///
/// # Safety
/// `query` is NULL or valid as the header's preamble describes, and so are its fields.
pub(crate) unsafe fn arg_query<Q: ToCore>(query: *const Q) -> Result<Q::Core, Error>
where
    Q::Core: Default,
{
    // SAFETY: per the contract.
    match unsafe { opt_ref(query) } {
        // SAFETY: per the contract, the struct's pointer fields are NULL or valid.
        Some(query) => unsafe { query.to_core() },
        None => Ok(Q::Core::default()),
    }
}

/// Filters, search, sort and pagination shared by the list functions of users, organizations
/// and subaccounts. NULL strings, zero numbers and zero filters are left out of the query.
#[repr(C)]
pub struct certcentral_list_params {
    /// Filter names, each sent as `filters[<name>]=<value>`: letters, digits and `_`, each name
    /// at most once ("search" is `search`, not a filter).
    pub filter_names: *const *const c_char,
    /// The value of each filter, in the order of `filter_names`.
    pub filter_values: *const *const c_char,
    /// How many elements `filter_names` and `filter_values` each point to.
    pub filters_len: usize,
    /// `filters[search]`: the endpoint's free-text search; on most endpoints a leading `%`
    /// means "contains".
    pub search: *const c_char,
    /// `sort`: comma-separated properties, `-` prefix for descending.
    pub sort: *const c_char,
    /// Index of the first result; 0 = from the start.
    pub offset: u32,
    /// Page size; 0 = the server's default.
    pub limit: u32,
}

impl ToCore for certcentral_list_params {
    type Core = ListParams;

    /// The core parameters; names in errors start with `list.`.
    unsafe fn to_core(&self) -> Result<ListParams, Error> {
        // SAFETY: the caller upholds the pointer contract of this struct's fields.
        unsafe {
            let names = arg_strings(self.filter_names, self.filters_len, "list.filter_names")?;
            let values = arg_strings(self.filter_values, self.filters_len, "list.filter_values")?;
            let mut filters = std::collections::BTreeMap::new();
            for (i, (name, value)) in names.into_iter().zip(values).enumerate() {
                // A map holds each name once; a repeated name would silently drop a value.
                if filters.contains_key(&name) {
                    return Err(Error::invalid_argument(
                        format!("list.filter_names[{i}]"),
                        format!("repeats the filter name {name:?}"),
                    ));
                }
                filters.insert(name, value);
            }
            Ok(ListParams {
                filters,
                search: opt_string(self.search, "list.search")?,
                sort: opt_string(self.sort, "list.sort")?,
                offset: (self.offset != 0).then_some(self.offset),
                limit: (self.limit != 0).then_some(self.limit),
            })
        }
    }
}

/// A core result as its C struct, with its strings and nested structs in `arena`.
pub(crate) trait ToC {
    type C: 'static;
    fn to_c(&self, arena: &mut Arena) -> Self::C;
}

/// Hands a result to C as one allocation; a result holding a one-time key gets an arena that
/// is zeroed when freed.
pub(crate) fn into_c<T: ToC>(result: &T, mut arena: Arena) -> *mut T::C {
    let value = result.to_c(&mut arena);
    into_owned(value, arena)
}

/// Items as a C array in `arena` (NULL when empty).
pub(crate) fn array<T: ToC>(items: &[T], arena: &mut Arena) -> (*const T::C, usize) {
    let converted: Vec<T::C> = items.iter().map(|item| item.to_c(arena)).collect();
    arena.slice(converted)
}

/// An optional nested result: NULL when absent.
pub(crate) fn nested<T: ToC>(item: Option<&T>, arena: &mut Arena) -> *const T::C {
    item.map_or(ptr::null(), |item| {
        let converted = item.to_c(arena);
        arena.nested(converted)
    })
}

/// A count the server may leave out: -1 when absent.
pub(crate) fn count(value: Option<u64>) -> i64 {
    value.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX))
}

/// Strings as a C array of pointers in `arena` (NULL when empty).
pub(crate) fn texts(items: &[String], arena: &mut Arena) -> (*const *const c_char, usize) {
    let pointers: Vec<*const c_char> = items.iter().map(|item| arena.text(item)).collect();
    arena.slice(pointers)
}

/// Integers as a C array in `arena` (NULL when empty).
pub(crate) fn ints(items: &[i64], arena: &mut Arena) -> (*const i64, usize) {
    arena.slice(items.to_vec())
}
