//! The compiler: oxc AST → register bytecode (`CodeUnit`).
//!
//! Parsing and scope resolution come from oxc (`oxc_parser`, `oxc_semantic`).
//! Every binding gets a location before its scope's code is emitted:
//! a frame register when only its own function uses it, a slot in a heap
//! scope record (`Env`) when a nested function captures it, a global
//! property for script top-level bindings, or a module scope slot. Programs that
//! contain `with` or a direct `eval` are compiled in *dynamic* mode: all
//! bindings live in named scope records and names are looked up at run time,
//! which is what those constructs require.
//!
//! TypeScript is executed by erasing types; enums, namespaces and parameter
//! properties are lowered here (`ts.rs`).

mod analysis;
mod annexb;
mod class;
mod expr;
mod function;
mod pattern;
pub mod shake;
mod stmt;
mod ts;
mod using;

use crate::bytecode::{CodeUnit, Constant, Handler, Insn, Lbl, ModuleInfo, Reg, K};
use analysis::Analysis;
use oxc_allocator::Allocator;
use oxc_ast::ast::*;
use oxc_span::{GetSpan, SourceType, Span};
use oxc_syntax::scope::ScopeId;
use oxc_syntax::symbol::SymbolId;
use std::collections::HashMap;
use std::sync::Arc;

/// What kind of code is being compiled.
#[derive(Clone, Debug)]
pub enum Goal {
    Script,
    Module,
    /// Direct or indirect eval code.
    Eval(EvalContext),
}

#[derive(Clone, Debug, Default)]
pub struct EvalContext {
    pub strict: bool,
    /// Direct eval (names resolve through the caller's scopes).
    pub direct: bool,
    /// Inside a (non-arrow) function: `new.target` is allowed.
    pub in_function: bool,
    /// Inside a method: `super.x` is allowed.
    pub in_method: bool,
    /// Inside a class field initialiser: `arguments` is forbidden.
    pub in_field: bool,
    /// Inside a derived constructor: `super()` is allowed.
    pub in_derived_ctor: bool,
}

#[derive(Clone, Debug)]
pub struct CompileOptions {
    pub goal: Goal,
    pub typescript: bool,
    /// Force strict mode (as if "use strict" were the first directive).
    pub force_strict: bool,
}

impl CompileOptions {
    pub fn script() -> Self {
        CompileOptions { goal: Goal::Script, typescript: false, force_strict: false }
    }
    pub fn module() -> Self {
        CompileOptions { goal: Goal::Module, typescript: false, force_strict: false }
    }
}

/// A syntax (early) error.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub message: String,
    /// Byte offset in the source.
    pub offset: u32,
    pub line: u32,
    pub column: u32,
}

/// Whether a source file uses module syntax (Node's goal detection for .js/.ts).
pub fn looks_like_module(source: &str, typescript: bool) -> bool {
    let alloc = Allocator::default();
    let st = SourceType::unambiguous().with_typescript(typescript);
    let ret = oxc_parser::Parser::new(&alloc, source, st).parse();
    ret.program.source_type.is_module()
}

/// CreateDynamicFunction's separate parses of the parameters and the body: `source`
/// (a piece wrapped as `(function anonymous(...) {...})`) must parse as exactly one
/// parenthesized function expression, so that text in the parameters or the body
/// cannot end the function early and smuggle in other code. Err: the message.
pub fn check_function_piece(source: &str) -> Result<(), String> {
    let alloc = Allocator::default();
    let ret = oxc_parser::Parser::new(&alloc, source, SourceType::script()).parse();
    if let Some(d) = ret.diagnostics.first() {
        return Err(d.message.to_string());
    }
    let whole = |sp: Span, a: usize, b: usize| sp.start as usize == a && sp.end as usize + b == source.len();
    let ok = !ret.panicked
        && match ret.program.body.as_slice() {
            [Statement::ExpressionStatement(s)] => match &s.expression {
                Expression::ParenthesizedExpression(p) => whole(p.span, 0, 0) && matches!(&p.expression, Expression::FunctionExpression(f) if whole(f.span, 1, 1)),
                _ => false,
            },
            _ => false,
        };
    if ok {
        Ok(())
    } else {
        Err("Unexpected token in dynamic function".into())
    }
}

pub fn compile(source: &str, name: &str, opts: &CompileOptions) -> Result<CodeUnit, SyntaxError> {
    compile_inner(source, name, opts, None).map(|(unit, _)| unit)
}

/// Compiles a module for `gannet compile --tree-shake`: drops what `spec`
/// says (see `shake.rs`) and reports what it found. For other goals nothing
/// is dropped; the report still tells about non-literal `import()`.
pub fn compile_shaken(source: &str, name: &str, opts: &CompileOptions, spec: Arc<shake::ShakeSpec>) -> Result<(CodeUnit, shake::ShakeReport), SyntaxError> {
    compile_inner(source, name, opts, Some(spec)).map(|(unit, report)| (unit, report.unwrap_or_default()))
}

