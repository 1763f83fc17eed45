//! The interactive shell as a user meets it, through a pseudo-terminal driving the real
//! binary: prompt, continuation lines, completion, history, Ctrl-C, errors.

use std::process::Command;

use rexpect::session::{spawn_command, PtySession};

use crate::common::root;

fn shell(history_dir: &std::path::Path, args: &[&str]) -> PtySession {
    shell_on(history_dir, args, "xterm")
}

fn shell_on(history_dir: &std::path::Path, args: &[&str], term: &str) -> PtySession {
    // A new pty has no size; a line editor needs one, as a real terminal has.
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("stty cols 120 rows 40 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_pcapsh"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("TERM", term)
        .env("XDG_DATA_HOME", history_dir);
    spawn_command(cmd, Some(30_000)).expect("spawn pcapsh in a pty")
}

/// Types text once the line editor is ready for it (it takes the terminal into raw mode
/// just after printing the prompt).
fn typed(p: &mut PtySession, text: &str) {
    std::thread::sleep(std::time::Duration::from_millis(150));
    p.send(text).unwrap();
    p.flush().unwrap();
}

fn temp(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("pcapsh-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn prompt_continuation_completion_history_and_errors() {
    let dir = temp("shell");
    let mut p = shell(&dir, &["samples/blogexample.pcap"]);
    p.exp_string("loaded samples/blogexample.pcap as a")
        .unwrap();
    p.exp_string(">>> ").unwrap();
    typed(&mut p, "len(a)\n");
    p.exp_string("34").unwrap();
    p.exp_string(">>> ").unwrap();

    // A block continues at `... ` until an empty line.
    typed(&mut p, "for k in a.sessions().keys():\n");
    p.exp_string("... ").unwrap();
    typed(&mut p, "    if k.startswith('UDP'): print(k)\n");
    p.exp_string("... ").unwrap();
    typed(&mut p, "\n");
    p.exp_string("UDP 10.99.0.1:33312 > 10.99.0.2:53").unwrap();
    p.exp_string("UDP 10.99.0.2:53 > 10.99.0.1:33312").unwrap();
    p.exp_string(">>> ").unwrap();

    // Completion of a method from the live value, then the table it shows.
    typed(&mut p, "a.ses");
    typed(&mut p, "\t");
    p.exp_string("sions").unwrap();
    typed(&mut p, "\n");
    p.exp_string("9 sessions").unwrap();
    p.exp_string(">>> ").unwrap();

    // An error says where, and the shell goes on.
    typed(&mut p, "print(nope)\n");
    p.exp_string("NameError: name 'nope' is not defined")
        .unwrap();
    p.exp_string(">>> ").unwrap();
    typed(&mut p, "6 * 7\n");
    p.exp_string("42").unwrap();
    p.exp_string(">>> ").unwrap();

    // History: the up arrow recalls the last command.
    typed(&mut p, "\x1b[A");
    typed(&mut p, "\n");
    p.exp_string("42").unwrap();
    p.exp_string(">>> ").unwrap();

    // Ctrl-C at the prompt cancels the line; Ctrl-C in a running loop stops it.
    typed(&mut p, "this is not run");
    p.send_control('c').unwrap();
    p.exp_string("KeyboardInterrupt").unwrap();
    p.exp_string(">>> ").unwrap();
    typed(&mut p, "while True: pass\n");
    std::thread::sleep(std::time::Duration::from_millis(300));
    p.send_control('c').unwrap();
    p.exp_string("KeyboardInterrupt").unwrap();
    p.exp_string(">>> ").unwrap();
    typed(&mut p, "print('still here')\n");
    p.exp_string("still here").unwrap();

    // Ctrl-D leaves; the history is kept for the next run.
    p.exp_string(">>> ").unwrap();
    typed(&mut p, "\x04");
    p.exp_eof().unwrap();
    let hist = std::fs::read_to_string(dir.join("pcapsh/history")).unwrap();
    assert!(hist.contains("6 * 7"), "{hist}");
    let mut p = shell(&dir, &[]);
    p.exp_string(">>> ").unwrap();
    typed(&mut p, "\x1b[A");
    typed(&mut p, "\n");
    p.exp_string("still here").unwrap();
    p.exp_string(">>> ").unwrap();
    typed(&mut p, "\x04");
    p.exp_eof().unwrap();
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn completes_session_keys_and_file_names() {
    let dir = temp("keys");
    let mut p = shell(&dir, &[]);
    p.exp_string(">>> ").unwrap();
    typed(&mut p, "a = rdpcap('samples/blogex");
    typed(&mut p, "\t");
    p.exp_string("ample.pcap").unwrap();
    typed(&mut p, "'); print('loaded')\n");
    p.exp_string("loaded").unwrap();
    typed(&mut p, "s = a.sessions(); print('grouped')\n");
    p.exp_string("grouped").unwrap();
    typed(&mut p, "len(s['TCP 10.99.0.2");
    typed(&mut p, "\t");
    p.exp_string(":443 > 10.99.0.1:45376").unwrap();
    typed(&mut p, "'])\n");
    p.exp_string("11").unwrap();
    p.exp_string(">>> ").unwrap();
    typed(&mut p, "\x04");
    p.exp_eof().unwrap();
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_script_then_the_shell() {
    let dir = temp("dash-i");
    let script = dir.join("setup.pcapsh");
    std::fs::write(
        &script,
        "a = rdpcap('samples/blogexample.pcap')\ns = a.sessions()\n",
    )
    .unwrap();
    let mut p = shell(&dir, &["-i", script.to_str().unwrap()]);
    p.exp_string(">>> ").unwrap();
    typed(&mut p, "len(s)\n");
    p.exp_string("9").unwrap();
    p.exp_string(">>> ").unwrap();
    typed(&mut p, "\x04");
    p.exp_eof().unwrap();
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn ctrl_c_on_a_dumb_terminal_drops_the_line_and_stops_a_loop() {
    let dir = temp("dumb");
    let mut p = shell_on(&dir, &[], "dumb");
    p.exp_string(">>> ").unwrap();
    typed(&mut p, "x = 4");
    p.send_control('c').unwrap();
    p.exp_string("KeyboardInterrupt").unwrap();
    p.exp_string(">>> ").unwrap();
    p.send_line("print(x)").unwrap();
    p.exp_string("NameError").unwrap();
    p.exp_string(">>> ").unwrap();
    p.send_line("while True: pass").unwrap();
    p.send_line("").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    p.send_control('c').unwrap();
    p.exp_string("KeyboardInterrupt").unwrap();
    p.send_line("print(6 * 7)").unwrap();
    p.exp_string("42").unwrap();
}

#[test]
fn ctrl_c_stops_a_script_run_with_i_and_the_shell_starts() {
    let dir = temp("dash-i");
    let script = dir.join("spin.py");
    std::fs::write(&script, "y = 5\nwhile True:\n    pass\n").unwrap();
    let mut p = shell(&dir, &["-i", script.to_str().unwrap()]);
    std::thread::sleep(std::time::Duration::from_millis(800));
    p.send_control('c').unwrap();
    p.exp_string("KeyboardInterrupt").unwrap();
    p.exp_string(">>> ").unwrap();
    typed(&mut p, "print(y * 8)\r");
    p.exp_string("40").unwrap();
}

/// A lesson at a real terminal: building a packet, explain(), a ladder, and the tour,
/// which leaves the user's variables as they were.
#[test]
fn teaching_at_the_prompt_build_explain_ladder_tour() {
    let dir = temp("teach");
    let mut p = shell(&dir, &["samples/blogexample.pcap"]);
    p.exp_string(">>> ").unwrap();
    typed(
        &mut p,
        "x = IP(src='10.0.0.1', dst='10.0.0.2')/TCP(dport=80, flags='S')\n",
    );
    p.exp_string(">>> ").unwrap();
    typed(&mut p, "x\n");
    p.exp_string("<IP  frag=0 proto=tcp src=10.0.0.1 dst=10.0.0.2 |<TCP  dport=http flags=S |>>")
        .unwrap();
    typed(&mut p, "raw(x).hex()\n");
    p.exp_string(
        "'4500002800010000400666cd0a0000010a000002001400500000000000000000500220007b7c0000'",
    )
    .unwrap();
    typed(&mut p, "explain(x)\n");
    p.exp_string("TCP: TCP segment").unwrap();
    p.exp_string("S SYN: opens a connection").unwrap();
    p.exp_string(">>> ").unwrap();
    typed(&mut p, "c = a.conversations(); c[-1].ladder()\n");
    p.exp_string("0.000000  |-- SYN seq=0 ---").unwrap();
    p.exp_string("0.006808  |-- ACK seq=718 ack=7110 ---")
        .unwrap();
    p.exp_string(">>> ").unwrap();
    typed(&mut p, "tour()\n");
    p.exp_string("Step 1 of 7: Load a capture").unwrap();
    p.exp_string("<pcapsh-tour-blogexample.pcap: TCP:23 UDP:2 ICMP:6 Other:3>")
        .unwrap();
    p.exp_string("Next: tour() for step 2").unwrap();
    typed(&mut p, "tour(7)\n");
    p.exp_string("Step 7 of 7: Build a packet").unwrap();
    p.exp_string("That was the last step.").unwrap();
    p.exp_string(">>> ").unwrap();
    // The tour's own `a` and `c` did not replace the user's.
    typed(&mut p, "len(a), len(c), x.dport\n");
    p.exp_string("(34, 5, 80)").unwrap();
    p.exp_string(">>> ").unwrap();
    typed(&mut p, "exit()\n");
    p.exp_eof().unwrap();
}
