//! SIECLE CSV import of 10,000 pupils (issue 13), timed against SQLite's own `.import`
//! of the same rows in the same run.
//!
//! The file is a « liste des élèves par division » as SIECLE exports it: ISO-8859-1,
//! `;`, CRLF, Excel-style `="…"` values for the INE and the dates, the columns SIECLE
//! writes (several that the reader ignores). Every pupil is in a 1st-year BTS division,
//! so that all 10,000 rows are imported. The peer gets the same rows converted to UTF-8
//! (`,` separated, as `.import --csv` reads them) and loads them into a new table of a
//! copy of the same initialised database, with the machine's `sqlite3` command.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use passerelle::io::siecle::{SiecleOptions, import_siecle_with};
use passerelle::store::Store;

/// Pupils in the file.
pub const PUPILS: usize = 10_000;
/// Target of issue 13: the whole import (plan and write) of 10,000 rows.
pub const TARGET_SECONDS: f64 = 0.15;
/// Runs of each measure; the median is reported.
const RUNS: usize = 7;
/// The SQLite command line, used as the peer.
const SQLITE3: &str = "/usr/bin/sqlite3";

const HEADER: [&str; 14] = [
    "Nom",
    "Nom d'usage",
    "Prénom",
    "Prénom 2",
    "Né(e) le",
    "Sexe",
    "N° INE",
    "MEF",
    "Libellé MEF",
    "Division",
    "Statut",
    "Régime",
    "Date entrée",
    "Date sortie",
];

/// 1st-year BTS divisions of an académie's lycées, with their MEF label.
const DIVISIONS: &[(&str, &str)] = &[
    (
        "BTS1 NDRC A",
        "1BTS2 NEGOCIATION DIGITALISATION RELATION CLIENT",
    ),
    (
        "BTS1 NDRC B",
        "1BTS2 NEGOCIATION DIGITALISATION RELATION CLIENT",
    ),
    ("BTS1 MCO A", "1BTS2 MANAGEMENT COMMERCIAL OPERATIONNEL"),
    ("BTS1 MCO B", "1BTS2 MANAGEMENT COMMERCIAL OPERATIONNEL"),
    ("BTS1 GPME", "1BTS2 GESTION DE LA PME"),
    (
        "TS1 CIEL",
        "1BTS2 CYBERSECURITE INFORMATIQUE RESEAUX ELECTRONIQUE",
    ),
];

const LAST_NAMES: &[&str] = &[
    "LEFÈVRE",
    "N'DIAYE",
    "GARCÍA",
    "BÉRANGER",
    "ÉTIENNE",
    "DUPONT",
    "MARTIN",
    "FAURE",
    "HÉRAIL",
    "CAZES",
    "DELMAS",
    "GINESTE",
    "SAINT-JEAN",
    "BOUZID",
    "NGUYEN",
    "LABORDE",
];
const FIRST_NAMES: &[&str] = &[
    "Hélène",
    "Zoé",
    "Noé",
    "Léa",
    "Inès",
    "Jérôme",
    "Aïssatou",
    "Théo",
    "Maël",
    "Chloé",
    "Anaïs",
    "Loïc",
    "Ilyès",
    "Manon",
    "Hugo",
    "Célia",
];

/// The rows of the file, header first.
fn records() -> Vec<Vec<String>> {
    let mut rows = vec![HEADER.iter().map(|h| (*h).to_string()).collect()];
    for i in 0..PUPILS {
        let (division, label) = DIVISIONS[i % DIVISIONS.len()];
        let apprentice = i % 9 == 0;
        rows.push(vec![
            format!("{}-{i}", LAST_NAMES[i % LAST_NAMES.len()]),
            if i % 25 == 0 {
                "MARTIN".into()
            } else {
                String::new()
            },
            FIRST_NAMES[(i / 7) % FIRST_NAMES.len()].to_string(),
            if i % 3 == 0 {
                "Marie".into()
            } else {
                String::new()
            },
            format!("=\"{:02}/{:02}/{}\"", 1 + i % 28, 1 + i % 12, 2005 + i % 3),
            if i % 2 == 0 { "F" } else { "M" }.to_string(),
            format!("=\"{:09}{}\"", 600_000_000 + i, ["AB", "CD", "EF"][i % 3]),
            "31122105310".to_string(),
            label.to_string(),
            division.to_string(),
            if apprentice { "AP" } else { "ST" }.to_string(),
            if i % 4 == 0 { "DP DAN" } else { "EXTERN" }.to_string(),
            "=\"01/09/2026\"".to_string(),
            String::new(),
        ]);
    }
    rows
}

fn write_csv(path: &Path, rows: &[Vec<String>], delimiter: u8, latin1: bool) {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).unwrap();
    }
    let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    let bytes = if latin1 {
        // Every character of the file is in Latin-1, where Windows-1252 agrees with it.
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
        assert!(!unmappable && text.chars().all(|c| u32::from(c) < 0x100));
        bytes.into_owned()
    } else {
        text.into_bytes()
    };
    std::fs::write(path, bytes).unwrap();
}

/// A result row of the bench table.
pub struct Measure {
    pub what: String,
    pub seconds: f64,
    pub min: f64,
    pub max: f64,
    /// Whether the target applies to this row and is met.
    pub ok: bool,
}

fn median(mut times: Vec<f64>) -> (f64, f64, f64) {
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[0], times[times.len() - 1])
}

/// A fresh copy of `template` at `copy` (its WAL files removed).
fn fresh_copy(template: &Path, copy: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", copy.display()));
    }
    std::fs::copy(template, copy).unwrap();
}

