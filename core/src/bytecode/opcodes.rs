//! The opcode table: the single source of truth for the instruction set.
//!
//! `for_each_op!` lists every instruction with its typed operands and a doc
//! line. The `Insn` enum, the disassembler, the binary encoder/decoder (used by
//! the snapshot format) and the bytecode verifier are all expansions of this one
//! list, so they cannot drift apart.
//!
//! Operand types: `Reg` (frame register), `K` (constant pool index), `Lbl`
//! (absolute instruction index), `Imm` (signed immediate), `Ic` (inline cache
//! slot), `Fun` (function index in the code unit), `U8` (small flag/kind).
//!
//! Calling convention for `Call`/`New`: `callee` register holds the function,
//! `callee+1` the receiver (or new.target for `New`), `callee+2..` the
//! arguments. The callee's frame starts at `callee+1` (see `interp/frame.rs`).

/// Invokes `$m!` with the whole table.
#[macro_export]
macro_rules! for_each_op {
    ($m:ident) => {
        $m! {
            /// No operation.
            Nop {},
            /// dst = src
            Mov { dst: Reg, src: Reg },
            /// dst = constant
            LoadConst { dst: Reg, k: K },
            /// dst = small integer
            LoadInt { dst: Reg, imm: Imm },
            /// dst = undefined
            LoadUndef { dst: Reg },
            /// dst = null
            LoadNull { dst: Reg },
            /// dst = true
            LoadTrue { dst: Reg },
            /// dst = false
            LoadFalse { dst: Reg },
            /// dst = <uninitialised> (start of a temporal dead zone)
            LoadUninit { dst: Reg },
            /// ReferenceError if src is in its TDZ; `k` names the binding
            CheckInit { src: Reg, k: K },
            /// ReferenceError unless `this` (src) is initialised (derived constructors)
            CheckThis { src: Reg },
            /// dst = the running closure's captured scope
            LoadClosureEnv { dst: Reg },
            /// dst = the running closure itself
            LoadCallee { dst: Reg },
            /// dst = new.target of the frame
            LoadNewTarget { dst: Reg },
            /// dst = [[HomeObject]] of the running closure
            LoadHome { dst: Reg },
            /// dst = new scope record with `size` slots (all uninitialised), parent `parent`; `k` describes names
            CreateEnv { dst: Reg, parent: Reg, size: Imm, k: K },
            /// dst = copy of scope record `src` (per-iteration bindings)
            CopyEnv { dst: Reg, src: Reg },
            /// dst = slot `slot` of the scope `depth` parents above `env`
            LdEnv { dst: Reg, env: Reg, depth: Imm, slot: Imm },
            /// slot `slot` of the scope `depth` parents above `env` = src
            StEnv { env: Reg, depth: Imm, slot: Imm, src: Reg },
            /// dst = parent of scope `src`
            EnvParent { dst: Reg, src: Reg },
            /// dst = a `with` scope over object `obj`, parent `parent`
            CreateWithEnv { dst: Reg, parent: Reg, obj: Reg },
            /// dst = dynamic lookup of name `k` from scope `env` (with/eval), ReferenceError if missing
            GetName { dst: Reg, env: Reg, k: K },
            /// like GetName but yields undefined when unresolvable (typeof)
            TypeofName { dst: Reg, env: Reg, k: K },
            /// dynamic assignment of name `k`; strict if flag & 1
            SetName { env: Reg, k: K, src: Reg, flag: U8 },
            /// dst = delete of an unqualified name
            DeleteName { dst: Reg, env: Reg, k: K },
            /// dst = what name `k` resolves to from `env` (a reference resolved before its
            /// use): the with object or scope record holding it, or undefined (global)
            ResolveRef { dst: Reg, env: Reg, k: K },
            /// dst = function, dst+1 = receiver for a call of name `k` (with-object as this)
            GetNameCall { dst: Reg, env: Reg, k: K },
            /// dst = GetValue of the reference (`base` from ResolveRef, name `k`); strict if flag & 1
            RefGet { dst: Reg, base: Reg, k: K, flag: U8 },
            /// PutValue(reference, src) (`base` from ResolveRef, name `k`); strict if flag & 1
            RefSet { base: Reg, k: K, src: Reg, flag: U8 },
            /// sloppy eval code's var and function names (constant `k`, as for
            /// DeclareGlobals) in the variable scope seen from `env`: all checks, then the bindings
            DeclareEvalVars { env: Reg, k: K },
            /// dst = whether the Annex B var binding for block function `k` exists in the
            /// variable scope seen from `env` (created if possible; deletable if flag & 1)
            DeclareAnnexVar { dst: Reg, env: Reg, k: K, flag: U8 },
            /// binding `k` of the variable scope seen from `env` = src (not resolved by name)
            SetVarName { env: Reg, k: K, src: Reg },
            /// dst = global binding `k` (ReferenceError if missing)
            GetGlobal { dst: Reg, k: K, ic: Ic },
            /// dst = global binding `k` or undefined (typeof)
            TypeofGlobal { dst: Reg, k: K },
            /// global binding `k` = src; strict if flag & 1
            SetGlobal { k: K, src: Reg, flag: U8, ic: Ic },
            /// global declaration instantiation for a script (constant `k` lists names)
            DeclareGlobals { k: K },
            /// initialise global lexical binding `k` (let/const/class at script top level)
            InitGlobalLex { k: K, src: Reg },
            /// dst = obj.k
            GetProp { dst: Reg, obj: Reg, k: K, ic: Ic },
            /// obj.k = src; strict if flag & 1
            SetProp { obj: Reg, k: K, src: Reg, flag: U8, ic: Ic },
            /// dst = obj[key]
            GetElem { dst: Reg, obj: Reg, key: Reg },
            /// obj[key] = src; strict if flag & 1
            SetElem { obj: Reg, key: Reg, src: Reg, flag: U8 },
            /// dst = delete obj[key]; strict if flag & 1
            DeleteElem { dst: Reg, obj: Reg, key: Reg, flag: U8 },
            /// define own data property obj[key] = src (object literals, class fields)
            DefineField { obj: Reg, key: Reg, src: Reg },
            /// define method/accessor: flag 0 method, 1 getter, 2 setter; +4 enumerable; sets home object
            DefineMethod { obj: Reg, key: Reg, func: Reg, flag: U8 },
            /// dst = the super base: the running function's home object's prototype
            /// (GetSuperBase, taken when a super reference is made)
            SuperBase { dst: Reg },
            /// dst = base[ToPropertyKey(key)] with receiver `this` (base from SuperBase)
            GetSuper { dst: Reg, base: Reg, key: Reg, this: Reg },
            /// base[ToPropertyKey(key)] = src with receiver `this`; TypeError on failure if flag & 1 (strict)
            SetSuper { base: Reg, key: Reg, src: Reg, this: Reg, flag: U8 },
            /// dst = obj.#key (TypeError if absent)
            GetPrivate { dst: Reg, obj: Reg, key: Reg },
            /// obj.#key = src (TypeError if absent or read-only)
            SetPrivate { obj: Reg, key: Reg, src: Reg },
            /// add private field/method #key to obj: flag 0 field, 1 method, 2 getter, 3 setter
            DefinePrivate { obj: Reg, key: Reg, src: Reg, flag: U8 },
            /// dst = #key in obj
            HasPrivate { dst: Reg, obj: Reg, key: Reg },
            /// dst = a fresh private name with description `k`
            NewPrivateName { dst: Reg, k: K },
            /// copy own enumerable properties of src into dst, except keys listed in array `excl` (or undefined)
            CopyDataProps { dst: Reg, src: Reg, excl: Reg },
            /// dst = {}
            NewObject { dst: Reg },
            /// dst = []
            NewArray { dst: Reg, cap: Imm },
            /// arr.push(src) for array literals (length grows by one)
            ArrayPush { arr: Reg, src: Reg },
            /// arr.length += 1 (elision)
            ArrayHole { arr: Reg },
            /// append every value of iterable src to arr
            ArraySpread { arr: Reg, src: Reg },
            /// dst = closure for function `f` capturing scope `env`
            NewClosure { dst: Reg, f: Fun, env: Reg },
            /// dst = class constructor from function `f` with parent `parent` (hole = no heritage); dst+1 = prototype
            NewClass { dst: Reg, f: Fun, env: Reg, parent: Reg },
            /// set the `name` of function `func` from key `key`; flag 1 "get ", 2 "set "
            SetFnName { func: Reg, key: Reg, flag: U8 },
            /// store the instance field initialiser `init` on class constructor `ctor`
            SetClassFields { ctor: Reg, init: Reg },
            /// run the class field initialiser of the active function on `this`
            InitFields { this: Reg },
            /// dst = new RegExp(pattern k, flags k+1)
            NewRegExp { dst: Reg, k: K },
            /// dst = the cached template object for template site `k`
            GetTemplate { dst: Reg, k: K },
            /// dst = arguments object; flag 1 = mapped (aliased to `env` slots listed in constant k)
            CreateArguments { dst: Reg, env: Reg, k: K, flag: U8 },
            /// dst = array of the arguments from index `start` on (rest parameter)
            CreateRest { dst: Reg, start: Imm },
            /// dst = callee(args): callee, this, args in consecutive registers from `callee`
            Call { dst: Reg, callee: Reg, argc: Imm },
            /// like Call, but a direct `eval` if callee is %eval% (env is the caller's scope; flag 1 = strict)
            CallEval { dst: Reg, callee: Reg, argc: Imm, env: Reg, flag: U8 },
            /// dst = callee(...arr) with this at callee+1, the arguments array at callee+2
            CallSpread { dst: Reg, callee: Reg },
            /// like CallSpread, but a direct `eval` of the first argument if callee is %eval% (as CallEval)
            CallEvalSpread { dst: Reg, callee: Reg, env: Reg, flag: U8 },
            /// dst = new callee(args): args from callee+2, new.target at callee+1
            New { dst: Reg, callee: Reg, argc: Imm },
            /// dst = new callee(...arr): array at callee+2, new.target at callee+1
            NewSpread { dst: Reg, callee: Reg },
            /// dst = super(args...): args at `args`..`args+argc`
            SuperCall { dst: Reg, args: Reg, argc: Imm },
            /// dst = super(...arr)
            SuperCallSpread { dst: Reg, arr: Reg },
            /// return src from the frame
            Return { src: Reg },
            /// throw src
            Throw { src: Reg },
            /// throw a new error: flag 0 TypeError, 1 ReferenceError, 2 SyntaxError, 3 RangeError; message k
            ThrowError { flag: U8, k: K },
            /// unconditional jump
            Jump { target: Lbl },
            /// jump if ToBoolean(cond)
            JumpIfTrue { cond: Reg, target: Lbl },
            /// jump unless ToBoolean(cond)
            JumpIfFalse { cond: Reg, target: Lbl },
            /// jump if cond is null or undefined
            JumpIfNullish { cond: Reg, target: Lbl },
            /// jump unless cond is null or undefined
            JumpIfNotNullish { cond: Reg, target: Lbl },
            /// jump if cond is undefined
            JumpIfUndef { cond: Reg, target: Lbl },
            /// jump unless cond is undefined
            JumpIfNotUndef { cond: Reg, target: Lbl },
            /// jump if a < b (a compare fused with its branch: loop and `if` tests)
            JumpIfLt { a: Reg, b: Reg, target: Lbl },
            /// jump unless a < b
            JumpIfNotLt { a: Reg, b: Reg, target: Lbl },
            /// jump if a <= b
            JumpIfLe { a: Reg, b: Reg, target: Lbl },
            /// jump unless a <= b
            JumpIfNotLe { a: Reg, b: Reg, target: Lbl },
            /// jump if a > b
            JumpIfGt { a: Reg, b: Reg, target: Lbl },
            /// jump unless a > b
            JumpIfNotGt { a: Reg, b: Reg, target: Lbl },
            /// jump if a >= b
            JumpIfGe { a: Reg, b: Reg, target: Lbl },
            /// jump unless a >= b
            JumpIfNotGe { a: Reg, b: Reg, target: Lbl },
            /// jump if a < imm
            JumpIfLtI { a: Reg, imm: Imm, target: Lbl },
            /// jump unless a < imm
            JumpIfNotLtI { a: Reg, imm: Imm, target: Lbl },
            /// jump if a <= imm
            JumpIfLeI { a: Reg, imm: Imm, target: Lbl },
            /// jump unless a <= imm
            JumpIfNotLeI { a: Reg, imm: Imm, target: Lbl },
            /// jump if a > imm
            JumpIfGtI { a: Reg, imm: Imm, target: Lbl },
            /// jump unless a > imm
            JumpIfNotGtI { a: Reg, imm: Imm, target: Lbl },
            /// jump if a >= imm
            JumpIfGeI { a: Reg, imm: Imm, target: Lbl },
            /// jump unless a >= imm
            JumpIfNotGeI { a: Reg, imm: Imm, target: Lbl },
            /// jump if a === imm
            JumpIfStrictEqI { a: Reg, imm: Imm, target: Lbl },
            /// jump if a !== imm
            JumpIfStrictNeI { a: Reg, imm: Imm, target: Lbl },
            /// jump if a == imm
            JumpIfEqI { a: Reg, imm: Imm, target: Lbl },
            /// jump if a != imm
            JumpIfNeI { a: Reg, imm: Imm, target: Lbl },
            /// jump if a === b
            JumpIfStrictEq { a: Reg, b: Reg, target: Lbl },
            /// jump if a !== b
            JumpIfStrictNe { a: Reg, b: Reg, target: Lbl },
            /// jump if a == b
            JumpIfEq { a: Reg, b: Reg, target: Lbl },
            /// jump if a != b
            JumpIfNe { a: Reg, b: Reg, target: Lbl },
            /// dst = a + b
            Add { dst: Reg, a: Reg, b: Reg },
            /// dst = a - b
            Sub { dst: Reg, a: Reg, b: Reg },
            /// dst = a * b
            Mul { dst: Reg, a: Reg, b: Reg },
            /// dst = a / b
            Div { dst: Reg, a: Reg, b: Reg },
            /// dst = a % b
            Mod { dst: Reg, a: Reg, b: Reg },
            /// dst = a ** b
            Exp { dst: Reg, a: Reg, b: Reg },
            /// dst = a & b
            BitAnd { dst: Reg, a: Reg, b: Reg },
            /// dst = a | b
            BitOr { dst: Reg, a: Reg, b: Reg },
            /// dst = a ^ b
            BitXor { dst: Reg, a: Reg, b: Reg },
            /// dst = a << b
            Shl { dst: Reg, a: Reg, b: Reg },
            /// dst = a >> b
            Shr { dst: Reg, a: Reg, b: Reg },
            /// dst = a >>> b
            UShr { dst: Reg, a: Reg, b: Reg },
            /// dst = a + imm (a small integer literal operand, no register for it)
            AddI { dst: Reg, a: Reg, imm: Imm },
            /// dst = a - imm
            SubI { dst: Reg, a: Reg, imm: Imm },
            /// dst = a * imm
            MulI { dst: Reg, a: Reg, imm: Imm },
            /// dst = a & imm
            BitAndI { dst: Reg, a: Reg, imm: Imm },
            /// dst = a | imm
            BitOrI { dst: Reg, a: Reg, imm: Imm },
            /// dst = a ^ imm
            BitXorI { dst: Reg, a: Reg, imm: Imm },
            /// dst = a << imm
            ShlI { dst: Reg, a: Reg, imm: Imm },
            /// dst = a >> imm
            ShrI { dst: Reg, a: Reg, imm: Imm },
            /// dst = a >>> imm
            UShrI { dst: Reg, a: Reg, imm: Imm },
            /// dst = a == b
            Eq { dst: Reg, a: Reg, b: Reg },
            /// dst = a != b
            Ne { dst: Reg, a: Reg, b: Reg },
            /// dst = a === b
            StrictEq { dst: Reg, a: Reg, b: Reg },
            /// dst = a !== b
            StrictNe { dst: Reg, a: Reg, b: Reg },
            /// dst = a < b
            Lt { dst: Reg, a: Reg, b: Reg },
            /// dst = a <= b
            Le { dst: Reg, a: Reg, b: Reg },
            /// dst = a > b
            Gt { dst: Reg, a: Reg, b: Reg },
            /// dst = a >= b
            Ge { dst: Reg, a: Reg, b: Reg },
            /// dst = a instanceof b
            InstanceOf { dst: Reg, a: Reg, b: Reg },
            /// dst = a in b
            In { dst: Reg, a: Reg, b: Reg },
            /// dst = -src
            Neg { dst: Reg, src: Reg },
            /// dst = +src (ToNumber)
            ToNumber { dst: Reg, src: Reg },
            /// dst = ToNumeric(src)
            ToNumeric { dst: Reg, src: Reg },
            /// dst = ~src
            BitNot { dst: Reg, src: Reg },
            /// dst = !src
            Not { dst: Reg, src: Reg },
            /// dst = typeof src
            Typeof { dst: Reg, src: Reg },
            /// dst = src + 1 (numeric)
            Inc { dst: Reg, src: Reg },
            /// dst = src - 1 (numeric)
            Dec { dst: Reg, src: Reg },
            /// dst = ToString(src) (template literals)
            ToString { dst: Reg, src: Reg },
            /// dst = ToPropertyKey(src)
            ToPropertyKey { dst: Reg, src: Reg },
            /// TypeError if src is null or undefined (destructuring)
            RequireCoercible { src: Reg },
            /// TypeError unless src is an object (iterator results); k is the message
            CheckObject { src: Reg, k: K },
            /// dst = iterator of src, dst+1 = its next method; flag 1 = async (with sync fallback)
            GetIterator { dst: Reg, src: Reg, flag: U8 },
            /// call iter.next(): dst = value, dst+1 = done (iter at `iter`, next at iter+1)
            IterStep { dst: Reg, iter: Reg },
            /// dst = iterator result object from iter.next(arg) (async iteration; awaited separately);
            /// arg == iter calls next() with no argument (for await: ForIn/OfBodyEvaluation step 6.a)
            IterNextRaw { dst: Reg, iter: Reg, arg: Reg },
            /// close iterator at `iter` (call return); flag 1 = during a throw (errors ignored)
            IterClose { iter: Reg, flag: U8 },
            /// dst = result of calling iter[k](arg) or undefined with dst+1=false if method missing
            IterCall { dst: Reg, iter: Reg, k: K, arg: Reg },
            /// dst = value of iterator result src, dst+1 = done
            IterResult { dst: Reg, src: Reg },
            /// dst = for-in enumerator over src
            ForInPrepare { dst: Reg, src: Reg },
            /// dst = next key of enumerator `iter`, or jump to target when exhausted
            ForInNext { dst: Reg, iter: Reg, target: Lbl },
            /// generator start: suspend and return the generator object to the caller
            InitialYield {},
            /// suspend with src; on resume dst = sent value, dst+1 = mode (0 next, 1 throw, 2 return); flag 1 = src is already a result object
            Yield { dst: Reg, src: Reg, flag: U8 },
            /// await src; on resume dst = value, dst+1 = mode (0 normal, 1 throw)
            Await { dst: Reg, src: Reg },
            /// dst = a new DisposeCapability: the resource stack of a scope with `using` declarations
            DisposeInit { dst: Reg },
            /// AddDisposableResource(stack, src): flag 1 = async-dispose (`await using`);
            /// TypeError unless src is nullish or has the dispose method
            AddDisposable { stack: Reg, src: Reg, flag: U8 },
            /// DisposeResources of `stack` until it must await. comp, comp+1 = the scope's
            /// completion kind and value (kind 1 = throw): a disposal error makes it a throw,
            /// chained with SuppressedError. dst+1 == 1 on entry: dst is a rejection from the
            /// previous await. On exit dst+1 = true with dst = the value to await, or false when done
            DisposeNext { dst: Reg, stack: Reg, comp: Reg },
            /// dst = import.meta
            ImportMeta { dst: Reg },
            /// dst = import(src, options)
            DynImport { dst: Reg, src: Reg, opts: Reg },
            /// dst = live value of module import `imm`
            LdImport { dst: Reg, imm: Imm },
            /// debugger statement
            Debugger {},
            /// dst = import.defer(src, options) (phase 1) or import.source(src, options) (phase 2)
            DynImportPhase { dst: Reg, src: Reg, opts: Reg, phase: U8 },
            /// dst, dst+1 = getter and setter of an auto-accessor (`accessor x`) named by `key`,
            /// reading and writing the private storage name `storage` on `this`
            AutoAccessor { dst: Reg, key: Reg, storage: Reg },
            /// apply the element decorators: src = array of element records, src+1 = the class,
            /// src+2 = its prototype; dst, dst+1 = new arrays of the instance and static method
            /// extra initializers (interp/decorators.rs has the record layout)
            DecorateElements { dst: Reg, src: Reg },
            /// apply the class decorators: src = array of (decorator, receiver) pairs, src+1 = the
            /// class, src+2 = its name; dst = the resulting class, dst+1 = the class extra initializers
            DecorateClass { dst: Reg, src: Reg },
            /// dst = the initial value dst of a decorated field or accessor passed through the
            /// initializers that its decorators returned (element record `rec`), with `this`
            DecInit { dst: Reg, rec: Reg, this: Reg },
            /// call each function of array `list` with `this`; flag 1 = `list` is an element
            /// record whose extra initializers to run
            RunInitializers { list: Reg, this: Reg, flag: U8 },
        }
    };
}

pub use for_each_op;
