//! The layer registry against Scapy 2.8.0: its class names, display names and modules
//! (tests/golden/classes.tsv), `show()` of real packets (tests/golden/show, hashes of
//! Scapy's text), and that every layer the dissector reports can be named in the language.
//! Both goldens come from scripts beside them (make-classes.py, make-show.py).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use pcapsh::capture::Capture;
use pcapsh::dissect::{dissect, layers, show};

use crate::common::{root, shared_captures};

#[test]
fn registry_classes_are_scapys() {
    let tsv = std::fs::read_to_string(root().join("tests/golden/classes.tsv")).unwrap();
    let scapy: BTreeMap<&str, (&str, &str)> = tsv
        .lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?, (f.next()?, f.next()?)))
        })
        .collect();
    let mut ours = 0;
    for c in layers::classes() {
        ours += 1;
        let Some(&(display, module)) = scapy.get(c.name) else {
            panic!(
                "{} is not in tests/golden/classes.tsv: run make-classes.py",
                c.name
            );
        };
        assert_eq!(
            (c.display, c.module),
            (display, module),
            "class {}: (display name, module) differ from Scapy's",
            c.name
        );
    }
    assert_eq!(
        ours,
        scapy.len(),
        "classes.tsv lists classes the registry lacks"
    );
}

/// 64-bit FNV-1a, as make-show.py computes it.
fn fnv(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn capture_path(name: &str) -> Option<PathBuf> {
    [root().join("samples"), root().join("../shared/captures")]
        .into_iter()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// How many packets' show() must equal Scapy's. Layers pcapsh does not dissect yet
/// (docs/compat.md) account for the rest; this number may only go up.
const SHOW_FLOOR_WITH_SHARED: usize = 5823;
const SHOW_FLOOR_SAMPLES: usize = 1985;

#[test]
fn show_matches_scapy() {
    let have_shared = shared_captures("show_matches_scapy (shared part)").is_some();
    let dir = root().join("tests/golden/show");
    let (mut same, mut total, mut same_samples) = (0, 0, 0);
    let mut differ: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let golden = entry.unwrap().path();
        let name = golden.file_stem().unwrap().to_string_lossy().into_owned();
        let Some(path) = capture_path(&name) else {
            continue;
        };
        let cap = Capture::open(&path).unwrap();
        let want = std::fs::read_to_string(&golden).unwrap();
        for (i, want) in want.lines().enumerate().take(cap.len()) {
            let p = dissect(cap.linktype(i), cap.packet(i));
            total += 1;
            if fnv(&show::show(&p, 0)) == want {
                same += 1;
                if path.starts_with(root().join("samples")) {
                    same_samples += 1;
                }
            } else {
                differ.entry(name.clone()).or_default().push(i);
            }
        }
    }
    let floor = if have_shared {
        SHOW_FLOOR_WITH_SHARED
    } else {
        SHOW_FLOOR_SAMPLES
    };
    let _ = writeln!(
        std::io::stderr(),
        "show(): {same} of {total} packets as Scapy prints them ({same_samples} in samples/)"
    );
    assert!(
        same_samples >= SHOW_FLOOR_SAMPLES,
        "show() of samples/: {same_samples} packets as Scapy's, fewer than {SHOW_FLOOR_SAMPLES}: {differ:?}"
    );
    assert!(
        same >= floor,
        "show() equals Scapy's for {same} of {total} packets, fewer than {floor}; \
         differing (capture: packet indices): {differ:?}\n\
         compare one with: python3 tests/golden/make-show.py --text CAPTURE"
    );
}

/// A writer the test can read back.
#[derive(Clone, Default)]
struct Buf(Rc<RefCell<Vec<u8>>>);

impl Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buf {
    fn take(&self) -> String {
        String::from_utf8_lossy(&std::mem::take(&mut *self.0.borrow_mut())).into_owned()
    }
}

/// The capture where each layer class first shows up, walking every capture.
fn classes_seen(dirs: &[&Path]) -> BTreeMap<&'static str, (PathBuf, usize)> {
    let mut seen = BTreeMap::new();
    for dir in dirs {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for path in files {
            let Ok(cap) = Capture::open(&path) else {
                continue;
            };
            for i in 0..cap.len() {
                let p = dissect(cap.linktype(i), cap.packet(i));
                for l in p.layers() {
                    seen.entry(l.proto.class_name())
                        .or_insert_with(|| (path.clone(), i));
                }
            }
        }
    }
    seen
}

/// Scapy classes with no fields of their own.
const NO_FIELDS: &[&str] = &["Dot11Ack", "Dot11ProbeReq", "Dot11ATIM"];

