//! The interpreter frame — also the ABI that JIT-compiled code will use.
//!
//! All registers of all active frames live in one contiguous register file,
//! `Vm::stack: Vec<Value>` (values encoded as in `value.rs`). A frame is a
//! window `stack[base .. base + n_regs]`:
//!
//! | register            | contents                                        |
//! |---------------------|-------------------------------------------------|
//! | `base - 1`          | the callee (function object) — caller's register |
//! | `base + 0` (r0)     | `this`                                          |
//! | `base + 1 ..= n`    | the first `n_params` arguments                  |
//! | `base + n + 1 ..`   | locals and temporaries                          |
//!
//! A call `Call dst, c, argc` in a caller places the callee in `c`, the
//! receiver in `c+1` and arguments in `c+2..`; the callee frame's base is the
//! caller's `c+1`, so arguments are passed without copying. Arguments beyond
//! `n_params` are kept in `Frame::extra_args` (for `arguments` and rest).
//! Frame metadata (`Frame`) is kept beside the register file, not in it.

use crate::value::{ObjId, Value};

pub mod fflags {
    /// Invoked by `new`.
    pub const CONSTRUCT: u8 = 1;
    /// Entered from Rust (`Vm::call`, generator resumption): returning from it
    /// returns from `Vm::run`.
    pub const ENTRY: u8 = 2;
}

#[derive(Clone, Debug)]
pub struct Frame {
    pub unit: u32,
    pub func: u32,
    pub pc: u32,
    /// Stack index of register 0.
    pub base: u32,
    pub closure: ObjId,
    pub argc: u32,
    pub extra_args: Vec<Value>,
    pub new_target: Value,
    /// Absolute stack index of the caller's destination register.
    pub ret_dst: u32,
    /// Stack length to restore when the frame is popped.
    pub restore_len: u32,
    pub flags: u8,
    /// The realm current when the frame was entered, made current again when
    /// the frame is popped or suspended (the frame itself runs in its closure's realm).
    pub caller_realm: u32,
    /// Generator / async function object driving this frame.
    pub generator: Option<ObjId>,
}
