//! The JSON restore streams: its heap does not grow with the file (counting allocator).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use passerelle::io::json::{export_json_at, import_json_file};
use passerelle::store::Store;

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
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn restoring_an_8_mb_export_keeps_the_heap_small() {
    let mut source = Store::open_in_memory().expect("open");
    source.init().expect("catalogue");
    let text = export_json_at(&source, false, "2026-01-01T00:00:00Z").expect("export");
    let mut doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    // 4,000 journal entries of 2,000 bytes each: about 8.5 MB of JSON.
    let journal = doc["tables"]["journal"].as_array_mut().expect("journal");
    let batch = journal[0]["batch_id"].clone();
    let first_id = journal.len() + 1;
    for id in first_id..first_id + 4_000 {
        journal.push(serde_json::json!({
            "id": id, "batch_id": batch, "entity": "criterion", "entity_id": 1,
            "student_id": null, "op": "update", "field": "label",
            "old_value": null, "new_value": "é".repeat(1_000), "sensitive": 0
        }));
    }
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("export.json");
    std::fs::write(&file, serde_json::to_string_pretty(&doc).expect("text")).expect("write");
    drop(doc);
    let size = std::fs::metadata(&file).expect("size").len() as usize;
    assert!(size > 8_000_000, "{size}");

    let mut target = Store::open(&dir.path().join("cible.sqlite3")).expect("open");
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let report = import_json_file(&mut target, &file).expect("restore");
    let peak = PEAK.load(Ordering::Relaxed) - base;
    assert!(report.restored_rows > 4_000);
    // Reading the whole document first took several times the file.
    assert!(peak < size / 8, "heap peak {peak} B for a file of {size} B");
}
