//! Several capture files as one capture: the files named by a list, a glob pattern or a
//! directory, their records merged in time order as `mergecap` merges them.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use rayon::prelude::*;

use super::{Capture, LoadError, Record};

/// The capture files a name stands for: the file itself; for a directory, the files in
/// it that begin as a capture does (pcap, pcapng or gzip), by name; for a glob pattern
/// (`*`, `?`, `[`) that names no file, its matches by name. An empty result is an error.
pub fn expand(spec: &str) -> Result<Vec<PathBuf>, LoadError> {
    let err = |message: String| LoadError {
        path: PathBuf::from(spec),
        message,
    };
    let path = Path::new(spec);
    if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| err(super::source::io_message(&e)))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && begins_as_capture(p))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(err(
                "the directory holds no pcap, pcapng or gzip file".into()
            ));
        }
        return Ok(files);
    }
    if path.exists() || !spec.contains(['*', '?', '[']) {
        return Ok(vec![path.to_path_buf()]);
    }
    let matches = glob::glob(spec).map_err(|e| err(format!("not a valid pattern: {e}")))?;
    let files: Vec<PathBuf> = matches
        .filter_map(Result::ok)
        .filter(|p| p.is_file())
        .collect();
    if files.is_empty() {
        return Err(err("no file matches this pattern".into()));
    }
    Ok(files)
}

/// Whether a file's first bytes are those of a pcap, pcapng or gzip file.
pub fn begins_as_capture(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 4];
    std::fs::File::open(path).is_ok_and(|mut f| f.read_exact(&mut head).is_ok())
        && super::source::looks_like_capture(&head)
}

/// The name of a list of several files: the pattern or directory it was given as, or
/// the file names.
pub fn list_name(specs: &[String], files: &[PathBuf]) -> String {
    let base = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| p.display().to_string())
    };
    if specs.len() == 1 && files.len() == 1 {
        return base(&files[0]);
    }
    if specs.len() == 1 {
        return specs[0].clone();
    }
    let names: Vec<String> = files.iter().map(|f| base(f)).collect();
    if names.len() <= 3 {
        names.join("+")
    } else {
        format!("{}+{} more", names[0], names.len() - 1)
    }
}

/// Opens every file named by `specs` (each expanded as [`expand`] does), in parallel,
/// and merges them into one capture. One file gives that file's capture unchanged.
pub fn open_all(specs: &[String], cancel: &AtomicBool) -> Result<Capture, LoadError> {
    let mut files = Vec::new();
    for s in specs {
        files.extend(expand(s)?);
    }
    let caps: Vec<Capture> = files
        .par_iter()
        .map(|f| Capture::open_one(f, cancel))
        .collect::<Result<_, _>>()?;
    let name = list_name(specs, &files);
    merge(name, caps).map_err(|message| LoadError {
        path: files[0].clone(),
        message,
    })
}

/// Merges captures into one, records in time order. Of records with the same time, the
/// one from the later file comes first, as in mergecap; within a file the order is kept.
pub fn merge(name: String, mut caps: Vec<Capture>) -> Result<Capture, String> {
    if caps.len() == 1 {
        let mut c = caps.pop().expect("one capture");
        c.name = name;
        return Ok(c);
    }
    let several = caps.len();
    let mut files = Vec::new();
    let mut interfaces = Vec::new();
    let mut warnings = Vec::new();
    let mut bases = Vec::with_capacity(several);
    let total: usize = caps.iter().map(|c| c.records.len()).sum();
    for c in &caps {
        bases.push(interfaces.len());
        for ifc in &c.interfaces {
            let mut ifc = ifc.clone();
            ifc.file = (files.len() + ifc.file as usize) as u16;
            interfaces.push(ifc);
        }
        files.extend(c.files.iter().map(|f| f.path.clone()));
    }
    if interfaces.len() > u16::MAX as usize || files.len() > u16::MAX as usize {
        return Err(format!(
            "{} files with {} interfaces are more than one capture can hold (65,535)",
            files.len(),
            interfaces.len()
        ));
    }
    let mut records = Vec::with_capacity(total);
    let mut next = vec![0usize; several];
    let mut heads = BinaryHeap::with_capacity(several);
    for (k, c) in caps.iter().enumerate() {
        if !c.is_empty() {
            heads.push(Reverse((c.timestamp(0), Reverse(k))));
        }
    }
    while let Some(Reverse((_, Reverse(k)))) = heads.pop() {
        let c = &caps[k];
        let i = next[k];
        let r = &c.records[i];
        records.push(Record::new(
            r.offset(),
            (bases[k] + r.iface()) as u16,
            r.ticks,
            r.caplen,
            r.origlen,
        ));
        next[k] += 1;
        if next[k] < c.len() {
            heads.push(Reverse((c.timestamp(next[k]), Reverse(k))));
        }
    }
    let path = caps[0].path.clone();
    let mut all_files = Vec::with_capacity(files.len());
    for c in caps {
        let shown = c.path.display().to_string();
        warnings.extend(c.warnings.into_iter().map(|w| format!("{shown}: {w}")));
        all_files.extend(c.files);
    }
    Ok(Capture {
        path,
        name,
        files: all_files,
        records,
        interfaces,
        warnings,
        layers: crate::dissect::bind::loaded(),
    })
}