fn compile_inner(source: &str, name: &str, opts: &CompileOptions, spec: Option<Arc<shake::ShakeSpec>>) -> Result<(CodeUnit, Option<shake::ShakeReport>), SyntaxError> {
    let alloc = Allocator::default();
    let is_module = matches!(opts.goal, Goal::Module);
    let st = if is_module { SourceType::mjs() } else { SourceType::script() };
    let st = st.with_typescript(opts.typescript);
    // Strictness is applied by directive injection so that the parser enforces
    // strict-mode early errors too; offsets are mapped back below.
    let prefix = if opts.force_strict || matches!(&opts.goal, Goal::Eval(e) if e.strict) { "'use strict';" } else { "" };
    let text: String;
    let src: &str = if prefix.is_empty() {
        source
    } else if let Some(rest) = source.strip_prefix("#!") {
        // A hashbang comment must come first: blank it out (same length, so
        // offsets still map back by the prefix's length).
        let end = rest.find(['\n', '\r', '\u{2028}', '\u{2029}']).map_or(source.len(), |i| i + 2);
        text = format!("{prefix}{}{}", " ".repeat(end), &source[end..]);
        &text
    } else {
        text = format!("{prefix}{source}");
        &text
    };
    let shift = prefix.len() as u32;
    let lines = crate::bytecode::line_starts(source);
    let mk_err = |message: String, offset: u32| {
        let offset = offset.saturating_sub(shift);
        let unit_lines = CodeUnit {
            functions: vec![],
            constants: vec![],
            source_name: String::new(),
            source: Some(Arc::from(source)),
            module: None,
            line_starts: lines.clone(),
            dynamic_imports: Vec::new(),
        };
        let (line, column) = unit_lines.line_col(offset);
        SyntaxError { message, offset, line, column }
    };
    let mut parse_opts = oxc_parser::ParseOptions::default();
    if let Goal::Eval(_) = opts.goal {
        parse_opts.allow_return_outside_function = false;
    }
    let ret = oxc_parser::Parser::new(&alloc, src, st).with_options(parse_opts).parse();
    let eval_allows = |msg: &str, off: Option<u32>| match &opts.goal {
        Goal::Eval(e) => eval_context_allows(e, &ret.program, msg, off),
        _ => false,
    };
    if let Some(d) = ret.diagnostics.iter().find(|d| !eval_allows(&d.message, d.labels.first().map(|l| l.offset() as u32))) {
        let off = d.labels.first().map(|l| l.offset() as u32).unwrap_or(0);
        return Err(mk_err(d.message.to_string(), off));
    }
    if ret.panicked {
        return Err(mk_err("Unexpected token".into(), 0));
    }
    let program = &ret.program;
    let sem = oxc_semantic::SemanticBuilder::new()
        .with_check_syntax_error(true)
        .with_enum_eval(true)
        .build(program);
    if let Some(d) = sem.diagnostics.iter().find(|d| !eval_allows(&d.message, d.labels.first().map(|l| l.offset() as u32))) {
        let off = d.labels.first().map(|l| l.offset() as u32).unwrap_or(0);
        return Err(mk_err(d.message.to_string(), off));
    }
    let scoping = sem.semantic.scoping();
    // Annex B.3.2 applies to sloppy JavaScript only (not modules, not TypeScript).
    let annex = if is_module || opts.typescript { annexb::AnnexB::default() } else { annexb::AnnexB::new(scoping, program) };
    let analysis = Analysis::new(scoping, program, &annex);
    let dynamic = analysis.dynamic;
    let mut c = Compiler::new(src, shift, name, opts.clone(), scoping, analysis);
    c.annex = annex;
    if let Some(spec) = spec {
        let spec = if is_module { spec } else { Arc::new(shake::ShakeSpec::default()) };
        let (plan, report) = shake::plan(program, scoping, spec, dynamic || !is_module);
        c.plan = Some(plan);
        c.shake_report = Some(report);
    }
    c.compile_program(program).map_err(|e| mk_err(e.message, e.offset))?;
    let report = c.shake_report.take();
    let mut unit = c.finish();
    unit.source = Some(Arc::from(source));
    unit.line_starts = lines;
    Ok((unit, report))
}

