//! The edge between C and Rust: argument checks that name the argument, and the panic boundary
//! that every export runs inside (through `ffi_fn!`, see `super::macros`).

use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

use super::error::certcentral_error;
use crate::error::{Error, Status};

/// Runs an export's body inside the panic boundary: `Ok` gives `OK`; an error is handed to the
/// caller through `err` (when not NULL) and its status returned; a panic becomes `PANIC` and
/// never unwinds into C.
///
/// A non-NULL `*err` on entry is refused before anything else: it is an error the caller has
/// not freed (overwriting it would leak it) or a stale pointer (freeing it could free someone
/// else's). The call does nothing, leaves `*err` as it was, and returns `INVALID_ARGUMENT`.
///
/// # Safety
/// `err` is NULL or points to storage readable and writable as one pointer.
pub(crate) unsafe fn boundary(
    err: *mut *mut certcentral_error,
    body: impl FnOnce() -> Result<(), Error>,
) -> Status {
    // SAFETY: per the contract, a non-NULL `err` is readable storage for one pointer.
    if !err.is_null() && !unsafe { *err }.is_null() {
        return Status::InvalidArgument;
    }
    let run = || {
        let outcome = catch_unwind(AssertUnwindSafe(body))
            .unwrap_or_else(|panic| Err(Error::from_panic(panic.as_ref())));
        let status = match &outcome {
            Ok(()) => Status::Ok,
            Err(e) => e.status(),
        };
        (status, outcome.err().map(certcentral_error::new))
    };
    // Building the error object is inside the boundary too.
    let (status, error) = catch_unwind(AssertUnwindSafe(run)).unwrap_or((Status::Panic, None));
    if !err.is_null() {
        // SAFETY: per the contract, a non-NULL `err` is writable storage for one pointer.
        unsafe {
            *err = error.map_or(std::ptr::null_mut(), into_boxed);
        }
    }
    status
}

/// Runs a function that returns no status (`*_free`, accessors) inside the panic boundary;
/// a panic gives `fallback`.
pub(crate) fn guarded<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

fn null(name: &str) -> Error {
    Error::invalid_argument(name, "must not be NULL")
}

/// Hands a Rust value to C as an owned pointer; [`take_boxed`] takes it back.
pub(crate) fn into_boxed<T>(value: T) -> *mut T {
    Box::into_raw(Box::new(value))
}

/// Takes back a pointer from [`into_boxed`] to drop it; NULL gives `None`.
///
/// # Safety
/// `ptr` is NULL or came from `into_boxed::<T>` and has not been taken back.
pub(crate) unsafe fn take_boxed<T>(ptr: *mut T) -> Option<Box<T>> {
    // SAFETY: per the contract, a non-NULL `ptr` is a live box from `into_boxed`.
    (!ptr.is_null()).then(|| unsafe { Box::from_raw(ptr) })
}

/// An optional pointer argument.
///
/// # Safety
/// `ptr` is NULL or points to a live, initialized `T` that nothing mutates for `'a`.
pub(crate) unsafe fn opt_ref<'a, T>(ptr: *const T) -> Option<&'a T> {
    // SAFETY: per the contract.
    unsafe { ptr.as_ref() }
}

/// A required pointer argument.
///
/// # Safety
/// As for [`opt_ref`].
pub(crate) unsafe fn arg_ref<'a, T>(ptr: *const T, name: &str) -> Result<&'a T, Error> {
    // SAFETY: the same contract.
    unsafe { opt_ref(ptr) }.ok_or_else(|| null(name))
}

/// A required mutable pointer argument.
///
/// # Safety
/// `ptr` is NULL or points to a live, initialized `T` that nothing else uses for `'a`.
pub(crate) unsafe fn arg_mut<'a, T>(ptr: *mut T, name: &str) -> Result<&'a mut T, Error> {
    // SAFETY: per the contract.
    unsafe { ptr.as_mut() }.ok_or_else(|| null(name))
}

/// The object a call is made on (a builder, an iterator): NULL is refused, naming it; a
/// `*const T` gives `&T` and a `*mut T` gives `&mut T`.
pub(crate) trait Object<'a> {
    /// The checked reference.
    type Ref;

    /// The object, or an error naming `name`.
    ///
    /// # Safety
    /// As for [`arg_ref`] (`*const T`) or [`arg_mut`] (`*mut T`).
    unsafe fn checked(self, name: &str) -> Result<Self::Ref, Error>;
}

