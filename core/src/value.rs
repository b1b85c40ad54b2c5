//! The value encoding: every JS value is one `u64` (NaN-boxing).
//!
//! A double is stored as its IEEE bits, with every NaN canonicalised to
//! `0x7FF8_0000_0000_0000`. All other values live in the negative quiet-NaN
//! space, which no canonical double uses: the top 16 bits are a tag and the low
//! 32 bits a payload. Heap references are *indices* into the isolate's arenas,
//! never addresses, so the encoding is the same on 64-bit hosts and on wasm32,
//! and a heap can be written out position-independently.
//!
//! | top 16 bits | meaning                     | payload                        |
//! |-------------|-----------------------------|--------------------------------|
//! | `0xFFF9`    | int32                       | the integer (two's complement) |
//! | `0xFFFA`    | special                     | 0 undefined, 1 null, 2 false, 3 true, 4 hole, 5 uninitialised (TDZ) |
//! | `0xFFFB`    | object                      | index into the object arena    |
//! | `0xFFFC`    | string                      | index into the string arena    |
//! | `0xFFFD`    | symbol                      | index into the symbol arena    |
//! | `0xFFFE`    | bigint                      | index into the bigint arena    |
//!
//! Numbers that are integral, fit in an i32 and are not -0 are always stored as
//! int32, so two equal numbers have equal bits (apart from NaN rules).

use std::fmt;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Value(u64);

const TAG_SHIFT: u32 = 48;
pub const TAG_INT: u64 = 0xFFF9;
pub const TAG_SPECIAL: u64 = 0xFFFA;
pub const TAG_OBJECT: u64 = 0xFFFB;
pub const TAG_STRING: u64 = 0xFFFC;
pub const TAG_SYMBOL: u64 = 0xFFFD;
pub const TAG_BIGINT: u64 = 0xFFFE;
const CANONICAL_NAN: u64 = 0x7FF8_0000_0000_0000;

/// Index of a heap object (object arena).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct ObjId(pub u32);
/// Index of a heap string (string arena).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct StrId(pub u32);
/// Index of a symbol (symbol arena).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct SymId(pub u32);
/// Index of a bigint (bigint arena).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct BigId(pub u32);

impl Value {
    pub const UNDEFINED: Value = Value::tagged(TAG_SPECIAL, 0);
    pub const NULL: Value = Value::tagged(TAG_SPECIAL, 1);
    pub const FALSE: Value = Value::tagged(TAG_SPECIAL, 2);
    pub const TRUE: Value = Value::tagged(TAG_SPECIAL, 3);
    /// An array hole / absent value. Never visible to JS.
    pub const HOLE: Value = Value::tagged(TAG_SPECIAL, 4);
    /// A lexical binding in its temporal dead zone. Never visible to JS.
    pub const UNINIT: Value = Value::tagged(TAG_SPECIAL, 5);

    #[inline]
    const fn tagged(tag: u64, payload: u32) -> Value {
        Value((tag << TAG_SHIFT) | payload as u64)
    }
    #[inline]
    pub fn bits(self) -> u64 {
        self.0
    }
    /// Rebuilds a value from bits read back from a verified heap image.
    #[inline]
    pub fn from_bits_unchecked(bits: u64) -> Value {
        Value(bits)
    }
    #[inline]
    pub fn tag(self) -> u64 {
        self.0 >> TAG_SHIFT
    }
    #[inline]
    fn payload(self) -> u32 {
        self.0 as u32
    }

    #[inline]
    pub fn int(i: i32) -> Value {
        Value::tagged(TAG_INT, i as u32)
    }
    #[inline]
    pub fn number(f: f64) -> Value {
        let i = f as i32;
        if i as f64 == f && (i != 0 || f.is_sign_positive()) {
            return Value::int(i);
        }
        if f.is_nan() {
            return Value(CANONICAL_NAN);
        }
        Value(f.to_bits())
    }
    #[inline]
    pub fn bool(b: bool) -> Value {
        if b {
            Value::TRUE
        } else {
            Value::FALSE
        }
    }
    #[inline]
    pub fn object(id: ObjId) -> Value {
        Value::tagged(TAG_OBJECT, id.0)
    }
    #[inline]
    pub fn string(id: StrId) -> Value {
        Value::tagged(TAG_STRING, id.0)
    }
    #[inline]
    pub fn symbol(id: SymId) -> Value {
        Value::tagged(TAG_SYMBOL, id.0)
    }
    #[inline]
    pub fn bigint(id: BigId) -> Value {
        Value::tagged(TAG_BIGINT, id.0)
    }