/// Direct eval code may use `new.target`, `super.x` and `super()` where its
/// caller could (PerformEval steps 5-7): oxc, which parses it as a script,
/// reports them, and those reports are dropped unless the use sits in a
/// function of the eval code itself.
fn eval_context_allows(e: &EvalContext, program: &Program, msg: &str, off: Option<u32>) -> bool {
    let ok = if msg == "Unexpected new.target expression" {
        e.in_function
    } else if msg.starts_with("'super' can only be referenced") {
        e.in_method
    } else if msg.starts_with("Super calls are not permitted") {
        e.in_derived_ctor
    } else {
        false
    };
    if !ok || !e.direct {
        return false;
    }
    let Some(off) = off else { return false };
    struct InFunction(u32, bool);
    impl<'a> oxc_ast_visit::Visit<'a> for InFunction {
        fn visit_function(&mut self, it: &Function<'a>, _flags: oxc_syntax::scope::ScopeFlags) {
            if it.span.start <= self.0 && self.0 < it.span.end {
                self.1 = true;
            }
        }
    }
    let mut v = InFunction(off, false);
    oxc_ast_visit::Visit::visit_program(&mut v, program);
    !v.1
}

/// An error found while generating code (an early error oxc does not report).
pub(crate) struct CError {
    pub message: String,
    pub offset: u32,
}

pub(crate) type CResult<T> = Result<T, CError>;

pub(crate) fn cerr<T>(span: Span, message: impl Into<String>) -> CResult<T> {
    Err(CError { message: message.into(), offset: span.start })
}

/// Where a binding lives.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Loc {
    Reg(Reg),
    /// Slot of the scope record identified by `env` (an index into `Compiler::envs`).
    Env { env: usize, slot: u32 },
    /// Script top-level binding: global object property or global lexical.
    Global,
    /// Module import binding (index into the module's import table).
    Import(u32),
    /// Resolved by name at run time (sloppy direct-eval `var`s).
    Dynamic,
    /// An exported variable of a TS namespace: a property of the namespace
    /// object (`ns_stack[i]`), as TypeScript compiles it.
    NsProp(usize),
}

/// A binding's kind, for TDZ and assignment checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BKind {
    Var,
    Let,
    Const,
    /// Class name binding inside its own body, or named function expression name.
    ConstSilent,
    Function,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Binding {
    pub loc: Loc,
    pub kind: BKind,
    /// Source position of the end of the declaration: references after it in
    /// the same function need no TDZ check.
    pub decl_end: u32,
    pub fn_id: usize,
}

/// Pseudo-bindings of a non-arrow function that nested arrows may capture.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Special {
    This,
    NewTarget,
    Home,
    Arguments,
}

/// A scope record known to the compiler.
#[derive(Clone, Debug)]
pub(crate) struct EnvDesc {
    /// The function (index into `Compiler::fn_stack` depth) that creates it.
    pub fn_depth: usize,
    /// The register holding it, while its function is being compiled.
    pub reg: Reg,
    /// Slot names, for dynamic lookup.
    pub names: Vec<(Box<[u16]>, u8)>,
}

/// An entry of the control stack that `break`, `continue` and `return` may cross.
#[derive(Clone, Debug)]
pub(crate) enum Ctl {
    /// A loop, switch or labelled statement.
    Target(JumpTarget),
    /// A `finally` block (index into `FnState::finallies`).
    Finally(usize),
    /// An active for-of iterator to close when jumping out; `true` = async.
    Iter(Reg, bool),
    /// An array destructuring pattern's iterator and its `done` register: closed,
    /// unless done, when a generator is resumed with `return` inside the pattern.
    Pattern(Reg, Reg),
}

#[derive(Clone, Debug)]
pub(crate) struct JumpTarget {
    pub labels: Vec<String>,
    pub is_loop: bool,
    /// Unlabelled `break` may target it (loops and switch).
    pub breakable: bool,
    pub breaks: Vec<usize>,
    /// Continue target once known; jumps before that are patched later.
    pub continues: Vec<usize>,
}

/// A `finally` block that abrupt completions run through.
#[derive(Clone, Debug)]
pub(crate) struct FinallyScope {
    /// Completion kind: 0 normal, 1 throw, 2 return, 3.. a recorded jump.
    pub kind_reg: Reg,
    pub value_reg: Reg,
    /// Jumps into the finally block, patched when its start is known.
    pub entries: Vec<usize>,
    /// Recorded jumps: (kind code, control stack index of the target, is_continue).
    pub jumps: Vec<(i32, usize, bool)>,
    /// A `return` was routed through this finally.
    pub has_return: bool,
}

