//! Benchmark of the imports (issue 7): `cargo bench --bench import`.
//!
//! - a whole-school SIECLE XML of 4,000 pupils (ElevesSansAdresses, 19 divisions of which
//!   4 are BTS), imported keeping the BTS divisions, then imported whole into one
//!   section, then zipped;
//! - a JSON export of `demo --students 10000` (with the sensitive data), restored into a
//!   new database.
//!
//! For each: wall time in process, and the peak of the heap during the import (a counting
//! global allocator; SQLite's own page cache is not on the Rust heap), then the maximum
//! resident memory of the real binary doing the same (`/usr/bin/time -v`, when present).
//! - a SIECLE CSV of 10,000 pupils into a fresh initialised database, timed against
//!   SQLite's own `.import` of the same rows in the same run (issue 13), and into the
//!   demo database (`siecle_csv`).
//!
//! It prints a table and exits with 1 when a target is missed. Plain `main`, no harness.
//! `PASSERELLE_BENCH_STUDENTS=N` changes the size of the demo behind the JSON export;
//! `PASSERELLE_BENCH_KEEP=DIR` keeps the generated files in DIR;
//! `PASSERELLE_BENCH_ONLY=csv` (or `xml`, `json`) runs one part only.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod siecle_csv;

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use passerelle::io::siecle::{SiecleOptions, import_siecle_with};
use passerelle::model::Sector;
use passerelle::store::Store;

/// Counts the bytes allocated now and the most ever allocated at once.
struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            if new_size > layout.size() {
                let grown = new_size - layout.size();
                let now = CURRENT.fetch_add(grown, Ordering::Relaxed) + grown;
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const PUPILS: usize = 4_000;
/// Targets of issue 7.
const TARGET_XML_SECONDS: f64 = 1.0;
/// The heap of an import stays within a small multiple of the file it reads.
const TARGET_HEAP_PER_FILE_BYTE: f64 = 8.0;
/// The JSON restore streams: its heap does not grow with the file.
const TARGET_JSON_HEAP_MB: f64 = 8.0;

const MB: f64 = 1024.0 * 1024.0;

/// Runs `f`, returns its result, the seconds it took and the heap peak above the start.
fn measure<T>(f: impl FnOnce() -> T) -> (T, f64, usize) {
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let started = Instant::now();
    let value = f();
    let seconds = started.elapsed().as_secs_f64();
    (value, seconds, PEAK.load(Ordering::Relaxed) - base)
}

/// Divisions of a whole lycée: 2nde, 1re, Tle, Bac Pro, and four BTS first years.
const DIVISIONS: &[&str] = &[
    "2NDE1",
    "2NDE2",
    "2NDE3",
    "2NDE4",
    "2NDE5",
    "1G1",
    "1G2",
    "1G3",
    "1STMG1",
    "TG1",
    "TG2",
    "TSTMG1",
    "2MRC",
    "1MRC",
    "TMRC",
    "BTS1 NDRC A",
    "BTS1 NDRC B",
    "BTS1 MCO A",
    "BTS1 MCO B",
];

/// An ElevesSansAdresses.xml as SIECLE writes it (ISO-8859-15), `count` pupils.
fn whole_school_xml(count: usize) -> Vec<u8> {
    let mut pupils = String::new();
    let mut structures = String::new();
    for i in 0..count {
        let id = 100_000 + i;
        let exit = if i % 97 == 0 { "02/10/2025" } else { "" };
        pupils.push_str(&format!(
            "<ELEVE ELEVE_ID=\"{id}\" ELENOET=\"{id}\">\n\
             <ID_NATIONAL>{:09}{}</ID_NATIONAL>\n<NOM_DE_FAMILLE>LEFÈVRE-{i}</NOM_DE_FAMILLE>\n\
             <NOM_USAGE></NOM_USAGE>\n<PRENOM>Hélène</PRENOM>\n<PRENOM2>Zoé</PRENOM2>\n\
             <CODE_SEXE>2</CODE_SEXE>\n<DATE_NAISS>{:02}/{:02}/2007</DATE_NAISS>\n\
             <CODE_MEF>31122105310</CODE_MEF>\n<CODE_STATUT>ST</CODE_STATUT>\n\
             <DATE_ENTREE>01/09/2025</DATE_ENTREE>\n<DATE_SORTIE>{exit}</DATE_SORTIE>\n\
             <CODE_REGIME>2</CODE_REGIME>\n<SCOLARITE_AN_DERNIER>\n\
             <CODE_RNE>0310000A</CODE_RNE>\n<SIGLE>LP</SIGLE>\n</SCOLARITE_AN_DERNIER>\n\
             </ELEVE>\n",
            700_000_000 + i,
            "AB",
            1 + i % 28,
            1 + i % 12,
        ));
        structures.push_str(&format!(
            "<STRUCTURES_ELEVE ELEVE_ID=\"{id}\">\n\
             <STRUCTURE><CODE_STRUCTURE>GR{}</CODE_STRUCTURE><TYPE_STRUCTURE>G</TYPE_STRUCTURE></STRUCTURE>\n\
             <STRUCTURE><CODE_STRUCTURE>{}</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE>\n\
             </STRUCTURES_ELEVE>\n",
            i % 7,
            DIVISIONS[i % DIVISIONS.len()],
        ));
    }
    let text = format!(
        "<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>\n\
         <BEE_ELEVES VERSION=\"3.1\">\n<PARAMETRES>\n<UAJ>0310000A</UAJ>\n\
         <ANNEE_SCOLAIRE>2025</ANNEE_SCOLAIRE>\n<DATE_EXPORT>15/09/2025</DATE_EXPORT>\n\
         </PARAMETRES>\n<DONNEES>\n<ELEVES>\n{pupils}</ELEVES>\n<STRUCTURES>\n{structures}\
         </STRUCTURES>\n</DONNEES>\n</BEE_ELEVES>\n"
    );
    encoding_rs::ISO_8859_15.encode(&text).0.into_owned()
}

fn zipped(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file(name, options).unwrap();
    zip.write_all(bytes).unwrap();
    zip.finish().unwrap().into_inner()
}

/// A new database file with the NDRC and MCO sections.
fn database_with_sections(path: &Path) -> Store {
    let _ = std::fs::remove_file(path);
    let mut store = Store::open(path).unwrap();
    store.init().unwrap();
    store
        .write("sections", |w| {
            let e = w.ensure_establishment("0310000A", "Lycée Test", "Toulouse")?;
            w.ensure_section(e, "NDRC", "BTS NDRC", Sector::Services)?;
            w.ensure_section(e, "MCO", "BTS MCO", Sector::Services)?;
            Ok(())
        })
        .unwrap();
    store
}

/// Max resident set of the real binary running `args`, in MB (`/usr/bin/time -v`).
fn binary_max_rss(db: &Path, args: &[&str]) -> Option<f64> {
    let output = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("PASSERELLE_USER", "bench")
        .output()
        .ok()?;
    if !output.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
        return None;
    }
    let report = String::from_utf8_lossy(&output.stderr);
    let kilobytes: f64 = report
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })?
        .trim()
        .parse()
        .ok()?;
    Some(kilobytes / 1024.0)
}

