//! Symbol: the constructor, `Symbol.for`/`keyFor`, well-known symbols and
//! Symbol.prototype.

use super::arg;
use crate::object::{ObjectKind, PropKey};
use crate::shape::attrs;
use crate::value::{SymId, Value};
use crate::{JsResult, Vm};

pub fn init(vm: &mut Vm) {
    let op = Value::object(vm.realm.object_proto);
    let proto = vm.new_object_with_proto(op);
    vm.realm.symbol_proto = proto;
    let ctor = vm.new_constructor("Symbol", 0, symbol_ctor, proto);
    vm.realm.symbol_ctor = ctor;
    let wk = vm.realm.sym.clone();
    for (name, s) in [
        ("iterator", wk.iterator),
        ("asyncIterator", wk.async_iterator),
        ("hasInstance", wk.has_instance),
        ("toPrimitive", wk.to_primitive),
        ("toStringTag", wk.to_string_tag),
        ("species", wk.species),
        ("isConcatSpreadable", wk.is_concat_spreadable),
        ("unscopables", wk.unscopables),
        ("match", wk.match_),
        ("matchAll", wk.match_all),
        ("replace", wk.replace),
        ("search", wk.search),
        ("split", wk.split),
        ("dispose", wk.dispose),
        ("asyncDispose", wk.async_dispose),
    ] {
        vm.put_str(ctor, name, Value::symbol(s), attrs::NONE);
    }
    vm.define_method(ctor, "for", 1, |vm, _, a, _| {
        let k = vm.to_units(arg(a, 0))?;
        if let Some(&s) = vm.symbol_registry.get(k.as_slice()) {
            return Ok(Value::symbol(s));
        }
        let d = vm.new_string_units(k.clone());
        let s = vm.heap.alloc_symbol(d);
        vm.heap.symbols[s.0 as usize].registered = true;
        vm.symbol_registry.insert(k.into_boxed_slice(), s);
        Ok(Value::symbol(s))
    });
    vm.define_method(ctor, "keyFor", 1, |vm, _, a, _| {
        let Some(s) = arg(a, 0).as_symbol() else { return vm.throw_type("Symbol.keyFor: not a symbol") };
        let d = vm.heap.symbol(s);
        Ok(if d.registered { d.description } else { Value::UNDEFINED })
    });
    vm.define_method(proto, "toString", 0, |vm, this, _, _| {
        let s = this_symbol(vm, this)?;
        Ok(descriptive_string(vm, s))
    });
    vm.define_method(proto, "valueOf", 0, |vm, this, _, _| Ok(Value::symbol(this_symbol(vm, this)?)));
    let dk = vm.key_str("description");
    vm.define_accessor(proto, dk, "description", Some(|vm, this, _, _| {
        let s = this_symbol(vm, this)?;
        Ok(vm.heap.symbol(s).description)
    }), None, attrs::CONFIGURABLE);
    let tp = wk.to_primitive;
    let f = vm.new_native("[Symbol.toPrimitive]", 1, |vm, this, _, _| Ok(Value::symbol(this_symbol(vm, this)?)), false);
    vm.put(proto, PropKey::Sym(tp), Value::object(f), attrs::CONFIGURABLE);
    let s = vm.new_string("Symbol");
    vm.put(proto, PropKey::Sym(wk.to_string_tag), s, attrs::CONFIGURABLE);
    vm.define_global("Symbol", Value::object(ctor));
}

fn symbol_ctor(vm: &mut Vm, _this: Value, a: &[Value], nt: Value) -> JsResult<Value> {
    if !nt.is_undefined() {
        return vm.throw_type("Symbol is not a constructor");
    }
    let d = arg(a, 0);
    let desc = if d.is_undefined() { Value::UNDEFINED } else { vm.to_string(d)? };
    Ok(Value::symbol(vm.heap.alloc_symbol(desc)))
}

fn this_symbol(vm: &mut Vm, v: Value) -> JsResult<SymId> {
    if let Some(s) = v.as_symbol() {
        return Ok(s);
    }
    if let Some(o) = v.as_object() {
        if let ObjectKind::SymbolBox(s) = vm.obj(o).kind {
            return Ok(s);
        }
    }
    vm.throw_type("Symbol.prototype method called on incompatible receiver")
}

/// SymbolDescriptiveString: "Symbol(desc)".
pub fn descriptive_string(vm: &mut Vm, s: SymId) -> Value {
    let d = vm.heap.symbol(s).description;
    let mut v: Vec<u16> = "Symbol(".encode_utf16().collect();
    if let Some(ds) = d.as_string() {
        v.extend_from_slice(vm.str_units(ds));
    }
    v.push(b')' as u16);
    vm.new_string_units(v)
}

/// Private names are symbols that reflection never reveals.
pub fn is_private(vm: &Vm, s: SymId) -> bool {
    vm.heap.symbol(s).private
}