/// Per-function code generation state.
pub(crate) struct FnState {
    pub code: Vec<Insn>,
    pub handlers: Vec<Handler>,
    pub positions: Vec<(u32, u32)>,
    pub n_params: u32,
    pub next_reg: u16,
    pub max_reg: u16,
    pub n_ics: u32,
    pub flags: u32,
    pub length: u32,
    /// Register holding the closure's captured scope (valid after entry).
    pub closure_env: Reg,
    pub ctl: Vec<Ctl>,
    pub finallies: Vec<FinallyScope>,
    /// TS parameter properties to assign after `super()` in derived constructors.
    pub param_props: Vec<(String, SymbolId)>,
    pub specials: HashMap<Special, Loc>,
    pub is_arrow: bool,
    pub strict: bool,
    /// Register with the arguments object, once created.
    pub arguments: Option<Reg>,
    pub name_k: u32,
    pub span: (u32, u32),
    /// Register for the "completion value" of scripts/eval.
    pub completion: Option<Reg>,
    /// The DisposeCapability register of the innermost scope with `using` declarations.
    pub dispose: Option<Reg>,
    /// Simple parameters bound to their argument registers (`declare_scope`).
    pub param_regs: HashMap<SymbolId, Reg>,
    /// Finally blocks being compiled at the top level: their own completion
    /// register, the enclosing one, and the control stack depth at their start.
    pub finally_completions: Vec<(Reg, Reg, usize)>,
    pub uid: usize,
    /// The last position a jump was patched to (`retarget_last` must not move
    /// a write across a label).
    pub label_at: u32,
}

pub(crate) struct Compiler<'s, 'a> {
    pub src: &'s str,
    pub shift: u32,
    pub name: String,
    pub opts: CompileOptions,
    pub scoping: &'s oxc_semantic::Scoping,
    pub an: Analysis,
    /// Annex B block-function bookkeeping (`annexb.rs`).
    pub annex: annexb::AnnexB,
    /// Script/eval top level: registers holding whether `DeclareAnnexVar`
    /// created (or found) the var binding for a name.
    pub annex_flags: HashMap<String, Reg>,
    pub functions: Vec<Option<crate::bytecode::FunctionCode>>,
    pub constants: Vec<Constant>,
    string_consts: HashMap<Box<[u16]>, u32>,
    pub fs: Vec<FnState>,
    pub envs: Vec<EnvDesc>,
    pub bindings: HashMap<SymbolId, Binding>,
    pub module: Option<ModuleInfo>,
    /// Dynamic mode for the function being compiled: names are resolved at
    /// run time (a `with`/direct eval in it, in an enclosing function's own
    /// code, or in a nested function; see `Analysis::dyn_anc`).
    pub dynamic: bool,
    /// Inside a function whose own code has `with`/direct eval: every nested
    /// function is dynamic too.
    pub dyn_inherit: bool,
    /// Depth of `with` statements around the current code.
    pub with_depth: usize,
    pub private_names: Vec<HashMap<String, Binding>>,
    pub next_uid: usize,
    /// Depth of class bodies around the code being compiled (class code is strict).
    pub class_depth: usize,
    /// Namespace objects (TS) around the code being compiled: (function depth,
    /// register holding it there, the namespace's own binding and name).
    pub ns_stack: Vec<(usize, Reg, Option<Binding>, String)>,
    /// Literal specifiers of `import("...")` expressions.
    pub dynamic_imports: Vec<Box<str>>,
    /// Tree shaking: what not to emit (`shake.rs`).
    pub plan: Option<shake::Plan>,
    pub shake_report: Option<shake::ShakeReport>,
    _p: std::marker::PhantomData<&'a ()>,
}

impl<'s, 'a> Compiler<'s, 'a> {
    fn new(
        src: &'s str,
        shift: u32,
        name: &str,
        opts: CompileOptions,
        scoping: &'s oxc_semantic::Scoping,
        an: Analysis,
    ) -> Self {
        let dynamic = an.dynamic || matches!(opts.goal, Goal::Eval(_));
        let dyn_inherit = an.dyn_program || matches!(opts.goal, Goal::Eval(_));
        Compiler {
            src,
            shift,
            name: name.to_string(),
            opts,
            scoping,
            an,
            annex: annexb::AnnexB::default(),
            annex_flags: HashMap::new(),
            functions: Vec::new(),
            constants: Vec::new(),
            string_consts: HashMap::new(),
            fs: Vec::new(),
            envs: Vec::new(),
            bindings: HashMap::new(),
            module: None,
            dynamic,
            dyn_inherit,
            with_depth: 0,
            private_names: Vec::new(),
            next_uid: 0,
            class_depth: 0,
            ns_stack: Vec::new(),
            dynamic_imports: Vec::new(),
            plan: None,
            shake_report: None,
            _p: std::marker::PhantomData,
        }
    }

    fn finish(self) -> CodeUnit {
        CodeUnit {
            functions: self.functions.into_iter().flatten().collect(),
            constants: self.constants,
            source_name: self.name,
            source: None,
            module: self.module,
            line_starts: Vec::new(),
            dynamic_imports: self.dynamic_imports,
        }
    }