impl<'a, T: 'a> Object<'a> for *const T {
    type Ref = &'a T;

    unsafe fn checked(self, name: &str) -> Result<&'a T, Error> {
        // SAFETY: the same contract.
        unsafe { arg_ref(self, name) }
    }
}

impl<'a, T: 'a> Object<'a> for *mut T {
    type Ref = &'a mut T;

    unsafe fn checked(self, name: &str) -> Result<&'a mut T, Error> {
        // SAFETY: the same contract.
        unsafe { arg_mut(self, name) }
    }
}

/// A required out-pointer: checked before any request is sent, so no result is lost.
pub(crate) fn out_ptr<T>(ptr: *mut T, name: &str) -> Result<*mut T, Error> {
    if ptr.is_null() {
        return Err(null(name));
    }
    Ok(ptr)
}

/// What an out-pointer holds after a failure: NULL for a pointer; an integer is left as the
/// caller set it (the header: "set to NULL (or left untouched for plain integers)").
pub(crate) trait OutValue: Sized {
    /// The value written on entry, before any argument is checked; `None` writes nothing.
    const CLEARED: Option<Self>;
}

impl<T> OutValue for *mut T {
    const CLEARED: Option<Self> = Some(std::ptr::null_mut());
}

impl<T> OutValue for *const T {
    const CLEARED: Option<Self> = Some(std::ptr::null());
}

impl OutValue for i64 {
    const CLEARED: Option<Self> = None;
}

/// Clears an out-pointer on entry, before any argument is checked, so that on every failure it
/// holds [`OutValue::CLEARED`]; a NULL out-pointer is reported later, in argument order.
///
/// # Safety
/// `ptr` is NULL or points to storage writable as a `T`.
pub(crate) unsafe fn clear_out<T: OutValue>(ptr: *mut T) {
    if let (false, Some(value)) = (ptr.is_null(), T::CLEARED) {
        // SAFETY: per the contract.
        unsafe { ptr.write(value) }
    }
}

/// Writes through a checked out-pointer.
///
/// # Safety
/// `ptr` came from [`out_ptr`] and points to storage writable as a `T`.
pub(crate) unsafe fn write_out<T>(ptr: *mut T, value: T) {
    // SAFETY: per the contract; `out_ptr` refused NULL.
    unsafe { ptr.write(value) }
}

/// A required NUL-terminated UTF-8 string.
///
/// # Safety
/// As for [`opt_str`].
pub(crate) unsafe fn arg_str<'a>(ptr: *const c_char, name: &str) -> Result<&'a str, Error> {
    // SAFETY: the same contract.
    unsafe { opt_str(ptr, name) }?.ok_or_else(|| null(name))
}

/// An optional NUL-terminated UTF-8 string: NULL means unset.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that stays unchanged for `'a`.
pub(crate) unsafe fn opt_str<'a>(ptr: *const c_char, name: &str) -> Result<Option<&'a str>, Error> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: per the contract, a non-NULL pointer is a NUL-terminated string.
    let bytes = unsafe { CStr::from_ptr(ptr) };
    bytes
        .to_str()
        .map(Some)
        .map_err(|_| Error::invalid_argument(name, "is not valid UTF-8"))
}

/// An array given as pointer and length. Length 0 is empty whatever the pointer; a NULL pointer
/// with a non-zero length, or a length no array can have, is refused.
///
/// # Safety
/// `ptr` is NULL or points to `len` initialized `T`s that stay unchanged for `'a`.
pub(crate) unsafe fn arg_slice<'a, T>(
    ptr: *const T,
    len: usize,
    name: &str,
) -> Result<&'a [T], Error> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(Error::invalid_argument(
            name,
            format!("is NULL but its length is {len}"),
        ));
    }
    let max = isize::MAX as usize / std::mem::size_of::<T>().max(1);
    if len > max {
        return Err(Error::invalid_argument(
            name,
            format!("has an impossible length ({len})"),
        ));
    }
    // SAFETY: per the contract, `ptr` points to `len` initialized elements.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// An array of strings; every element must be a non-NULL UTF-8 string.