    #[inline]
    pub fn is_int(self) -> bool {
        self.tag() == TAG_INT
    }
    #[inline]
    pub fn is_double(self) -> bool {
        self.tag() < TAG_INT
    }
    #[inline]
    pub fn is_number(self) -> bool {
        self.tag() <= TAG_INT
    }
    #[inline]
    pub fn as_int(self) -> Option<i32> {
        if self.is_int() {
            Some(self.payload() as i32)
        } else {
            None
        }
    }
    /// The numeric value; only meaningful when `is_number()`.
    #[inline]
    pub fn as_number(self) -> Option<f64> {
        if self.is_int() {
            Some(self.payload() as i32 as f64)
        } else if self.is_double() {
            Some(f64::from_bits(self.0))
        } else {
            None
        }
    }
    #[inline]
    pub fn num_unchecked(self) -> f64 {
        if self.is_int() {
            self.payload() as i32 as f64
        } else {
            f64::from_bits(self.0)
        }
    }
    #[inline]
    pub fn is_undefined(self) -> bool {
        self == Value::UNDEFINED
    }
    #[inline]
    pub fn is_null(self) -> bool {
        self == Value::NULL
    }
    #[inline]
    pub fn is_nullish(self) -> bool {
        self == Value::UNDEFINED || self == Value::NULL
    }
    #[inline]
    pub fn is_bool(self) -> bool {
        self == Value::TRUE || self == Value::FALSE
    }
    #[inline]
    pub fn as_bool(self) -> Option<bool> {
        if self == Value::TRUE {
            Some(true)
        } else if self == Value::FALSE {
            Some(false)
        } else {
            None
        }
    }
    #[inline]
    pub fn is_hole(self) -> bool {
        self == Value::HOLE
    }
    #[inline]
    pub fn is_object(self) -> bool {
        self.tag() == TAG_OBJECT
    }
    #[inline]
    pub fn as_object(self) -> Option<ObjId> {
        if self.is_object() {
            Some(ObjId(self.payload()))
        } else {
            None
        }
    }
    #[inline]
    pub fn is_string(self) -> bool {
        self.tag() == TAG_STRING
    }
    #[inline]
    pub fn as_string(self) -> Option<StrId> {
        if self.is_string() {
            Some(StrId(self.payload()))
        } else {
            None
        }
    }
    #[inline]
    pub fn is_symbol(self) -> bool {
        self.tag() == TAG_SYMBOL
    }
    #[inline]
    pub fn as_symbol(self) -> Option<SymId> {
        if self.is_symbol() {
            Some(SymId(self.payload()))
        } else {
            None
        }
    }
    #[inline]
    pub fn is_bigint(self) -> bool {
        self.tag() == TAG_BIGINT
    }
    #[inline]
    pub fn as_bigint(self) -> Option<BigId> {
        if self.is_bigint() {
            Some(BigId(self.payload()))
        } else {
            None
        }
    }
}

impl Default for Value {
    fn default() -> Self {
        Value::UNDEFINED
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.tag() {
            TAG_INT => write!(f, "Int({})", self.payload() as i32),
            TAG_SPECIAL => match self.payload() {
                0 => write!(f, "undefined"),
                1 => write!(f, "null"),
                2 => write!(f, "false"),
                3 => write!(f, "true"),
                4 => write!(f, "<hole>"),
                _ => write!(f, "<uninit>"),
            },
            TAG_OBJECT => write!(f, "Object#{}", self.payload()),
            TAG_STRING => write!(f, "String#{}", self.payload()),
            TAG_SYMBOL => write!(f, "Symbol#{}", self.payload()),
            TAG_BIGINT => write!(f, "BigInt#{}", self.payload()),
            _ => write!(f, "{}", f64::from_bits(self.0)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_normalise() {
        assert!(Value::number(3.0).is_int());
        assert!(Value::number(-0.0).is_double());
        assert_eq!(Value::number(f64::NAN), Value::number(-f64::NAN));
        assert_eq!(Value::number(1.5).as_number(), Some(1.5));
        assert_eq!(Value::number(-7.0).as_int(), Some(-7));
        assert!(Value::number(f64::INFINITY).is_number());
        assert!(Value::number(f64::NEG_INFINITY).is_double());
    }

    #[test]
    fn tags_do_not_overlap_doubles() {
        for v in [Value::UNDEFINED, Value::NULL, Value::TRUE, Value::object(ObjId(7)), Value::string(StrId(u32::MAX))] {
            assert!(!v.is_number());
        }
        assert_eq!(Value::object(ObjId(42)).as_object(), Some(ObjId(42)));
        assert_eq!(Value::int(-1).as_int(), Some(-1));
    }
}