    // ----- emission helpers -------------------------------------------------

    #[inline]
    pub fn f(&mut self) -> &mut FnState {
        // The stack is never empty while compiling.
        let n = self.fs.len() - 1;
        &mut self.fs[n]
    }
    #[inline]
    pub fn fr(&self) -> &FnState {
        &self.fs[self.fs.len() - 1]
    }
    pub fn emit(&mut self, insn: Insn) -> usize {
        // An await in the module function itself (not a nested function) is
        // a top-level await: the module evaluates asynchronously ([[HasTLA]]).
        if matches!(insn, Insn::Await { .. }) && self.fs.len() == 1 {
            if let Some(m) = &mut self.module {
                m.has_tla = true;
            }
        }
        let f = self.f();
        f.code.push(insn);
        f.code.len() - 1
    }
    pub fn pc(&self) -> u32 {
        self.fr().code.len() as u32
    }
    /// Records the source position of the next instruction.
    pub fn pos(&mut self, span: Span) {
        let off = span.start.saturating_sub(self.shift);
        let pc = self.pc();
        let f = self.f();
        match f.positions.last_mut() {
            Some(last) if last.0 == pc => last.1 = off,
            _ => f.positions.push((pc, off)),
        }
    }
    pub fn patch(&mut self, at: usize, target: u32) {
        let t = Lbl(target);
        if target == self.pc() {
            self.f().label_at = target;
        }
        match &mut self.f().code[at] {
            Insn::Jump { target }
            | Insn::JumpIfTrue { target, .. }
            | Insn::JumpIfFalse { target, .. }
            | Insn::JumpIfNullish { target, .. }
            | Insn::JumpIfNotNullish { target, .. }
            | Insn::JumpIfUndef { target, .. }
            | Insn::JumpIfNotUndef { target, .. }
            | Insn::JumpIfLt { target, .. }
            | Insn::JumpIfNotLt { target, .. }
            | Insn::JumpIfLe { target, .. }
            | Insn::JumpIfNotLe { target, .. }
            | Insn::JumpIfGt { target, .. }
            | Insn::JumpIfNotGt { target, .. }
            | Insn::JumpIfGe { target, .. }
            | Insn::JumpIfNotGe { target, .. }
            | Insn::JumpIfLtI { target, .. }
            | Insn::JumpIfNotLtI { target, .. }
            | Insn::JumpIfLeI { target, .. }
            | Insn::JumpIfNotLeI { target, .. }
            | Insn::JumpIfGtI { target, .. }
            | Insn::JumpIfNotGtI { target, .. }
            | Insn::JumpIfGeI { target, .. }
            | Insn::JumpIfNotGeI { target, .. }
            | Insn::JumpIfStrictEqI { target, .. }
            | Insn::JumpIfStrictNeI { target, .. }
            | Insn::JumpIfEqI { target, .. }
            | Insn::JumpIfNeI { target, .. }
            | Insn::JumpIfStrictEq { target, .. }
            | Insn::JumpIfStrictNe { target, .. }
            | Insn::JumpIfEq { target, .. }
            | Insn::JumpIfNe { target, .. }
            | Insn::ForInNext { target, .. } => *target = t,
            _ => {}
        }
    }
    /// Makes the last instruction write `to` instead of the temporary `from`,
    /// in place of a following `Mov to, from` (`x = a + b` computes straight into
    /// x's register). Only for instructions that write their destination once,
    /// after reading every operand, and only if no jump lands between the two.
    pub fn retarget_last(&mut self, from: Reg, to: Reg) -> bool {
        let pc = self.pc();
        let f = self.f();
        if pc == 0 || f.label_at == pc || f.handlers.iter().any(|h| h.target == pc || h.end == pc) {
            return false;
        }
        let Some(last) = f.code.last_mut() else { return false };
        match last {
            Insn::Mov { dst, .. }
            | Insn::LoadConst { dst, .. }
            | Insn::LoadInt { dst, .. }
            | Insn::LoadUndef { dst }
            | Insn::LoadNull { dst }
            | Insn::LoadTrue { dst }
            | Insn::LoadFalse { dst }
            | Insn::LdEnv { dst, .. }
            | Insn::GetGlobal { dst, .. }
            | Insn::GetProp { dst, .. }
            | Insn::GetElem { dst, .. }
            | Insn::NewClosure { dst, .. }
            | Insn::Add { dst, .. }
            | Insn::Sub { dst, .. }
            | Insn::Mul { dst, .. }
            | Insn::Div { dst, .. }
            | Insn::Mod { dst, .. }
            | Insn::Exp { dst, .. }
            | Insn::BitAnd { dst, .. }
            | Insn::BitOr { dst, .. }
            | Insn::BitXor { dst, .. }
            | Insn::AddI { dst, .. }
            | Insn::SubI { dst, .. }
            | Insn::MulI { dst, .. }
            | Insn::BitAndI { dst, .. }
            | Insn::BitOrI { dst, .. }
            | Insn::BitXorI { dst, .. }
            | Insn::ShlI { dst, .. }
            | Insn::ShrI { dst, .. }
            | Insn::UShrI { dst, .. }
            | Insn::Shl { dst, .. }
            | Insn::Shr { dst, .. }
            | Insn::UShr { dst, .. }
            | Insn::Eq { dst, .. }
            | Insn::Ne { dst, .. }
            | Insn::StrictEq { dst, .. }
            | Insn::StrictNe { dst, .. }
            | Insn::Lt { dst, .. }
            | Insn::Le { dst, .. }
            | Insn::Gt { dst, .. }
            | Insn::Ge { dst, .. }
            | Insn::Neg { dst, .. }
            | Insn::Inc { dst, .. }
            | Insn::Dec { dst, .. }
            | Insn::Call { dst, .. }
            | Insn::New { dst, .. }
                if *dst == from =>
            {
                *dst = to;
                true
            }
            _ => false,
        }
    }
    pub fn patch_here(&mut self, at: usize) {
        let pc = self.pc();
        self.patch(at, pc);
    }
    pub fn patch_all_here(&mut self, jumps: &[usize]) {
        for &j in jumps {
            self.patch_here(j);
        }
    }
    pub fn patch_all(&mut self, jumps: &[usize], target: u32) {
        for &j in jumps {
            self.patch(j, target);
        }
    }
    pub fn jump(&mut self) -> usize {
        self.emit(Insn::Jump { target: Lbl(0) })
    }
    pub fn jump_to(&mut self, target: u32) {
        self.emit(Insn::Jump { target: Lbl(target) });
    }