struct Row {
    what: String,
    file_mb: f64,
    seconds: f64,
    heap_mb: f64,
    rss_mb: Option<f64>,
    ok: bool,
}

fn main() -> ExitCode {
    let keep = std::env::var_os("PASSERELLE_BENCH_KEEP").map(PathBuf::from);
    let only = std::env::var("PASSERELLE_BENCH_ONLY").ok();
    let runs = |part: &str| only.as_deref().is_none_or(|o| o == part);
    let temp = tempfile::tempdir().unwrap();
    let dir = keep.clone().unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir).unwrap();
    let mut rows = Vec::new();
    if runs("xml") {
        xml_rows(&dir, &mut rows);
    }
    let students = std::env::var("PASSERELLE_BENCH_STUDENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let demo = (runs("json") || runs("csv")).then(|| demo_database(&dir, students, keep.is_some()));
    if runs("json") {
        json_row(&dir, students, keep.is_some(), &mut rows);
    }
    let mut csv = Vec::new();
    if runs("csv") {
        csv = siecle_csv::run(&dir, demo.as_deref());
    }
    print_table(&rows, &csv)
}

/// The demo database of `students` (seed 1), made once (kept with `PASSERELLE_BENCH_KEEP`).
fn demo_database(dir: &Path, students: usize, keep: bool) -> PathBuf {
    let source = dir.join("demo.sqlite3");
    if source.exists() && keep {
        return source;
    }
    let _ = std::fs::remove_file(&source);
    let mut store = Store::open(&source).unwrap();
    let options = passerelle::demo::DemoOptions {
        students,
        seed: 1,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
    };
    let started = Instant::now();
    passerelle::demo::generate(&mut store, &options).unwrap();
    eprintln!(
        "demo --students {students}: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    source
}

/// The SIECLE XML imports (issue 7).
fn xml_rows(dir: &Path, rows: &mut Vec<Row>) {
    // SIECLE XML, whole school.
    let xml = whole_school_xml(PUPILS);
    let xml_path = dir.join("ElevesSansAdresses.xml");
    std::fs::write(&xml_path, &xml).unwrap();
    let zip_path = dir.join("ElevesSansAdresses.zip");
    std::fs::write(&zip_path, zipped("ElevesSansAdresses.xml", &xml)).unwrap();
    let xml_mb = xml.len() as f64 / MB;
    drop(xml);
    let cases: [(&str, &Path, SiecleOptions, Vec<&str>); 3] = [
        (
            "SIECLE XML, 4 000 élèves, --division BTS",
            &xml_path,
            SiecleOptions {
                divisions: vec!["BTS".into()],
                ..Default::default()
            },
            vec!["--division", "BTS"],
        ),
        (
            "SIECLE XML, 4 000 élèves, tous dans NDRC",
            &xml_path,
            SiecleOptions {
                section: Some("NDRC".into()),
                ..Default::default()
            },
            vec!["--section", "NDRC"],
        ),
        (
            "SIECLE ZIP (même XML), --division BTS",
            &zip_path,
            SiecleOptions {
                divisions: vec!["BTS".into()],
                ..Default::default()
            },
            vec!["--division", "BTS"],
        ),
    ];
    for (what, path, options, flags) in cases {
        let db = dir.join("siecle.sqlite3");
        let mut store = database_with_sections(&db);
        let (report, seconds, heap) = measure(|| import_siecle_with(&mut store, path, &options));
        let report = report.unwrap();
        assert!(report.added > 0);
        drop(store);
        drop(database_with_sections(&db));
        let mut args = vec!["import", "siecle", path.to_str().unwrap()];
        args.extend(flags);
        let rss = binary_max_rss(&db, &args);
        let file_mb = std::fs::metadata(path).unwrap().len() as f64 / MB;
        rows.push(Row {
            what: format!("{what} ({} ajoutés)", report.added),
            file_mb,
            seconds,
            heap_mb: heap as f64 / MB,
            rss_mb: rss,
            ok: seconds <= TARGET_XML_SECONDS
                && heap as f64 <= TARGET_HEAP_PER_FILE_BYTE * xml_mb * MB,
        });
    }
}

/// The JSON restore of the demo's export (issue 7).
fn json_row(dir: &Path, students: usize, keep: bool, rows: &mut Vec<Row>) {
    // JSON export of a demo database, restored into a new one.
    let json_path = dir.join("export.json");
    if !json_path.exists() || !keep {
        let store = Store::open(&dir.join("demo.sqlite3")).unwrap();
        let text = passerelle::io::json::export_json(&store, true).unwrap();
        std::fs::write(&json_path, text).unwrap();
    }
    let json_mb = std::fs::metadata(&json_path).unwrap().len() as f64 / MB;
    let db = dir.join("restored.sqlite3");
    let _ = std::fs::remove_file(&db);
    let mut store = Store::open(&db).unwrap();
    let (report, seconds, heap) =
        measure(|| passerelle::io::json::import_json_file(&mut store, &json_path));
    let report = report.unwrap();
    drop(store);
    let _ = std::fs::remove_file(&db);
    let rss = binary_max_rss(&db, &["import", "json", json_path.to_str().unwrap()]);
    rows.push(Row {
        what: format!(
            "JSON, demo {students} ({} élèves, {} lignes)",
            report.added, report.restored_rows
        ),
        file_mb: json_mb,
        seconds,
        heap_mb: heap as f64 / MB,
        rss_mb: rss,
        ok: heap as f64 <= TARGET_JSON_HEAP_MB * MB,
    });
}

fn print_table(rows: &[Row], csv: &[siecle_csv::Measure]) -> ExitCode {
    println!(
        "{:<58} {:>8} {:>8} {:>10} {:>10}  target",
        "import", "file MB", "time s", "heap MB", "RSS MB"
    );
    let mut all_ok = true;
    for row in rows {
        all_ok &= row.ok;
        println!(
            "{:<58} {:>8.1} {:>8.3} {:>10.2} {:>10}  {}",
            row.what,
            row.file_mb,
            row.seconds,
            row.heap_mb,
            row.rss_mb
                .map_or_else(|| "-".to_string(), |r| format!("{r:.1}")),
            if row.ok { "ok" } else { "MISSED" }
        );
    }
    if !csv.is_empty() {
        println!(
            "\n{:<58} {:>8} {:>8} {:>8}  target",
            "import CSV (issue 13)", "median s", "min s", "max s"
        );
    }
    for m in csv {
        all_ok &= m.ok;
        println!(
            "{:<58} {:>8.3} {:>8.3} {:>8.3}  {}",
            m.what,
            m.seconds,
            m.min,
            m.max,
            if m.ok { "ok" } else { "MISSED" }
        );
    }
    if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
