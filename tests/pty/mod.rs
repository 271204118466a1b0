//! The real binary in a pseudo-terminal (80×24) with a small terminal emulator
//! (`vt100`) keeping its screen, so that every step of an end-to-end test waits
//! for what it expects instead of sleeping. Shared by the `e2e_*` tests.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::process::Command;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const BIN: &str = env!("CARGO_BIN_EXE_passerelle");
pub const ROWS: u16 = 24;
pub const COLS: u16 = 80;
/// Longest wait for one step, generous for a loaded 2-core CI machine.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(10);

pub const ENTER: &str = "\r";
pub const TAB: &str = "\t";
pub const RIGHT: &str = "\x1b[C";
pub const CTRL_S: &str = "\x13";
pub const F3: &str = "\x1bOR";
pub const F4: &str = "\x1bOS";
pub const F5: &str = "\x1b[15~";
pub const F6: &str = "\x1b[17~";
pub const ENTER_ALT_SCREEN: &[u8] = b"\x1b[?1049h";
pub const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";

/// Terminal queries a real terminal would answer, with our answer.
///
/// Nothing answers them in a bare pty: an unanswered query can stall the app.
pub const QUERIES: [(&[u8], &[u8]); 3] = [
    // Cursor position report.
    (b"\x1b[6n", b"\x1b[1;1R"),
    // Keyboard enhancement flags: none.
    (b"\x1b[?u", b"\x1b[?0u"),
    // Primary device attributes: a VT220-class terminal.
    (b"\x1b[c", b"\x1b[?62;c"),
];

/// The binary running in a pty, with a virtual screen of its output.
pub struct Tui {
    pub parser: vt100::Parser,
    /// Everything the binary wrote.
    pub raw: Vec<u8>,
    /// Per query: where to look for the next occurrence in `raw`.
    scanned: [usize; QUERIES.len()],
    output: Receiver<Vec<u8>>,
    eof: bool,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

impl Tui {
    pub fn spawn(args: &[&str]) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("NO_COLOR", "1");
        cmd.env("PASSERELLE_USER", "e2e");
        cmd.env_remove("PASSERELLE_DB");
        let child = pair.slave.spawn_command(cmd).expect("spawn passerelle");
        // Our copy of the slave must go, or reading never sees the end of the output.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            loop {
                match reader.read(&mut buf) {
                    // EIO once the child has gone: end of output.
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if tx.send(buf[..n].to_vec()).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        let size = |n| NonZeroU16::new(n).expect("non-zero size");
        Tui {
            parser: vt100::Parser::new(size(ROWS), size(COLS), 0),
            raw: Vec::new(),
            scanned: [0; QUERIES.len()],
            output,
            eof: false,
            writer,
            child,
            _master: pair.master,
        }
    }

    /// Reads what arrives within `wait`, updates the screen and answers queries.
    pub fn pump(&mut self, wait: Duration) {
        if self.eof {
            std::thread::sleep(wait);
            return;
        }
        match self.output.recv_timeout(wait) {
            Ok(chunk) => self.feed(&chunk),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => self.eof = true,
        }
        while let Ok(chunk) = self.output.try_recv() {
            self.feed(&chunk);
        }
    }

    pub fn feed(&mut self, chunk: &[u8]) {
        self.parser.process(chunk);
        self.raw.extend_from_slice(chunk);
        for (i, (query, answer)) in QUERIES.iter().enumerate() {
            while let Some(pos) = find(&self.raw[self.scanned[i]..], query) {
                self.scanned[i] += pos + query.len();
                self.writer.write_all(answer).expect("answer a query");
                self.writer.flush().expect("flush");
            }
            // A query cut between two chunks is found on the next one.
            let tail = self.raw.len().saturating_sub(query.len() - 1);
            self.scanned[i] = self.scanned[i].max(tail);
        }
    }

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("send keys");
        self.writer.flush().expect("flush keys");
    }

    /// Waits until the screen satisfies `pred`; fails with the screen shown.
    pub fn wait_until(&mut self, what: &str, pred: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + STEP_TIMEOUT;
        loop {
            let screen = self.screen();
            if pred(&screen) {
                return;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            self.pump(Duration::from_millis(50));
        }
    }

    /// Waits until a whole frame is on screen and it satisfies `pred`: a step that
    /// compares screens must not judge one drawn halfway. Ratatui ends each frame
    /// without a text cursor by hiding the cursor.
    pub fn wait_frame_until(&mut self, what: &str, pred: impl Fn(&str) -> bool) {
        let frame_end = b"\x1b[?25l";
        let deadline = Instant::now() + STEP_TIMEOUT;
        loop {
            let screen = self.screen();
            if self.raw.ends_with(frame_end) && pred(&screen) {
                return;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("timed out waiting for {what} (whole frame); screen:\n{screen}");
            }
            self.pump(Duration::from_millis(50));
        }
    }

    /// Whether the line showing `text` has a cell in reverse video (the cursor's row
    /// when colours are off).
    pub fn reversed_on_line_of(&self, text: &str) -> bool {
        let screen = self.parser.screen();
        self.screen()
            .lines()
            .position(|l| l.contains(text))
            .is_some_and(|row| {
                (0..COLS).any(|col| screen.cell(row as u16, col).is_some_and(|c| c.inverse()))
            })
    }

    /// Waits until the screen shows `text`.
    pub fn wait_for(&mut self, text: &str) {
        self.wait_until(&format!("« {text} »"), |s| s.contains(text));
    }

    /// Sends keys, then waits for `text` on screen.
    pub fn step(&mut self, keys: &str, text: &str) {
        self.send(keys);
        self.wait_for(text);
    }

    /// Waits for the process to end and its output to be fully read.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + STEP_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("child status") {
                // Drain what is still in the pipe.
                let drain = Instant::now() + Duration::from_secs(2);
                while !self.eof && Instant::now() < drain {
                    self.pump(Duration::from_millis(50));
                }
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("passerelle did not exit; screen:\n{}", self.screen());
            }
            self.pump(Duration::from_millis(50));
        }
    }
}

pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

pub fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

pub fn passerelle(db: &Path, args: &[&str]) -> std::process::Output {
    let output = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env("PASSERELLE_USER", "e2e")
        .env_remove("PASSERELLE_DB")
        .output()
        .expect("run passerelle");
    assert!(
        output.status.success(),
        "passerelle {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

pub const FIVE: [&str; 5] = [
    "AUBERT Léa",
    "BLANC Hugo",
    "COLIN Inès",
    "DUVAL Marc",
    "ÉTIENNE Zoé",
];

/// A fresh database with the five students of `FIVE` in one section, none repéré yet.
pub fn five_students(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("meeting.sqlite3");
    let csv = dir.join("liste.csv");
    let mut text = String::from("Nom;Prénom;Division\n");
    for name in FIVE {
        let (last, first) = name.split_once(' ').expect("last and first name");
        text.push_str(&format!("{last};{first};BTS1 NDRC\n"));
    }
    std::fs::write(&csv, text).expect("write the SIECLE list");
    passerelle(&db, &["init"]);
    let csv = csv.to_str().expect("utf-8 path");
    passerelle(
        &db,
        &[
            "import",
            "siecle",
            csv,
            "--section",
            "NDRC",
            "--sector",
            "services",
        ],
    );
    db
}
