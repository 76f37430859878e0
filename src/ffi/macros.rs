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
