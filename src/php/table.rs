//! Walking a PHP hash table the way `foreach` does: in order, following property-slot
//! indirections, skipping deleted and uninitialised slots.
//!
//! ext-php-rs's iterator stops after `zend_array_count()` entries, which leaves out the tail of a
//! property table holding an uninitialised typed property (counted out, but still a slot), its
//! key conversion panics on non-UTF-8 keys, and it makes four engine calls per element. This
//! reads the buckets directly (PHP ≥ 8.2 layout: packed arrays store bare zvals).

use std::marker::PhantomData;

use ext_php_rs::ffi::{zend_array_destroy, GC_IMMUTABLE};
use ext_php_rs::flags::DataType;
use ext_php_rs::types::{ZendHashTable, ZendStr, Zval};

/// `HASH_FLAG_PACKED`
const PACKED: u32 = 1 << 2;

/// An array key as stored: an integer, or a binary-safe string.
pub enum Key<'a> {
    Int(i64),
    Str(&'a ZendStr),
}

impl<'a> Key<'a> {
    pub fn zend_str(&self) -> Option<&'a ZendStr> {
        match self {
            Key::Str(s) => Some(s),
            Key::Int(_) => None,
        }
    }

    pub fn long(&self) -> Option<i64> {
        match self {
            Key::Int(n) => Some(*n),
            Key::Str(_) => None,
        }
    }
}

pub struct Entries<'a> {
    /// Raw, never a Rust reference: a held table has its reference count written to.
    ht: *mut ZendHashTable,
    pos: u32,
    held: bool,
    _borrow: PhantomData<&'a Zval>,
}

/// Walks a table while no PHP code can run.
pub fn entries(ht: &ZendHashTable) -> Entries<'_> {
    Entries { ht: std::ptr::from_ref(ht).cast_mut(), pos: 0, held: false, _borrow: PhantomData }
}

/// Walks the array in `zv` (an array zval) holding a reference on it, as a zval copy would:
/// PHP code running meanwhile (a `jsonSerialize()`) that writes to the same array then
/// separates it instead of reallocating it under the walk.
pub fn held_array(zv: &Zval) -> Option<Entries<'_>> {
    if !zv.is_array() {
        return None;
    }
    // SAFETY: an array zval's value is its table.
    Some(unsafe { held(zv.value.arr) })
}

/// As [`held_array`], for a table the engine handed out as a pointer.
///
/// # Safety
/// `ht` must point to a live table for the iterator's lifetime (the reference taken here keeps
/// it so once the walk starts).
pub unsafe fn held<'a>(ht: *mut ZendHashTable) -> Entries<'a> {
    // SAFETY: live table per the contract; GC_ADDREF unless immutable.
    unsafe {
        if (*ht).gc.u.type_info & GC_IMMUTABLE == 0 {
            (*ht).gc.refcount += 1;
        }
    }
    Entries { ht, pos: 0, held: true, _borrow: PhantomData }
}

/// Walks a table whose reference the caller hands over (a `zend_get_properties_for()`
/// result): given back when the walk ends.
///
/// # Safety
/// `ht` must point to a live table and carry a reference owned by the caller.
pub unsafe fn adopt<'a>(ht: *mut ZendHashTable) -> Entries<'a> {
    Entries { ht, pos: 0, held: true, _borrow: PhantomData }
}

impl Entries<'_> {
    /// Elements in the table, for capacity hints.
    pub fn elements(&self) -> usize {
        // SAFETY: a live table.
        unsafe { (*self.ht).nNumOfElements as usize }
    }

    /// Where the table is, to recognise it again (recursion detection).
    pub fn address(&self) -> *const std::ffi::c_void {
        self.ht.cast_const().cast()
    }
}

impl Drop for Entries<'_> {
    fn drop(&mut self) {
        if !self.held {
            return;
        }
        // SAFETY: gives back the reference taken in `held()`; if it was the last one (PHP code
        // dropped every other meanwhile), the table is ours to free.
        unsafe {
            if (*self.ht).gc.u.type_info & GC_IMMUTABLE == 0 {
                (*self.ht).gc.refcount -= 1;
                if (*self.ht).gc.refcount == 0 {
                    zend_array_destroy(self.ht);
                }
            }
        }
    }
}

impl<'a> Iterator for Entries<'a> {
    type Item = (Key<'a>, &'a Zval);

    fn next(&mut self) -> Option<Self::Item> {
        let ht = self.ht;
        // SAFETY: `pos < nNumUsed`, the number of initialised slots of the live table, re-read
        // each time; the PACKED flag tells which union member holds them.
        unsafe {
            while self.pos < (*ht).nNumUsed {
                let i = self.pos as usize;
                self.pos += 1;
                let (key, value): (Key<'a>, &'a Zval) = if (*ht).u.flags & PACKED != 0 {
                    (Key::Int(i as i64), &*(*ht).__bindgen_anon_1.arPacked.add(i))
                } else {
                    let bucket = (*ht).__bindgen_anon_1.arData.add(i);
                    let key = match (*bucket).key.as_ref() {
                        Some(name) => Key::Str(name),
                        None => Key::Int((*bucket).h as i64),
                    };
                    (key, &(*bucket).val)
                };
                let value = value.indirect().unwrap_or(value);
                if matches!(value.get_type(), DataType::Undef) {
                    continue;
                }
                return Some((key, value));
            }
        }
        None
    }
}
