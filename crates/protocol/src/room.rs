//! Rooms and the broadcast options (`rooms`, `except`, `flags`) that travel with every message.

use std::collections::HashSet;

/// A room name as the server's `Map.has` sees it: `42` and `"42"` are different rooms.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Room {
    Str(String),
    Int(i64),
}

impl Room {
    /// `String(room)` in JavaScript: how a room is written into a channel name.
    pub fn to_channel_part(&self) -> String {
        match self {
            Room::Str(s) => s.clone(),
            Room::Int(n) => n.to_string(),
        }
    }
}

/// An insertion-ordered set, like the JS `Set` the official emitter keeps rooms in.
#[derive(Debug, Clone, Default)]
pub struct RoomSet {
    rooms: Vec<Room>,
    /// Built once the set outgrows a linear scan, so `to()` with thousands of rooms stays
    /// linear instead of quadratic; small sets (the usual one or two rooms) never allocate it.
    index: Option<HashSet<Room>>,
}

/// Above this many rooms, membership goes through the hash index.
const LINEAR_SCAN_MAX: usize = 16;

impl RoomSet {
    pub fn insert(&mut self, room: Room) {
        let seen = match &mut self.index {
            Some(index) => !index.insert(room.clone()),
            None => self.rooms.contains(&room),
        };
        if seen {
            return;
        }
        self.rooms.push(room);
        if self.index.is_none() && self.rooms.len() > LINEAR_SCAN_MAX {
            self.index = Some(self.rooms.iter().cloned().collect());
        }
    }
    pub fn extend<I: IntoIterator<Item = Room>>(&mut self, rooms: I) {
        for room in rooms {
            self.insert(room);
        }
    }
    pub fn as_slice(&self) -> &[Room] {
        &self.rooms
    }
    pub fn len(&self) -> usize {
        self.rooms.len()
    }
    pub fn is_empty(&self) -> bool {
        self.rooms.is_empty()
    }
}

impl PartialEq for RoomSet {
    fn eq(&self, other: &Self) -> bool {
        self.rooms == other.rooms
    }
}

/// The two flags a receiving server reads; anything else is ignored there.
///
/// The official emitter keeps flags in a JS object, so their byte order is the order in which
/// they were first set (`compress(false)` then `volatile` writes compress first). Set them
/// through [`Flags::set_volatile`] and [`Flags::set_compress`] to keep that order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flags {
    pub volatile: bool,
    /// `None` until `compress()` is called: the official emitter then omits the key.
    pub compress: Option<bool>,
    /// True when compress was set before volatile.
    pub compress_first: bool,
}

impl Flags {
    pub fn set_volatile(&mut self) {
        if !self.volatile && self.compress.is_some() {
            self.compress_first = true;
        }
        self.volatile = true;
    }

    pub fn set_compress(&mut self, compress: bool) {
        if self.compress.is_none() && !self.volatile {
            self.compress_first = true;
        }
        self.compress = Some(compress);
    }
}

/// What a `BroadcastOperator` accumulates: immutable in PHP, so each step clones this.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BroadcastOptions {
    pub rooms: RoomSet,
    pub except: RoomSet,
    pub flags: Flags,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_remember_which_was_set_first() {
        let mut f = Flags::default();
        f.set_volatile();
        f.set_compress(false);
        assert!(!f.compress_first);
        let mut g = Flags::default();
        g.set_compress(false);
        g.set_volatile();
        g.set_compress(true);
        assert!(g.compress_first && g.volatile && g.compress == Some(true));
    }

    #[test]
    fn large_room_sets_stay_deduplicated_in_order() {
        let mut s = RoomSet::default();
        for round in 0..2 {
            for i in 0..1000 {
                s.insert(if i % 2 == 0 { Room::Int(i) } else { Room::Str(i.to_string()) });
            }
            assert_eq!(s.len(), 1000, "round {round}");
        }
        s.insert(Room::Str("0".into()));
        assert_eq!(s.as_slice()[0], Room::Int(0));
        assert_eq!(s.as_slice()[1000], Room::Str("0".into()));
    }

    #[test]
    fn room_set_keeps_first_occurrence_and_type() {
        let mut s = RoomSet::default();
        s.extend([Room::Str("a".into()), Room::Int(42), Room::Str("a".into()), Room::Str("42".into())]);
        assert_eq!(s.as_slice(), &[Room::Str("a".into()), Room::Int(42), Room::Str("42".into())]);
    }
}
