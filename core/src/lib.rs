//! Gannet: a JavaScript and TypeScript engine, WebAssembly-first.
//!
//! ```no_run
//! use gannet::{Isolate, NullHost};
//! let mut isolate = Isolate::new(NullHost);
//! let v = isolate.eval_to_string("[1, 2, 3].length * 2").unwrap();
//! assert_eq!(v, "6");
//! ```
//!
//! The engine is one platform-neutral core: parser (oxc) → compiler →
//! register bytecode → interpreter, over a NaN-boxed value representation, a
//! shape-based object model and a tracing collector. Everything the host must
//! provide (clock, randomness, module loading) comes through [`Host`].
//! See `docs/ARCHITECTURE.md` for the design.

pub mod builtins;
pub mod bytecode;
pub mod compiler;
pub mod fxhash;
pub mod gc;
pub mod heap;
pub mod host;
pub mod interp;
pub mod local_tz;
pub mod modules;
pub mod object;
pub mod ops;
mod prefetch;
pub mod realm;
pub mod shape;
pub mod snapshot;
pub mod value;
pub mod vm;
mod api;

pub use api::{Error, Handle, Isolate};
pub use host::{Host, ModuleSource, NullHost};
pub use object::NativeFn;
pub use value::Value;
pub use vm::Vm;

/// Result of an operation that may throw a JS exception (the thrown value).
pub type JsResult<T> = Result<T, Value>;

/// Engine version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