    pub fn temp(&mut self) -> Reg {
        let f = self.f();
        let r = f.next_reg;
        f.next_reg += 1;
        if f.next_reg > f.max_reg {
            f.max_reg = f.next_reg;
        }
        Reg(r)
    }
    /// `n` consecutive temporaries.
    pub fn temps(&mut self, n: u16) -> Reg {
        let f = self.f();
        let r = f.next_reg;
        f.next_reg += n;
        if f.next_reg > f.max_reg {
            f.max_reg = f.next_reg;
        }
        Reg(r)
    }
    pub fn mark(&self) -> u16 {
        self.fr().next_reg
    }
    pub fn release(&mut self, mark: u16) {
        self.f().next_reg = mark;
    }
    pub fn ic(&mut self) -> crate::bytecode::Ic {
        let f = self.f();
        f.n_ics += 1;
        crate::bytecode::Ic(f.n_ics - 1)
    }

    // ----- constants ----------------------------------------------------------

    pub fn kstr16(&mut self, units: &[u16]) -> K {
        if let Some(&i) = self.string_consts.get(units) {
            return K(i);
        }
        let i = self.constants.len() as u32;
        self.constants.push(Constant::String(units.into()));
        self.string_consts.insert(units.into(), i);
        K(i)
    }
    pub fn kstr(&mut self, s: &str) -> K {
        let units: Vec<u16> = s.encode_utf16().collect();
        self.kstr16(&units)
    }
    pub fn knum(&mut self, n: f64) -> K {
        if let Some(i) = self.constants.iter().position(|c| matches!(c, Constant::Number(m) if m.to_bits() == n.to_bits())) {
            return K(i as u32);
        }
        self.constants.push(Constant::Number(n));
        K(self.constants.len() as u32 - 1)
    }
    pub fn kpush(&mut self, c: Constant) -> K {
        self.constants.push(c);
        K(self.constants.len() as u32 - 1)
    }

    pub fn load_num(&mut self, dst: Reg, n: f64) {
        if n.fract() == 0.0 && n.abs() < 1e9 && !(n == 0.0 && n.is_sign_negative()) {
            self.emit(Insn::LoadInt { dst, imm: crate::bytecode::Imm(n as i32) });
        } else {
            let k = self.knum(n);
            self.emit(Insn::LoadConst { dst, k });
        }
    }

    pub fn throw_error(&mut self, kind: u8, msg: &str) {
        let k = self.kstr(msg);
        self.emit(Insn::ThrowError { flag: crate::bytecode::U8(kind), k });
    }

    // ----- program ------------------------------------------------------------

    fn compile_program(&mut self, program: &Program<'a>) -> CResult<()> {
        let strict = program.source_type.is_strict()
            || program.directives.iter().any(|d| d.directive == "use strict")
            || self.opts.force_strict
            || matches!(&self.opts.goal, Goal::Eval(e) if e.strict);
        function::compile_top_level(self, program, strict)
    }

