//! The standard library: one module per global.
//!
//! `BUILTINS` is the single list of builtin modules; `realm::init` runs it
//! in order (fundamental objects first), and its names feed the builtin-layout
//! hash recorded in snapshots.

pub mod array;
pub mod array_buffer;
pub mod atomics;
pub mod base64;
pub mod bigint;
pub mod boolean;
pub mod data_view;
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
pub mod module_source;
pub mod number;
pub mod object;
pub mod promise;
pub mod proxy;
pub mod reflect;
pub mod regexp;
pub mod shadow_realm;
pub mod string;
pub mod symbol;
pub mod temporal;
pub mod typed_array;

use crate::value::Value;

/// Builtin modules in initialisation order: the single list of builtins
/// (`realm::init` runs it; the names feed the builtin-layout hash).
pub const BUILTINS: &[(&str, fn(&mut crate::Vm))] = &[
    ("object", object::init),
    ("function", function::init),
    ("symbol", symbol::init),
    ("error", error::init),
    ("iterator", iterator::init),
    ("array", array::init),
    ("string", string::init),
    ("number", number::init),
    ("boolean", boolean::init),
    ("bigint", bigint::init),
    ("math", math::init),
    ("json", json::init),
    ("promise", promise::init),
    ("generator", generator::init),
    ("map", map::init),
    ("regexp", regexp::init),
    ("date", date::init),
    ("array_buffer", array_buffer::init),
    ("typed_array", typed_array::init),
    ("data_view", data_view::init),
    ("atomics", atomics::init),
    ("base64", base64::init),
    ("proxy", proxy::init),
    ("reflect", reflect::init),
    ("disposable", disposable::init),
    ("module_source", module_source::init),
    ("temporal", temporal::init),
    ("shadow_realm", shadow_realm::init),
    ("global", global::init),
];

/// Argument `i`, or undefined.
#[inline]
pub fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).copied().unwrap_or(Value::UNDEFINED)
}
