//! Issue "safe to expose": every resource a client can hold is bounded, no input can jam,
//! corrupt or crash the server, and acknowledged writes survive. One test binary with a
//! module per concern.

#[path = "../common/mod.rs"]
#[macro_use]
mod common;

mod connections;
mod input;
mod numbering;
mod process;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_openwdt");

/// `openwdt serve --listen 127.0.0.1:0 ARGS…` and its base URL; the log keeps being drained
/// so the server never blocks on a full pipe. The caller waits for (or kills) the process.
#[allow(clippy::zombie_processes)]
pub fn spawn_server(args: &[&str]) -> (Child, String) {
    let mut child = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .args(args)
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            err.read_line(&mut line).unwrap() > 0,
            "server exited before listening"
        );
        if line.contains("openwdt listening") {
            let at = line.find("127.0.0.1:").unwrap();
            let port: String = line[at + 10..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            std::thread::spawn(move || for _ in err.lines() {});
            return (child, format!("http://127.0.0.1:{port}"));
        }
    }
}

/// A fixture file with the harness's fixture, in `dir`.
pub fn fixture_file(dir: &std::path::Path) -> std::path::PathBuf {
    let f = dir.join("fixture.toml");
    std::fs::write(&f, common::FIXTURE).unwrap();
    f
}

/// Peak resident memory of a process, in MiB.
pub fn peak_rss_mib(pid: u32) -> f64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kib: f64 = s
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap();
    kib / 1024.0
}
