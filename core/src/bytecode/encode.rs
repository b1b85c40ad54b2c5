//! Binary encoding of instructions: an expansion of the opcode table.
//!
//! Each instruction is its opcode byte followed by its operands in table
//! order, little-endian: `Reg` 2 bytes, `U8` 1 byte, all others 4 bytes.

use super::{Fun, Ic, Imm, Insn, Lbl, Opcode, Reg, K, OPCODE_COUNT, U8};

trait Operand: Sized {
    fn put(&self, out: &mut Vec<u8>);
    fn take(input: &mut &[u8]) -> Option<Self>;
}

fn take_n<const N: usize>(input: &mut &[u8]) -> Option<[u8; N]> {
    let (head, rest) = input.split_at_checked(N)?;
    *input = rest;
    head.try_into().ok()
}

impl Operand for Reg {
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0.to_le_bytes());
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        take_n::<2>(input).map(|b| Reg(u16::from_le_bytes(b)))
    }
}
impl Operand for U8 {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(self.0);
    }
    fn take(input: &mut &[u8]) -> Option<Self> {
        take_n::<1>(input).map(|b| U8(b[0]))
    }
}
macro_rules! u32_operand {
    ($($t:ident : $inner:ty),*) => {$(
        impl Operand for $t {
            fn put(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.0.to_le_bytes());
            }
            fn take(input: &mut &[u8]) -> Option<Self> {
                take_n::<4>(input).map(|b| $t(<$inner>::from_le_bytes(b)))
            }
        }
    )*};
}
u32_operand!(K: u32, Lbl: u32, Imm: i32, Ic: u32, Fun: u32);

macro_rules! gen_codec {
    ($( $(#[$doc:meta])* $name:ident { $($field:ident : $ty:ident),* $(,)? } ),* $(,)?) => {
        fn put_insn(insn: &Insn, out: &mut Vec<u8>) {
            match insn {
                $( Insn::$name { $($field),* } => {
                    out.push(Opcode::$name as u8);
                    $( $field.put(out); )*
                } )*
            }
        }
        const DECODERS: [fn(&mut &[u8]) -> Option<Insn>; OPCODE_COUNT] = [
            $( |_input: &mut &[u8]| Some(Insn::$name { $($field: $ty::take(_input)?),* }) ),*
        ];
    };
}
crate::for_each_op!(gen_codec);

pub fn encode_code(code: &[Insn], out: &mut Vec<u8>) {
    for insn in code {
        put_insn(insn, out);
    }
}

/// Decodes one instruction from the front of `input`, advancing it.
pub fn decode_one(input: &mut &[u8]) -> Option<Insn> {
    let (&op, rest) = input.split_first()?;
    *input = rest;
    DECODERS.get(op as usize)?(input)
}

/// Decodes exactly `count` instructions; `None` on a bad opcode or truncation.
pub fn decode_code(mut input: &[u8], count: usize) -> Option<(Vec<Insn>, usize)> {
    let start = input.len();
    let mut code = Vec::with_capacity(count.min(input.len()));
    for _ in 0..count {
        let (&op, rest) = input.split_first()?;
        input = rest;
        let decode = DECODERS.get(op as usize)?;
        code.push(decode(&mut input)?);
    }
    Some((code, start - input.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let code = vec![
            Insn::LoadInt { dst: Reg(3), imm: Imm(-5) },
            Insn::Add { dst: Reg(1), a: Reg(2), b: Reg(3) },
            Insn::SetProp { obj: Reg(0), k: K(7), src: Reg(1), flag: U8(1), ic: Ic(2) },
            Insn::Jump { target: Lbl(0) },
            Insn::Nop {},
        ];
        let mut bytes = Vec::new();
        encode_code(&code, &mut bytes);
        let (back, used) = decode_code(&bytes, code.len()).expect("decodes");
        assert_eq!(back, code);
        assert_eq!(used, bytes.len());
        assert!(decode_code(&bytes[..bytes.len() - 3], code.len()).is_none());
        assert!(decode_code(&[250], 1).is_none());
    }
}