#[test]
fn every_reported_layer_can_be_named() {
    let samples = root().join("samples");
    let shared = shared_captures("every_reported_layer_can_be_named (shared part)");
    let mut dirs = vec![samples.as_path()];
    if let Some(s) = &shared {
        dirs.push(s.as_path());
    }
    let seen = classes_seen(&dirs);
    assert!(seen.len() >= 10, "too few layer classes seen: {seen:?}");
    let out = Buf::default();
    let mut interp = pcapsh::lang::Interp::new(
        Box::new(out.clone()),
        Box::new(std::io::sink()),
        pcapsh::lang::Options::default(),
    );
    for (name, (path, index)) in &seen {
        let class = layers::class_by_name(name)
            .unwrap_or_else(|| panic!("{name} is reported by p.layers() but not registered"));
        let path = path.to_string_lossy().replace('\'', "\\'");
        let script = format!(
            "a = rdpcap('{path}')\n\
             print(sum(1 for p in a if {name} in p), sum(1 for p in a if '{name}' in p))\n\
             a[{index}][{name}].show()\n"
        );
        interp
            .run(&script)
            .unwrap_or_else(|e| panic!("{name} in {path}: {}", e.message));
        let text = out.take();
        let mut lines = text.lines();
        let counts: Vec<&str> = lines.next().unwrap_or("").split(' ').collect();
        assert_eq!(counts.len(), 2, "{name}: {text}");
        assert_eq!(counts[0], counts[1], "{name} in p and '{name}' in p differ");
        assert_ne!(counts[0], "0", "{name}: no packet has it");
        assert_eq!(
            lines.next(),
            Some(format!("###[ {} ]###", class.display).as_str()),
            "{name}: show() heading"
        );
        let field = lines.next().unwrap_or("");
        // Scapy's classes without fields show their heading alone.
        if NO_FIELDS.contains(name) {
            continue;
        }
        assert!(
            field.starts_with("  ") && (field.contains("= ") || field.contains('\\')),
            "{name}: show() prints no field under its heading:\n{text}"
        );
    }
}

/// Every prefix of every HTTP, TLS and NBNS packet of the samples dissects, with the
/// optional layers loaded, into fields, show() and a summary without a panic, and no
/// layer reaches past the bytes.
#[test]
fn optional_layers_survive_every_prefix() {
    use pcapsh::dissect::{bind, dissect_with, summary, Proto};
    let all = bind::HTTP | bind::TLS;
    let mut checked = 0;
    for name in ["mixed.pcap", "blogexample.pcap"] {
        let cap = Capture::open(root().join("samples").join(name)).unwrap();
        for i in 0..cap.len() {
            let (lt, data) = (cap.linktype(i), cap.packet(i));
            let full = dissect_with(lt, data, all);
            let interesting = full.layers().iter().any(|l| {
                matches!(
                    l.proto,
                    Proto::Tls | Proto::Http | Proto::HttpRequest | Proto::HttpResponse
                )
            });
            if !interesting {
                continue;
            }
            checked += 1;
            for n in 0..=data.len() {
                let p = dissect_with(lt, &data[..n], all);
                for (j, l) in p.layers().iter().enumerate() {
                    assert!(l.end as usize <= n && l.start <= l.end);
                    let _ = p.fields(j);
                }
                let _ = summary(&p);
                let _ = show::show(&p, 0);
            }
        }
    }
    assert!(
        checked >= 20,
        "only {checked} HTTP/TLS packets in the samples"
    );
}

/// An access-point scanner of the kind wifi tutorials teach (`tests/scripts/wifi/scan.py`:
/// beacons, SSIDs, channels from the elements, radiotap signal, FCS, flags) prints on
/// the shared 802.11 captures (radiotap, PPI, bare 802.11) what Scapy 2.8.0 prints
/// (`tests/scripts/wifi/make.sh`).
#[test]
fn wifi_scripts_print_what_scapy_prints() {
    let Some(dir) = shared_captures("wifi_scripts_print_what_scapy_prints") else {
        return;
    };
    let wifi = root().join("tests/scripts/wifi");
    let mut checked = 0;
    for entry in std::fs::read_dir(&wifi).unwrap() {
        let golden = entry.unwrap().path();
        let name = golden.file_name().unwrap().to_string_lossy().into_owned();
        let Some(rest) = name.strip_suffix(".out") else {
            continue;
        };
        let (script, capture) = rest.split_once('.').unwrap();
        let r = crate::common::pcapsh(&[
            &format!("tests/scripts/wifi/{script}.py"),
            &dir.join(capture).to_string_lossy(),
        ]);
        assert_eq!(r.code, 0, "{name}: {}", r.err);
        let want = std::fs::read_to_string(&golden).unwrap();
        if let Some(d) = crate::common::first_diff(&want, &r.out) {
            panic!("{name}: {d}");
        }
        checked += 1;
    }
    assert_eq!(checked, 3);
}