    // ----- scope records ------------------------------------------------------

    /// The register holding the innermost scope record visible here.
    pub fn current_env(&mut self) -> Reg {
        let depth = self.fs.len();
        match self.envs.last() {
            Some(e) if e.fn_depth == depth => e.reg,
            _ => self.fr().closure_env,
        }
    }

    /// Creates a scope record for `names` (slot order) and makes it current.
    pub fn push_env(&mut self, names: Vec<(Box<[u16]>, u8)>, var_scope: bool) -> usize {
        let parent = self.current_env();
        let dst = self.temp();
        // Keep the register reserved while the scope is active.
        let k = self.kpush(Constant::Scope {
            names: names.iter().map(|(n, _)| n.clone()).collect(),
            flags: names.iter().map(|(_, f)| *f).collect(),
            var_scope,
        });
        self.emit(Insn::CreateEnv { dst, parent, size: crate::bytecode::Imm(names.len() as i32), k });
        let depth = self.fs.len();
        self.envs.push(EnvDesc { fn_depth: depth, reg: dst, names });
        self.envs.len() - 1
    }

    pub fn pop_env(&mut self) {
        self.envs.pop();
    }

    /// Instruction operands to reach slot `slot` of env `env` from here.
    pub fn env_access(&mut self, env: usize) -> (Reg, i32) {
        let depth = self.fs.len();
        if self.envs[env].fn_depth == depth {
            return (self.envs[env].reg, 0);
        }
        // Count records between `env` and the innermost outer record.
        let innermost_outer = self.envs.iter().rposition(|e| e.fn_depth < depth).unwrap_or(env);
        ((self.fr().closure_env), (innermost_outer - env) as i32)
    }

    // ----- bindings -------------------------------------------------------------

    pub fn sym_name(&self, s: SymbolId) -> &str {
        self.annex.name(self.scoping, s)
    }

    pub fn sym_flags(&self, s: SymbolId) -> oxc_syntax::symbol::SymbolFlags {
        self.annex.flags(self.scoping, s)
    }

    /// Reads a binding into `dst`.
    pub fn load_binding(&mut self, b: Binding, name: &str, dst: Reg, ref_pos: u32) {
        match b.loc {
            Loc::Reg(r) => {
                if r != dst {
                    self.emit(Insn::Mov { dst, src: r });
                }
            }
            Loc::Env { env, slot } => {
                let (base, depth) = self.env_access(env);
                self.emit(Insn::LdEnv { dst, env: base, depth: crate::bytecode::Imm(depth), slot: crate::bytecode::Imm(slot as i32) });
            }
            Loc::Global => {
                let k = self.kstr(name);
                let ic = self.ic();
                self.emit(Insn::GetGlobal { dst, k, ic });
                return;
            }
            Loc::Import(i) => {
                self.emit(Insn::LdImport { dst, imm: crate::bytecode::Imm(i as i32) });
                let k = self.kstr(name);
                self.emit(Insn::CheckInit { src: dst, k });
                return;
            }
            Loc::Dynamic => {
                let env = self.current_env();
                let k = self.kstr(name);
                self.emit(Insn::GetName { dst, env, k });
                return;
            }
            Loc::NsProp(i) => {
                if let Some(ns) = self.ns_object(i) {
                    let k = self.kstr(name);
                    let ic = self.ic();
                    self.emit(Insn::GetProp { dst, obj: ns, k, ic });
                }
                return;
            }
        }
        if self.needs_tdz(b, ref_pos) {
            let k = self.kstr(name);
            self.emit(Insn::CheckInit { src: dst, k });
        }
    }

    pub fn needs_tdz(&self, b: Binding, ref_pos: u32) -> bool {
        match b.kind {
            BKind::Let | BKind::Const | BKind::ConstSilent => b.fn_id != self.fn_id() || ref_pos < b.decl_end,
            _ => false,
        }
    }

    /// A unique id of the function being compiled.
    pub fn fn_id(&self) -> usize {
        self.fr().uid
    }