///
/// # Safety
/// As for [`arg_slice`], and each element as for [`opt_str`].
pub(crate) unsafe fn arg_strings(
    ptr: *const *const c_char,
    len: usize,
    name: &str,
) -> Result<Vec<String>, Error> {
    // SAFETY: the same contract.
    let slice = unsafe { arg_slice(ptr, len, name) }?;
    slice
        .iter()
        .enumerate()
        // SAFETY: each element is NULL or a NUL-terminated string, per the contract.
        .map(|(i, s)| unsafe { arg_str(*s, &format!("{name}[{i}]")) }.map(str::to_owned))
        .collect()
}

/// A C string the library hands out. Interior NULs (possible in server text) become U+FFFD.
pub(crate) fn to_c_string(text: &str) -> CString {
    CString::new(text)
        .unwrap_or_else(|_| CString::new(text.replace('\0', "\u{FFFD}")).unwrap_or_default())
}

/// Hands an owned string to C; free it with [`free_c_string`] (or `certcentral_string_free`).
pub(crate) fn into_c_string(text: &str) -> *mut c_char {
    to_c_string(text).into_raw()
}

/// Frees a string from [`into_c_string`]; NULL is ignored. With `wipe`, the bytes are zeroed first
/// (for secrets).
///
/// # Safety
/// `ptr` is NULL or came from [`into_c_string`] and has not been freed.
pub(crate) unsafe fn free_c_string(ptr: *const c_char, wipe: bool) {
    if ptr.is_null() {
        return;
    }
    // SAFETY: per the contract, `ptr` came from `CString::into_raw` and is freed once.
    let owned = unsafe { CString::from_raw(ptr.cast_mut()) };
    if wipe {
        self::wipe(owned);
    }
}

/// Zeroes a string's bytes before its memory is released.
pub(crate) fn wipe(text: CString) {
    crate::secret::wipe_vec(&mut text.into_bytes_with_nul());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_the_panic_status_and_an_error() {
        let mut err: *mut certcentral_error = std::ptr::null_mut();
        // SAFETY: `err` is writable storage for one pointer.
        let status = unsafe { boundary(&mut err, || panic!("boom at the boundary")) };
        assert_eq!(status, Status::Panic);
        // SAFETY: `err` is a live error; its message is NUL-terminated and owned by it.
        let message =
            unsafe { CStr::from_ptr(super::super::error::certcentral_error_message(err)) };
        assert!(
            message.to_str().unwrap().contains("boom at the boundary"),
            "{message:?}"
        );
        // SAFETY: `err` is a live error, freed once.
        unsafe { super::super::error::certcentral_error_free(err) };

        assert_eq!(guarded(7, || panic!("in a free function")), 7);
    }

    #[test]
    fn a_non_null_error_pointer_is_refused_and_left_alone() {
        let stale = std::ptr::NonNull::<certcentral_error>::dangling().as_ptr();
        let mut err = stale;
        let mut ran = false;
        // SAFETY: `err` is storage for one pointer; its value is compared, never dereferenced.
        let status = unsafe {
            boundary(&mut err, || {
                ran = true;
                Ok(())
            })
        };
        assert_eq!(status, Status::InvalidArgument);
        assert!(!ran, "nothing was done");
        assert_eq!(err, stale, "the caller's pointer is untouched");

        let mut err: *mut certcentral_error = std::ptr::null_mut();
        // SAFETY: as above.
        assert_eq!(unsafe { boundary(&mut err, || Ok(())) }, Status::Ok);
        assert!(err.is_null());
    }

    #[test]
    fn impossible_lengths_and_nulls_are_refused() {
        let one = [1i64];
        // SAFETY: each call is refused before the pointer is read, or reads nothing.
        unsafe {
            assert!(arg_slice(one.as_ptr(), usize::MAX, "xs").is_err());
            assert!(arg_slice(std::ptr::null::<i64>(), 1, "xs").is_err());
            assert_eq!(
                arg_slice(std::ptr::null::<i64>(), 0, "xs").unwrap(),
                &[] as &[i64]
            );
        }
        assert_eq!(to_c_string("a\0b").to_str().unwrap(), "a\u{FFFD}b");
    }
}
