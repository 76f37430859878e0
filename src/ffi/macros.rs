//! `ffi_fn!`: the body of every export, so that the boundary is written once.
//!
//! An export keeps its signature and documentation in plain Rust (cbindgen reads them; it does
//! not expand macros) and states only its arguments and its core call; `ffi_fn!` supplies the
//! rest, the same way for every export. In the style of rustls-ffi's `ffi_panic_boundary!` and
//! minijinja-cabi's `ffi_fn!`.
//!
//! Every form runs its body inside one `unsafe` block: an export's pointer arguments are NULL
//! or valid as the header's "Pointers" paragraph requires of every caller, which is all the
//! unsafe helpers of [`super::boundary`] and [`super::convert`] ask for.

/// The body of an export.
///
/// **A call that returns a status.** Sections, each optional but `err`, in the order the
/// arguments are checked (the header's order: the object the call is made on, then the request
/// and any other arguments, then the out-pointer):
///
/// ```text
/// ffi_fn! {
///     client: client,                      // `*const certcentral_client`, becomes `&Client`
///     object: builder,                     // or another object: `&T` (`*const T`) or `&mut T`
///     args: { let request = arg_request(request, "request")?; },
///     out: out = into_c(&client.call(&request)?, Arena::default()),
///     call: client.call_without_out(&request)?,
///     err: err,
/// }
/// ```
///
/// - `client` / `object`: NULL is refused, naming the argument.
/// - `args`: statements that check and translate the other arguments; each `?` refuses one,
///   naming it. Nothing has been sent yet.
/// - `out`: the out-pointer. It is cleared on entry, before anything is checked (NULL for a
///   pointer; an integer is left as it is, see [`super::boundary::OutValue`]), refused after
///   the arguments if it is NULL, and receives the value (the core call) on success.
/// - `call`: the core call of an export that hands out nothing.
/// - `err`: the error out-pointer. Everything runs inside [`super::boundary::boundary`]: a
///   non-NULL `*err` on entry is refused before anything else, a failure gives its status and
///   `*err`, a panic gives `CERTCENTRAL_STATUS_PANIC`.
///
/// **A call that returns no status** runs inside the panic boundary too (a panic does nothing,
/// or gives the fallback):
///
/// - `ffi_fn!(free: expr)`: a `*_free`; `expr` releases what it is given.
/// - `ffi_fn!(read ptr or fallback => |r| expr)`: an accessor; `expr` reads `r`, the object
///   `ptr` points to; a NULL `ptr` (or a panic) gives `fallback`.
macro_rules! ffi_fn {
    (
        $(client: $client:ident,)?
        $(object: $object:ident,)?
        $(args: { $($args:tt)* },)?
        $(out: $out:ident = $value:expr,)?
        $(call: $call:expr,)?
        err: $err:ident $(,)?
    ) => {
        // SAFETY: the export's pointer arguments are NULL or valid as the header's "Pointers"
        // paragraph requires of the caller; the boundary and the helpers need nothing more.
        unsafe {
            $crate::ffi::boundary::boundary($err, || {
                $($crate::ffi::boundary::clear_out($out);)?
                $(
                    let $client =
                        &$crate::ffi::boundary::arg_ref($client, stringify!($client))?.client;
                )?
                $(
                    let $object =
                        $crate::ffi::boundary::Object::checked($object, stringify!($object))?;
                )?
                $($($args)*)?
                $(
                    let $out = $crate::ffi::boundary::out_ptr($out, stringify!($out))?;
                    $crate::ffi::boundary::write_out($out, $value);
                )?
                $($call;)?
                Ok(())
            })
        }
    };

    (free: $free:expr) => {
        // SAFETY: as above; what is freed is NULL or came from this library and is freed once.
        unsafe { $crate::ffi::boundary::guarded((), || $free) }
    };

    (read $ptr:ident or $fallback:expr => |$object:ident| $read:expr) => {
        // SAFETY: as above; `$ptr` is NULL or a live object from this library.
        unsafe {
            $crate::ffi::boundary::guarded($fallback, || {
                $crate::ffi::boundary::opt_ref($ptr).map_or($fallback, |$object| $read)
            })
        }
    };
}

pub(crate) use ffi_fn;

#[cfg(test)]
mod tests {
    use std::ffi::{c_char, CStr};
    use std::ptr;

    use super::super::boundary::arg_str;
    use super::super::error::{
        certcentral_error, certcentral_error_clear, certcentral_error_field,
    };
    use crate::error::Status;

    /// An export in miniature: an object, one string argument, an out-pointer.
    unsafe fn sample(
        thing: *const u32,
        name: *const c_char,
        out: *mut *const u32,
        err: *mut *mut certcentral_error,
    ) -> Status {
        ffi_fn! {
            object: thing,
            args: { arg_str(name, "name")?; },
            out: out = ptr::from_ref(thing),
            err: err,
        }
    }

    /// The same with an integer out-pointer.
    unsafe fn sample_id(
        name: *const c_char,
        id: *mut i64,
        err: *mut *mut certcentral_error,
    ) -> Status {
        ffi_fn! {
            args: { arg_str(name, "name")?; },
            out: id = 42,
            err: err,
        }
    }

    /// The field a failed call names; frees and resets its error.
    fn field_of(err: &mut *mut certcentral_error) -> String {
        // SAFETY: `*err` is a live error; its field is NUL-terminated and owned by it.
        let field = unsafe { CStr::from_ptr(certcentral_error_field(*err)) };
        let field = field.to_str().unwrap().to_owned();
        // SAFETY: `err` points to a live error, freed once.
        unsafe { certcentral_error_clear(err) };
        field
    }

    #[test]
    fn the_object_then_the_arguments_then_the_out_pointer() {
        let thing = 7u32;
        let stale = ptr::NonNull::<u32>::dangling().as_ptr().cast_const();
        let mut out = stale;
        let mut err = ptr::null_mut();
        // SAFETY: every pointer is NULL or valid.
        unsafe {
            let status = sample(ptr::null(), ptr::null(), &mut out, &mut err);
            assert_eq!(status, Status::InvalidArgument);
            assert_eq!(field_of(&mut err), "thing");
            assert!(out.is_null(), "cleared on entry");

            sample(&thing, ptr::null(), ptr::null_mut(), &mut err);
            assert_eq!(field_of(&mut err), "name");
            sample(&thing, c"x".as_ptr(), ptr::null_mut(), &mut err);
            assert_eq!(field_of(&mut err), "out");

            let status = sample(&thing, c"x".as_ptr(), &mut out, &mut err);
            assert_eq!(status, Status::Ok);
            assert!(err.is_null());
            assert_eq!(out, ptr::from_ref(&thing));
        }
    }

    #[test]
    fn an_integer_out_pointer_is_left_alone_on_failure() {
        let mut id = 7i64;
        let mut err = ptr::null_mut();
        // SAFETY: every pointer is NULL or valid.
        unsafe {
            assert_eq!(
                sample_id(ptr::null(), &mut id, &mut err),
                Status::InvalidArgument
            );
            assert_eq!(field_of(&mut err), "name");
            assert_eq!(id, 7);
            assert_eq!(sample_id(c"x".as_ptr(), &mut id, &mut err), Status::Ok);
            assert_eq!(id, 42);
        }
    }
}
