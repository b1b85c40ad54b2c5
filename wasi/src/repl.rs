//! The interactive REPL (native targets): line editing, history, multi-line
//! input, and the value of each entry printed Node-style.

use gannet::Isolate;
use rustyline::error::ReadlineError;
use std::process::ExitCode;

/// Whether a syntax error means "the input is not finished yet".
fn incomplete(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("unexpected end") || m.contains("expected `}`") || m.contains("expected `)`") || m.contains("expected `]`") || m.contains("unterminated")
}

pub fn run(iso: &mut Isolate) -> ExitCode {
    println!("Welcome to Gannet {}. Type .exit or press Ctrl-D to leave.", gannet::VERSION);
    let Ok(mut rl) = rustyline::DefaultEditor::new() else {
        eprintln!("gannet: cannot start the line editor");
        return ExitCode::from(2);
    };
    let history = std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".gannet_history"));
    if let Some(h) = &history {
        let _ = rl.load_history(h);
    }
    let mut buffer = String::new();
    loop {
        let prompt = if buffer.is_empty() { "> " } else { "... " };
        match rl.readline(prompt) {
            Ok(line) => {
                if buffer.is_empty() && line.trim() == ".exit" {
                    break;
                }
                buffer.push_str(&line);
                buffer.push('\n');
                match iso.eval(&buffer, "REPL") {
                    Ok(h) => {
                        let v = iso.value(h);
                        println!("{}", iso.inspect(v));
                        iso.release(h);
                    }
                    Err(gannet::Error::Syntax { message, .. }) if incomplete(&message) => continue,
                    Err(e) => eprintln!("{e}"),
                }
                let _ = rl.add_history_entry(buffer.trim_end());
                buffer.clear();
                if let Err(e) = iso.run_jobs() {
                    eprintln!("{e}");
                }
            }
            Err(ReadlineError::Interrupted) => {
                buffer.clear();
            }
            Err(_) => break,
        }
    }
    if let Some(h) = &history {
        let _ = rl.save_history(h);
    }
    ExitCode::SUCCESS
}