    /// Stores `src` into a binding (initialisation when `init`).
    pub fn store_binding(&mut self, b: Binding, name: &str, src: Reg, init: bool, ref_pos: u32) {
        if !init {
            match b.kind {
                BKind::Const => {
                    // Reading first gives the TDZ error precedence over the const error.
                    let t = self.temp();
                    self.load_binding(b, name, t, ref_pos);
                    self.release(t.0);
                    self.throw_error(0, "Assignment to constant variable.");
                    return;
                }
                BKind::ConstSilent => {
                    if self.fr().strict {
                        self.throw_error(0, "Assignment to constant variable.");
                    }
                    return;
                }
                BKind::Let if self.needs_tdz(b, ref_pos) => {
                    let t = self.temp();
                    self.load_binding(b, name, t, ref_pos);
                    self.release(t.0);
                }
                _ => {}
            }
        }
        match b.loc {
            Loc::Reg(r) => {
                if r != src {
                    self.emit(Insn::Mov { dst: r, src });
                }
            }
            Loc::Env { env, slot } => {
                let (base, depth) = self.env_access(env);
                self.emit(Insn::StEnv { env: base, depth: crate::bytecode::Imm(depth), slot: crate::bytecode::Imm(slot as i32), src });
            }
            Loc::Global => {
                let k = self.kstr(name);
                if init && matches!(b.kind, BKind::Let | BKind::Const | BKind::ConstSilent) {
                    self.emit(Insn::InitGlobalLex { k, src });
                } else {
                    let ic = self.ic();
                    let flag = crate::bytecode::U8(self.fr().strict as u8);
                    self.emit(Insn::SetGlobal { k, src, flag, ic });
                }
            }
            Loc::Import(_) => {
                self.throw_error(0, "Assignment to constant variable.");
            }
            Loc::Dynamic => {
                let env = self.current_env();
                let k = self.kstr(name);
                let flag = crate::bytecode::U8(self.fr().strict as u8);
                self.emit(Insn::SetName { env, k, src, flag });
            }
            Loc::NsProp(i) => {
                if let Some(ns) = self.ns_object(i) {
                    let k = self.kstr(name);
                    let ic = self.ic();
                    self.emit(Insn::SetProp { obj: ns, k, src, flag: crate::bytecode::U8(1), ic });
                }
            }
        }
    }

    /// A register holding namespace object `ns_stack[i]` here (its own
    /// register in the same function, else loaded through its binding).
    pub fn ns_object(&mut self, i: usize) -> Option<Reg> {
        let (d, reg, own, name) = self.ns_stack.get(i).cloned()?;
        if d == self.fs.len() {
            return Some(reg);
        }
        match own {
            Some(b) if !matches!(b.loc, Loc::Reg(_) | Loc::NsProp(_)) => {
                let r = self.temp();
                self.load_binding(b, &name, r, u32::MAX);
                Some(r)
            }
            _ => None,
        }
    }

    /// Sets the source text range of function `idx` (`Function.prototype.toString`):
    /// methods span their whole definition, minus a leading `static`.
    pub fn set_source_span(&mut self, idx: u32, span: Span, skip_static: bool) {
        let mut start = span.start;
        if skip_static {
            if let Some(rest) = self.src.get(start as usize..span.end as usize) {
                if let Some(after) = rest.strip_prefix("static") {
                    start += (rest.len() - skip_trivia(after).len()) as u32;
                }
            }
        }
        let shift = self.shift;
        if let Some(Some(f)) = self.functions.get_mut(idx as usize) {
            f.span = (start.saturating_sub(shift), span.end.saturating_sub(shift));
        }
    }

    /// Records that the lexical bindings `syms` are initialised from source
    /// offset `end` on: later references in the same function skip TDZ checks.
    pub fn mark_initialized(&mut self, syms: &[SymbolId], end: u32) {
        for s in syms {
            if let Some(b) = self.bindings.get_mut(s) {
                if b.decl_end == u32::MAX {
                    b.decl_end = end;
                }
            }
        }
    }

    /// Whether tree shaking removes the declaration whose node starts at `start`.
    pub fn is_dead(&self, start: u32) -> bool {
        self.plan.as_ref().is_some_and(|p| p.dead.contains(&start))
    }

    /// Whether tree shaking removes export `name` from the export table.
    pub fn drops_export(&self, name: &str) -> bool {
        self.plan.as_ref().is_some_and(|p| p.drops_export(name))
    }

    /// Resolves an identifier reference.
    pub fn resolve(&self, id: &IdentifierReference<'a>) -> Option<Binding> {
        let rid = id.reference_id.get()?;
        let sym = match self.annex.refs.get(&rid) {
            Some(o) => (*o)?,
            None => self.scoping.get_reference(rid).symbol_id()?,
        };
        self.bindings.get(&sym).copied()
    }
}

/// `s` without its leading whitespace, line terminators and comments (the text
/// between `static` and a method's first token is not part of the method's source).
fn skip_trivia(mut s: &str) -> &str {
    loop {
        let t = s.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
        if let Some(r) = t.strip_prefix("/*") {
            s = r.find("*/").map_or("", |i| &r[i + 2..]);
        } else if let Some(r) = t.strip_prefix("//") {
            s = r.find(['\n', '\r', '\u{2028}', '\u{2029}']).map_or("", |i| &r[i..]);
        } else {
            return t;
        }
    }
}
