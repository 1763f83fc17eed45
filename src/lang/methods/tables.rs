//! `to_parquet` and `to_csv` of packet lists, conversations and sessions: the tables
//! SQL engines (DuckDB, Spark) and spreadsheets read.

use crate::lang::builtins::*;
use crate::lang::commands::{method, Call, Command, Owner};
use crate::lang::error::{Error, ErrorKind};
use crate::lang::eval::{err, Interp, R};
use crate::lang::value::*;
use crate::render::tables::{flows, packets, Format};

pub static TABLE: &[Command] = &[
    method(Owner::PacketList, "to_parquet", "a.to_parquet(path, summary=False, overwrite=True)", "Write the packets table as Apache Parquet: one typed row per packet (file, exact time, MACs, VLANs, addresses, ports, TCP fields, session key, conversation number, DNS name, TLS server name, HTTP host); summary=True adds Scapy's summary line. docs/scale.md lists the columns.", "a.to_parquet('/tmp/packets.parquet')", to_table, false).outside(),
    method(Owner::PacketList, "to_csv", "a.to_csv(path, summary=False, overwrite=True)", "The packets table as CSV, for spreadsheets (times as exact epoch seconds).", "a.to_csv('/tmp/packets.csv')", to_table, false).outside(),
    method(Owner::Conversations, "to_parquet", "c.to_parquet(path, overwrite=True)", "Write the conversations as Apache Parquet: key, endpoints, packets and bytes each way, exact start and end, duration, state, the files they span.", "a.conversations().to_parquet('/tmp/conversations.parquet')", to_table, false).outside(),
    method(Owner::Conversations, "to_csv", "c.to_csv(path, overwrite=True)", "The conversations table as CSV.", "a.conversations().to_csv('/tmp/conversations.csv')", to_table, false).outside(),
    method(Owner::Sessions, "to_parquet", "s.to_parquet(path, overwrite=True)", "Write the sessions as Apache Parquet: key, packets, bytes, exact first and last time.", "a.sessions().to_parquet('/tmp/sessions.parquet')", to_table, false).outside(),
    method(Owner::Sessions, "to_csv", "s.to_csv(path, overwrite=True)", "The sessions table as CSV.", "a.sessions().to_csv('/tmp/sessions.csv')", to_table, false).outside(),
];

/// A yes/no keyword argument.
fn flag(k: &[(String, Value)], name: &str, default: bool) -> R<bool> {
    match arg(&[], k, 0, name) {
        None => Ok(default),
        Some(v) => Ok(v.truthy()),
    }
}

fn to_table(it: &mut Interp, obj: &Value, call: &Call) -> R<Value> {
    let (a, k, name) = (call.args, call.kwargs, call.name);
    let allowed: &[&str] = match obj {
        Value::Packets(_) => &["path", "summary", "overwrite"],
        _ => &["path", "overwrite"],
    };
    refuse_other_kwargs(name, k, allowed)?;
    if a.len() > 1 {
        return err(
            ErrorKind::Type,
            format!(
                "{name}() takes the path only; give the rest by name: {name}('x', overwrite=False)"
            ),
        );
    }
    let Some(path) = text_arg(a, k, 0, "path")? else {
        return err(
            ErrorKind::Type,
            format!(
                "{name}() needs a file name: {name}('out.{}')",
                if name == "to_csv" { "csv" } else { "parquet" }
            ),
        );
    };
    let format = if name == "to_csv" {
        Format::Csv
    } else {
        Format::Parquet
    };
    let overwrite = flag(k, "overwrite", true)?;
    let target = std::path::Path::new(&path);
    it.check_interrupt()?;
    let written = match obj {
        Value::Packets(pl) => {
            let idx = pl.idx.as_ref().map(|v| &v[..]);
            let sessions = crate::session::sessions(&pl.cap, idx);
            let convs = crate::session::conv::conversations(
                &pl.cap,
                idx,
                Some(crate::time::Decimal::from_int(120)),
            );
            let summary = flag(k, "summary", false)?;
            packets::write_packets(
                target, overwrite, format, &pl.cap, idx, summary, &sessions, &convs,
            )
        }
        Value::Conversations(c) => {
            let rows: Vec<(usize, &crate::session::conv::Conversation)> =
                c.convs.iter().map(|(n, c)| (*n, &**c)).collect();
            flows::write_conversations(target, overwrite, format, &c.cap, &rows)
        }
        Value::Sessions(s) => {
            let keys: Vec<String> = s.key_texts().iter().map(|k| k.to_string()).collect();
            flows::write_sessions(target, overwrite, format, &s.cap, &s.sessions, &keys)
        }
        other => return unknown_method(other, name),
    };
    written.map_err(|e| Error::at_none(ErrorKind::File, e))?;
    Ok(Value::None)
}
