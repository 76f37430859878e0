//! One owning allocation per result handed to C.
//!
//! A result's `#[repr(C)]` struct comes first in an [`Owned`] allocation, followed by the
//! [`Arena`] that holds every string and nested struct it points to. Freeing the result drops
//! the arena, so a field added to a result cannot be forgotten by its `_free` function.

use std::any::Any;
use std::ffi::c_char;
use std::ptr;

/// Strings go into chunks that never reallocate, so pointers into them stay valid: a page of
/// 1000 invites costs a few allocations, not one per string.
const CHUNK_BYTES: usize = 64 * 1024;
const FIRST_CHUNK_BYTES: usize = 1024;

/// The strings and nested structs one result points to.
#[derive(Default)]
pub(crate) struct Arena {
    chunks: Vec<Vec<u8>>,
    nested: Vec<Box<dyn Any>>,
    /// Zero every string byte before the memory is released (results holding one-time keys).
    secret: bool,
}

impl Arena {
    /// An arena whose strings are zeroed when it is dropped.
    pub(crate) fn secret() -> Arena {
        let mut arena = Arena::default();
        arena.secret = true;
        arena
    }

    /// Copies `text` in as a NUL-terminated C string; an interior NUL (possible in server
    /// text) becomes U+FFFD, so C sees the whole value.
    pub(crate) fn text(&mut self, text: &str) -> *const c_char {
        const REPLACEMENT: &[u8] = "\u{FFFD}".as_bytes();
        let bytes = text.as_bytes();
        // Most text is short and has no NUL: a branch-free look suits short text, a vectorised
        // search long text; either way the common case copies the text in one go.
        let has_nul = if bytes.len() <= 32 {
            bytes.iter().fold(false, |seen, b| seen | (*b == 0))
        } else {
            memchr::memchr(0, bytes).is_some()
        };
        let nuls = if has_nul {
            memchr::memchr_iter(0, bytes).count()
        } else {
            0
        };
        let needed = bytes.len() + 1 + nuls * (REPLACEMENT.len() - 1);
        let fits = self
            .chunks
            .last()
            .is_some_and(|c| c.capacity() - c.len() >= needed);
        if !fits {
            // Small results stay small; big ones reach full-size chunks quickly.
            let size = self
                .chunks
                .last()
                .map_or(FIRST_CHUNK_BYTES, |c| (c.capacity() * 2).min(CHUNK_BYTES));
            self.chunks.push(Vec::with_capacity(needed.max(size)));
        }
        let Some(chunk) = self.chunks.last_mut() else {
            return ptr::null();
        };
        let start = chunk.len();
        if nuls == 0 {
            chunk.extend_from_slice(bytes);
        } else {
            for (index, piece) in bytes.split(|b| *b == 0).enumerate() {
                if index > 0 {
                    chunk.extend_from_slice(REPLACEMENT);
                }
                chunk.extend_from_slice(piece);
            }
        }
        chunk.push(0);
        // The chunk had room for all of it, so it did not move.
        chunk[start..].as_ptr().cast()
    }

    /// Optional text: `None` gives NULL.
    pub(crate) fn opt_text(&mut self, text: Option<&str>) -> *const c_char {
        text.map_or(ptr::null(), |t| self.text(t))
    }

    /// Keeps a nested value (a struct, or a Vec of them) alive as long as the result; the
    /// pointer is to its heap copy, which does not move.
    pub(crate) fn nested<T: 'static>(&mut self, value: T) -> *const T {
        let boxed = Box::new(value);
        let at: *const T = &*boxed;
        self.nested.push(boxed);
        at
    }

    /// A slice of nested values; NULL when empty.
    pub(crate) fn slice<T: 'static>(&mut self, values: Vec<T>) -> (*const T, usize) {
        if values.is_empty() {
            return (ptr::null(), 0);
        }
        let (at, len) = (values.as_ptr(), values.len());
        self.nested.push(Box::new(values));
        (at, len)
    }
}

impl Drop for Arena {
    fn drop(&mut self) {
        if self.secret {
            for chunk in &mut self.chunks {
                crate::secret::wipe_vec(chunk);
            }
        }
    }
}

/// A result and everything it points to; `value` is first, so a pointer to the allocation is
/// a pointer to the result.
#[repr(C)]
struct Owned<T> {
    value: T,
    arena: Arena,
}

/// Hands a result to C; [`free_owned`] takes it back.
pub(crate) fn into_owned<T>(value: T, arena: Arena) -> *mut T {
    Box::into_raw(Box::new(Owned { value, arena })).cast()
}

/// Frees a result from [`into_owned`] and everything in its arena. NULL is ignored.
///
/// # Safety
/// `ptr` is NULL or came from `into_owned::<T>` and has not been freed.
pub(crate) unsafe fn free_owned<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: per the contract, `ptr` is the start of a live `Owned<T>` made by
        // `into_owned`, and this is its only release.
        drop(unsafe { Box::from_raw(ptr.cast::<Owned<T>>()) });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    #[test]
    fn strings_stay_where_they_were_written() {
        let mut arena = Arena::default();
        let first = arena.text("first");
        let many: Vec<_> = (0..10_000).map(|i| arena.text(&format!("s{i}"))).collect();
        let big = arena.text(&"x".repeat(CHUNK_BYTES * 2));
        // SAFETY: every pointer points into the live arena and is NUL-terminated.
        unsafe {
            assert_eq!(CStr::from_ptr(first).to_str().unwrap(), "first");
            assert_eq!(CStr::from_ptr(many[9_999]).to_str().unwrap(), "s9999");
            assert_eq!(CStr::from_ptr(big).to_bytes().len(), CHUNK_BYTES * 2);
        }
        assert!(arena.opt_text(None).is_null());
    }

    #[test]
    fn interior_nuls_become_replacement_characters() {
        let mut arena = Arena::default();
        let text = arena.text("a\0b\0");
        // SAFETY: the pointer points into the live arena and is NUL-terminated.
        let read = unsafe { CStr::from_ptr(text) };
        assert_eq!(read.to_str().unwrap(), "a\u{FFFD}b\u{FFFD}");
    }

    #[test]
    fn an_owned_result_frees_its_arena() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::Arc;

        /// Counts its drops: freeing the result must drop what the arena holds, once.
        struct Counted(Arc<AtomicUsize>);
        impl Drop for Counted {
            fn drop(&mut self) {
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }

        let drops = Arc::new(AtomicUsize::new(0));
        let mut arena = Arena::secret();
        let name = arena.text("one-time key");
        let nested = arena.nested(Counted(Arc::clone(&drops)));
        let (listed, len) = arena.slice(vec![
            Counted(Arc::clone(&drops)),
            Counted(Arc::clone(&drops)),
        ]);
        let ptr = into_owned((name, nested, listed, len), arena);
        // SAFETY: `ptr` came from `into_owned` and is live; its text points into its arena.
        unsafe {
            assert_eq!(CStr::from_ptr((*ptr).0).to_str().unwrap(), "one-time key");
            assert_eq!((*ptr).3, 2);
        }
        assert_eq!(drops.load(Ordering::SeqCst), 0, "alive while the result is");
        // SAFETY: `ptr` came from `into_owned` and is freed once.
        unsafe { free_owned(ptr) };
        assert_eq!(
            drops.load(Ordering::SeqCst),
            3,
            "every nested value dropped, once"
        );
        // SAFETY: NULL is accepted.
        unsafe { free_owned::<u8>(ptr::null_mut()) };
    }
}
