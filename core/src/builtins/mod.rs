//! The standard library: one module per global.
//!
//! `INIT_ORDER` is the single list of builtin modules; `realm::init` runs it
//! in order (fundamental objects first), and its names feed the builtin-layout
//! hash recorded in snapshots.

pub mod array;
pub mod bigint;
pub mod boolean;
pub mod date;
pub mod disposable;
pub mod error;
pub mod function;
pub mod generator;
pub mod global;
pub mod inspect;
pub mod iterator;
pub mod json;
pub mod map;
pub mod math;
pub mod number;
pub mod object;
pub mod promise;
pub mod proxy;
pub mod reflect;
pub mod regexp;
pub mod string;
pub mod symbol;
pub mod typed_array;

use crate::value::Value;

/// Builtin modules in initialisation order.
pub const INIT_ORDER: &[fn(&mut crate::Vm)] = &[
    object::init,
    function::init,
    symbol::init,
    error::init,
    iterator::init,
    array::init,
    string::init,
    number::init,
    boolean::init,
    bigint::init,
    math::init,
    json::init,
    promise::init,
    generator::init,
    map::init,
    regexp::init,
    date::init,
    typed_array::init,
    proxy::init,
    reflect::init,
    disposable::init,
    global::init,
];

/// Names of the builtin modules, in `INIT_ORDER` order (for the layout hash).
pub const MODULE_NAMES: &[&str] = &[
    "object", "function", "symbol", "error", "iterator", "array", "string", "number", "boolean", "bigint", "math", "json",
    "promise", "generator", "map", "regexp", "date", "typed_array", "proxy", "reflect", "disposable", "global",
];

/// Argument `i`, or undefined.
#[inline]
pub fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).copied().unwrap_or(Value::UNDEFINED)
}