/// CPU seconds (user + system) this process has used so far, from `/proc/self/stat`
/// (clock ticks of 10 ms), or `None` where there is no such file.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start at its closing ')'.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
    Some((ticks(11)? + ticks(12)?) / 100.0)
}

/// `RUNS` in-process imports into fresh copies of `template`: wall and CPU seconds.
fn time_import(
    template: &Path,
    copy: &Path,
    file: &Path,
    options: &SiecleOptions,
) -> (Vec<f64>, Vec<f64>) {
    (0..RUNS)
        .map(|_| {
            fresh_copy(template, copy);
            let mut store = Store::open(copy).unwrap();
            let cpu = cpu_seconds();
            let started = Instant::now();
            let report = import_siecle_with(&mut store, file, options).unwrap();
            let seconds = started.elapsed().as_secs_f64();
            let cpu = cpu.zip(cpu_seconds()).map_or(f64::NAN, |(a, b)| b - a);
            assert_eq!(report.added, PUPILS, "{:?}", report.skipped.first());
            (seconds, cpu)
        })
        .unzip()
}

/// Runs the CSV measures; `demo` is a 10k demo database to import into as well.
pub fn run(dir: &Path, demo: Option<&Path>) -> Vec<Measure> {
    let rows = records();
    let file = dir.join("liste_eleves.csv");
    write_csv(&file, &rows, b';', true);
    let peer_file = dir.join("liste_eleves_utf8.csv");
    write_csv(&peer_file, &rows, b',', false);
    drop(rows);

    // The same initialised database for both sides: `passerelle init`.
    let template = dir.join("csv_init.sqlite3");
    let _ = std::fs::remove_file(&template);
    let mut store = Store::open(&template).unwrap();
    store.init().unwrap();
    drop(store);
    let copy = dir.join("csv_run.sqlite3");
    let options = SiecleOptions::default();
    let mut out = Vec::new();

    let (wall, cpu) = time_import(&template, &copy, &file, &options);
    let (ours, min, max) = median(wall);
    out.push(Measure {
        what: format!("SIECLE CSV, {PUPILS} élèves, base initialisée (médiane de {RUNS})"),
        seconds: ours,
        min,
        max,
        ok: ours <= TARGET_SECONDS,
    });
    let (seconds, min, max) = median(cpu);
    out.push(Measure {
        what: "  même import, temps CPU (utilisateur + système, par 10 ms)".into(),
        seconds,
        min,
        max,
        ok: true,
    });

    // The real binary, from spawn to exit: open + quick check, plan, preview, write.
    let binary: Vec<f64> = (0..RUNS)
        .map(|_| {
            fresh_copy(&template, &copy);
            let started = Instant::now();
            let status = Command::new(env!("CARGO_BIN_EXE_passerelle"))
                .arg("--db")
                .arg(&copy)
                .args(["import", "siecle"])
                .arg(&file)
                .env("PASSERELLE_USER", "bench")
                .stdout(Stdio::null())
                .status()
                .unwrap();
            assert!(status.success());
            started.elapsed().as_secs_f64()
        })
        .collect();
    let (seconds, min, max) = median(binary);
    out.push(Measure {
        what: "  même import par le binaire (processus entier)".into(),
        seconds,
        min,
        max,
        ok: true,
    });

    match peer_times(&template, &copy, &peer_file) {
        Some(times) => {
            let (peer, min, max) = median(times);
            out.push(Measure {
                what: "  pair : sqlite3 .import --csv (mêmes lignes, UTF-8)".into(),
                seconds: peer,
                min,
                max,
                ok: true,
            });
            println!(
                "SIECLE CSV : Passerelle / sqlite3 .import = {:.1} (médianes {:.3} s / {:.3} s)",
                ours / peer,
                ours,
                peer
            );
        }
        None => println!(
            "{SQLITE3} absent : le pair n'est pas mesuré (installez-le : apt install sqlite3)"
        ),
    }

    if let Some(demo) = demo {
        let demo_copy: PathBuf = dir.join("csv_demo_run.sqlite3");
        // The académie-scale demo has several establishments: the file is the first's.
        let first = Store::open(demo)
            .unwrap()
            .establishments()
            .unwrap()
            .first()
            .map(|e| e.uai.clone());
        let options = SiecleOptions {
            establishment: first,
            ..options.clone()
        };
        let (seconds, min, max) = median(time_import(demo, &demo_copy, &file, &options).0);
        let _ = std::fs::remove_file(&demo_copy);
        out.push(Measure {
            what: format!("SIECLE CSV, {PUPILS} élèves, dans la démo 10 000"),
            seconds,
            min,
            max,
            ok: true,
        });
    }
    for path in [&copy, &template] {
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
    out
}

/// `RUNS` runs of `sqlite3 COPY ".import --csv FILE t"`, or `None` without sqlite3.
fn peer_times(template: &Path, copy: &Path, file: &Path) -> Option<Vec<f64>> {
    if !Path::new(SQLITE3).exists() {
        return None;
    }
    let times = (0..RUNS)
        .map(|_| {
            fresh_copy(template, copy);
            let started = Instant::now();
            let output = Command::new(SQLITE3)
                .arg(copy)
                .arg(format!(".import --csv {} t", file.display()))
                .output()
                .unwrap();
            let seconds = started.elapsed().as_secs_f64();
            assert!(
                output.status.success() && output.stderr.is_empty(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            seconds
        })
        .collect();
    let count = Command::new(SQLITE3)
        .arg(copy)
        .arg("SELECT count(*) FROM t")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&count.stdout).trim(),
        PUPILS.to_string()
    );
    Some(times)
}
