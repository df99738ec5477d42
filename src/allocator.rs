//! Rust-side allocations (PHP values stay in the Zend allocator) go to mimalloc, a faster
//! allocator than glibc's for the small, short-lived allocations of each emit.
//!
//! `mimalloc::MiMalloc` sends every request through `mi_malloc_aligned`, whose extra checks
//! and heap lookup cost about a third of an allocation; an emit makes about ten. Allocations
//! whose alignment plain `mi_malloc` already guarantees (8 bytes, every block) take
//! `mi_malloc`; stricter ones keep the aligned entry points. `mi_free` frees either.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// Every mimalloc block is aligned to at least this (its smallest size class is one word).
const WORD: usize = std::mem::size_of::<usize>();

pub struct Allocator;

// SAFETY: each method hands the request to mimalloc's matching entry point, which returns
// null or a block of at least `size` bytes with the requested alignment (plain `mi_malloc`
// only when `WORD` covers it), and frees or resizes only blocks mimalloc gave out.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: plain FFI calls; any size is accepted.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_malloc(layout.size()).cast()
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_zalloc(layout.size()).cast()
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator, so from mimalloc.
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator with `layout`; the new block keeps its alignment.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_realloc(ptr.cast(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_have_the_alignment_asked_for() {
        let a = Allocator;
        for (size, align) in [(1, 1), (3, 2), (8, 8), (24, 8), (16, 16), (48, 16), (64, 64), (4096, 4096), (100_000, 8)]
        {
            let layout = Layout::from_size_align(size, align).unwrap();
            // SAFETY: non-zero sizes; each block is freed with its own layout.
            unsafe {
                let p = a.alloc(layout);
                assert!(!p.is_null() && (p as usize).is_multiple_of(align), "{size} {align}");
                p.write_bytes(0xAB, size);
                let q = a.realloc(p, layout, size * 3);
                assert!(!q.is_null() && (q as usize).is_multiple_of(align), "realloc {size} {align}");
                assert_eq!(*q, 0xAB);
                a.dealloc(q, Layout::from_size_align(size * 3, align).unwrap());
                let z = a.alloc_zeroed(layout);
                assert!((z as usize).is_multiple_of(align) && *z == 0);
                a.dealloc(z, layout);
            }
        }
    }
}
