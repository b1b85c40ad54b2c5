//! Abstract operations of the specification: conversions, operators and the
//! object internal methods.

pub mod arith;
pub mod convert;
pub mod property;
