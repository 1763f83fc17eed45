//! Mutated and cut captures must never panic the reader, the dissector, the session keys
//! or the summaries. (Deterministic; `fuzz/` has the coverage-guided fuzzer.)

use pcapsh::capture::Capture;
use pcapsh::dissect::{dissect, dissect_extended, show, summary};
use pcapsh::session::{key_of, sessions};

use crate::common::root;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn exercise(name: &str, data: Vec<u8>) {
    if let Ok(cap) = Capture::from_bytes(name, data) {
        for i in 0..cap.len() {
            every_view(cap.linktype(i), cap.packet(i));
        }
        let s = sessions(&cap, None);
        assert_eq!(
            (0..s.len()).map(|i| s.packets(i).len()).sum::<usize>(),
            cap.len()
        );
    }
}

/// Everything that reads a packet's bytes: summary, every layer's fields (show, repr),
/// the session key, and the extended walk.
fn every_view(lt: u16, data: &[u8]) {
    let p = dissect(lt, data);
    let _ = summary(&p);
    let _ = show::show(&p, 0);
    let _ = show::repr_from(&p, 0);
    let _ = key_of(lt, data).to_string();
    let x = dissect_extended(lt, data);
    for i in 0..x.layers().len() {
        let _ = x.fields(i);
    }
}

#[test]
fn mutated_samples_never_panic() {
    let mut rng = Rng(0x9e3779b97f4a7c15);
    for e in std::fs::read_dir(root().join("samples")).unwrap() {
        let p = e.unwrap().path();
        let Ok(orig) = std::fs::read(&p) else {
            continue;
        };
        if orig.len() < 24 || p.extension().is_some_and(|x| x == "sh" || x == "md") {
            continue;
        }
        for round in 0..300 {
            let mut d = orig.clone();
            let flips = 1 + (rng.next() % 16) as usize;
            for _ in 0..flips {
                let at = (rng.next() as usize) % d.len();
                d[at] = rng.next() as u8;
            }
            if round % 10 == 0 {
                let cut = (rng.next() as usize) % d.len();
                d.truncate(cut);
            }
            exercise("mutated", d);
        }
    }
}

#[test]
fn random_bytes_under_every_link_type_never_panic() {
    let mut rng = Rng(42);
    for _ in 0..20000 {
        let n = (rng.next() % 200) as usize;
        let d: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
        for lt in [0u16, 1, 9, 12, 14, 50, 101, 108, 113, 228, 229, 276, 999] {
            every_view(lt, &d);
        }
    }
}

/// Random programs from the language's tokens: the lexer, parser and evaluator return
/// errors, never panic. (No `while`, so every program ends.)
#[test]
fn random_programs_never_panic() {
    const PIECES: &[&str] = &[
        "x",
        "y",
        "=",
        "1",
        "0",
        "-3",
        "+",
        "-",
        "*",
        "/",
        "//",
        "%",
        "**",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "'a'",
        "\"b\"",
        "f'{x}'",
        ":",
        ",",
        ".",
        "for",
        "in",
        "if",
        "else",
        "elif",
        "def",
        "f",
        "return",
        "lambda",
        "print",
        "len",
        "not",
        "and",
        "or",
        "True",
        "None",
        "0x1f",
        "1.5",
        "\n",
        "    ",
        ";",
        "a",
        "a.sessions()",
        "import",
        "from",
        "scapy.all",
        "collections",
        "as",
        "raise",
        "try",
        "except",
        "KeyError",
        "ValueError('v')",
        "a[3].show()",
        "repr(a[9])",
        "a[0]",
        "p",
        "s",
        "sorted",
        "str",
        "int",
        "del",
        "is",
        "==",
        "<",
        "%s",
        "[:2]",
        "TCP",
        "'TCP' in a[1]",
        "a.conversations()",
        "x.time",
        "help",
        "dir",
    ];
    let handle = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(|| {
            let mut rng = Rng(7);
            let mut interp = pcapsh::lang::Interp::new(
                Box::new(std::io::sink()),
                Box::new(std::io::sink()),
                pcapsh::lang::Options::default(),
            );
            interp
                .run("a = rdpcap('samples/blogexample.pcap')")
                .unwrap();
            let rounds: usize = std::env::var("PCAPSH_FUZZ_ROUNDS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(3000);
            for _ in 0..rounds {
                let n = 1 + (rng.next() % 14) as usize;
                let src: Vec<&str> = (0..n)
                    .map(|_| PIECES[(rng.next() as usize) % PIECES.len()])
                    .collect();
                let _ = interp.run(&src.join(" "));
            }
        })
        .unwrap();
    handle
        .join()
        .expect("the interpreter panicked on a random program");
}

/// What the coverage-guided fuzz targets found, each input kept as it crashed.
#[test]
fn inputs_the_fuzzers_found_never_panic() {
    // dissect: link type 50 (PPP in HDLC framing), an LCP packet of code 0x0b cut before
    // its magic number (pppctl.rs read 4 bytes past the header).
    let echo = [
        0x00, 0x7a, 0xc0, 0x21, 0x0b, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x7f, 0x27,
        0x27,
    ];
    for lt in [9, 50] {
        for cut in 0..=echo.len() {
            every_view(lt, &echo[..cut]);
        }
    }
    // dissect: link type 105 (802.11), a beacon whose HT Operation element is shorter
    // than its 8 fixed bytes (dot11elt.rs subtracted before checking the length).
    let beacon = [
        0x32, 0xb5, 0xd6, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x2b, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x5c,
        0x3d, 0xa3, 0xb5, 0xad,
    ];
    for cut in 0..=beacon.len() {
        every_view(105, &beacon[..cut]);
    }
}
