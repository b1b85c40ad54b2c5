//! The realm: intrinsic objects and the global object.
//!
//! Builtins are installed by `init`, which creates the fundamental objects
//! first and then calls each builtin module's `init` (one module per global,
//! `builtins/*.rs`). The list of builtin modules here is the single source of
//! the builtin layout, whose hash goes into snapshots.

use crate::object::{JsObject, ObjectKind};
use crate::value::{ObjId, SymId, Value};
use crate::Vm;

macro_rules! intrinsics {
    ($($field:ident),* $(,)?) => {
        /// Intrinsic objects (%ObjectPrototype% etc.) of the realm.
        #[derive(Clone)]
        pub struct Intrinsics {
            $(pub $field: ObjId,)*
            pub sym: WellKnownSymbols,
        }
        impl Intrinsics {
            pub fn placeholder() -> Intrinsics {
                Intrinsics { $($field: ObjId(0),)* sym: WellKnownSymbols::placeholder() }
            }
            /// Every intrinsic, for the collector's root set.
            pub fn all(&self) -> Vec<ObjId> {
                vec![$(self.$field),*]
            }
            /// The intrinsic of `other` that plays the role `id` plays in `self`
            /// (`id` itself if it is not one of `self`'s intrinsics). For the
            /// cross-realm fallbacks of GetPrototypeFromConstructor and friends.
            pub fn same_in(&self, other: &Intrinsics, id: ObjId) -> ObjId {
                $(if self.$field == id {
                    return other.$field;
                })*
                id
            }
        }
    };
}

intrinsics! {
    global, global_lexical, object_proto, function_proto, object_ctor, function_ctor,
    array_proto, array_ctor, array_proto_values, string_proto, string_ctor, number_proto, number_ctor,
    boolean_proto, boolean_ctor, symbol_proto, symbol_ctor, bigint_proto, bigint_ctor,
    error_proto, error_ctor, type_error_proto, type_error_ctor, range_error_proto, range_error_ctor,
    reference_error_proto, reference_error_ctor, syntax_error_proto, syntax_error_ctor,
    eval_error_proto, eval_error_ctor, uri_error_proto, uri_error_ctor, aggregate_error_proto, aggregate_error_ctor,
    iterator_proto, array_iterator_proto, map_iterator_proto, set_iterator_proto, string_iterator_proto,
    regexp_string_iterator_proto, generator_proto, generator_function_proto, generator_function_ctor,
    async_function_proto, async_function_ctor, async_generator_proto, async_generator_function_proto, async_generator_function_ctor,
    async_iterator_proto, async_from_sync_iterator_proto, promise_proto, promise_ctor,
    map_proto, map_ctor, set_proto, set_ctor, weakmap_proto, weakset_proto, weakref_proto,
    regexp_proto, regexp_ctor, date_proto, date_ctor, proxy_ctor, eval_fn, throw_type_error_fn,
    array_buffer_proto, array_buffer_ctor, shared_array_buffer_proto, typed_array_proto, typed_array_ctor, dataview_proto,
    finalization_registry_proto, json_obj, math_obj, reflect_obj, array_iterator_next,
    suppressed_error_proto, suppressed_error_ctor, disposable_stack_proto, async_disposable_stack_proto,
    temporal_instant_proto, temporal_plain_date_proto, temporal_plain_time_proto, temporal_plain_date_time_proto,
    temporal_plain_year_month_proto, temporal_plain_month_day_proto, temporal_zoned_date_time_proto, temporal_duration_proto,
    abstract_module_source_ctor, abstract_module_source_proto, shadow_realm_proto,
}

#[derive(Clone)]
pub struct WellKnownSymbols {
    pub iterator: SymId,
    pub async_iterator: SymId,
    pub has_instance: SymId,
    pub to_primitive: SymId,
    pub to_string_tag: SymId,
    pub species: SymId,
    pub is_concat_spreadable: SymId,
    pub unscopables: SymId,
    pub match_: SymId,
    pub match_all: SymId,
    pub replace: SymId,
    pub search: SymId,
    pub split: SymId,
    pub dispose: SymId,
    pub async_dispose: SymId,
}

impl WellKnownSymbols {
    fn placeholder() -> Self {
        let z = SymId(0);
        WellKnownSymbols {
            iterator: z,
            async_iterator: z,
            has_instance: z,
            to_primitive: z,
            to_string_tag: z,
            species: z,
            is_concat_spreadable: z,
            unscopables: z,
            match_: z,
            match_all: z,
            replace: z,
            search: z,
            split: z,
            dispose: z,
            async_dispose: z,
        }
    }
}

fn well_known(vm: &mut Vm, name: &str) -> SymId {
    let d = vm.new_string(&format!("Symbol.{name}"));
    let s = vm.heap.alloc_symbol(d);
    s
}

/// Builds the isolate's first realm: the well-known symbols (shared by every
/// realm of the isolate), then the realm's objects.
pub fn init(vm: &mut Vm) {
    vm.realm.sym = WellKnownSymbols {
        iterator: well_known(vm, "iterator"),
        async_iterator: well_known(vm, "asyncIterator"),
        has_instance: well_known(vm, "hasInstance"),
        to_primitive: well_known(vm, "toPrimitive"),
        to_string_tag: well_known(vm, "toStringTag"),
        species: well_known(vm, "species"),
        is_concat_spreadable: well_known(vm, "isConcatSpreadable"),
        unscopables: well_known(vm, "unscopables"),
        match_: well_known(vm, "match"),
        match_all: well_known(vm, "matchAll"),
        replace: well_known(vm, "replace"),
        search: well_known(vm, "search"),
        split: well_known(vm, "split"),
        dispose: well_known(vm, "dispose"),
        async_dispose: well_known(vm, "asyncDispose"),
    };
    init_objects(vm);
}

/// Builds the intrinsics and global object of the realm `vm.realm` describes
/// (whose `sym` is already set): fundamental objects, then every builtin
/// module. Functions created here belong to realm `vm.realm_id`.
pub(crate) fn init_objects(vm: &mut Vm) {
    // The two objects everything else hangs from.
    let object_proto = vm.alloc(JsObject::new(Value::NULL, ObjectKind::Ordinary));
    vm.realm.object_proto = object_proto;
    let fp = vm.alloc(JsObject::new(
        Value::object(object_proto),
        ObjectKind::Native(Box::new(crate::object::NativeData { f: |_, _, _, _| Ok(Value::UNDEFINED), constructor: false, captures: Vec::new(), realm: vm.realm_id })),
    ));
    vm.realm.function_proto = fp;
    let global = vm.new_object();
    vm.realm.global = global;
    let lex = vm.alloc(JsObject::new(Value::NULL, ObjectKind::Ordinary));
    vm.realm.global_lexical = lex;
    for (_, init) in crate::builtins::BUILTINS {
        init(vm);
    }
    let g = Value::object(global);
    vm.define_global("globalThis", g);
}
