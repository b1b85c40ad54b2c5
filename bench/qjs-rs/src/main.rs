//! `qjs-rs FILE...`: evaluates the concatenation of FILEs as one classic script
//! under QuickJS-ng (embedded by the `rquickjs` crate), with `print` and
//! `console.log` defined, then runs pending jobs. Exit status 1 on an uncaught
//! exception. Used by bench/bench.py as the `qjs` peer.
use rquickjs::{context::EvalOptions, CatchResultExt, Context, Function, Object, Runtime};

fn print(args: rquickjs::function::Rest<rquickjs::Coerced<String>>) {
    let parts: Vec<String> = args.0.into_iter().map(|s| s.0).collect();
    println!("{}", parts.join(" "));
}

fn main() {
    let mut src = String::new();
    for p in std::env::args().skip(1) {
        match std::fs::read_to_string(&p) {
            Ok(s) => {
                src.push_str(&s);
                src.push('\n');
            }
            Err(e) => {
                eprintln!("qjs-rs: {p}: {e}");
                std::process::exit(2);
            }
        }
    }
    let rt = match Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("qjs-rs: {e}");
            std::process::exit(2);
        }
    };
    rt.set_max_stack_size(256 * 1024 * 1024);
    let ctx = match Context::full(&rt) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("qjs-rs: {e}");
            std::process::exit(2);
        }
    };
    let ok = ctx.with(|ctx| {
        let setup = (|| -> rquickjs::Result<()> {
            let g = ctx.globals();
            let f = Function::new(ctx.clone(), print)?;
            g.set("print", f.clone())?;
            let console = Object::new(ctx.clone())?;
            console.set("log", f.clone())?;
            console.set("error", f.clone())?;
            console.set("warn", f)?;
            g.set("console", console)?;
            Ok(())
        })();
        if let Err(e) = setup {
            eprintln!("qjs-rs: {e}");
            return false;
        }
        // A sloppy-mode classic script, like `qjs FILE` (rquickjs defaults to strict).
        let mut opts = EvalOptions::default();
        opts.global = true;
        opts.strict = false;
        opts.filename = std::env::args().nth(1);
        match ctx
            .eval_with_options::<(), _>(src.as_bytes(), opts)
            .catch(&ctx)
        {
            Ok(()) => true,
            Err(e) => {
                eprintln!("Uncaught {e}");
                false
            }
        }
    });
    if !ok {
        std::process::exit(1);
    }
    loop {
        match rt.execute_pending_job() {
            Ok(true) => {}
            Ok(false) => break,
            Err(_) => {
                eprintln!("Uncaught exception in job");
                std::process::exit(1);
            }
        }
    }
}
