//! Table-driven tests of the parser and evaluator: what a statement prints, and where an
//! error points.

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

use super::{ErrorKind, Interp, Options};

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

fn interp() -> (Interp, Buf) {
    let out = Buf::default();
    let i = Interp::new(
        Box::new(out.clone()),
        Box::new(Buf::default()),
        Options::default(),
    );
    (i, out)
}

fn run(src: &str) -> Result<String, super::Error> {
    let (mut i, out) = interp();
    i.run(src)?;
    let s = String::from_utf8(out.0.borrow().clone()).unwrap();
    Ok(s)
}

#[test]
fn statements_print_what_python_prints() {
    let cases: &[(&str, &str)] = &[
        ("print(1 + 2 * 3)", "7\n"),
        ("print(7 // 2, -7 // 2, 7 % 3, -7 % 3, 2 ** 10)", "3 -4 1 2 1024\n"),
        ("print(7 / 2, 1 / 3, 10 / 5)", "3.5 0.3333333333333333 2.0\n"),
        ("print(0x1f, 1e3, 2.5e-7)", "31 1000.0 2.5e-07\n"),
        ("x = [1, 2, 3]; x.append(4); print(x, len(x), x[-1], x[1:3])", "[1, 2, 3, 4] 4 4 [2, 3]\n"),
        ("try:\n    raise KeyError('k')\nexcept KeyError as e:\n    print(e, repr(e), type(e))", "'k' KeyError('k') <class 'KeyError'>\n"),
        ("try:\n    {}['z']\nexcept LookupError as e:\n    print(repr(e))", "KeyError('z')\n"),
        ("try:\n    raise ValueError\nexcept Exception as e:\n    print(repr(e))", "ValueError()\n"),
        ("try:\n    try:\n        1/0\n    except ZeroDivisionError:\n        raise\nexcept ArithmeticError as e:\n    print(e)", "division by zero\n"),
        ("a, b = 1, 2; a, b = b, a; print(a, b)", "2 1\n"),
        ("n = 0\nfor i in range(5):\n    if i == 3: continue\n    n += i\nprint(n)", "7\n"),
        ("i = 0\nwhile True:\n    i += 1\n    if i > 4: break\nprint(i)", "5\n"),
        ("def f(x, y=10):\n    return x + y\nprint(f(1), f(1, 2), f(y=3, x=1))", "11 3 4\n"),
        ("print([x * x for x in range(5) if x % 2])", "[1, 9]\n"),
        ("print(sorted([3, 1, 2], reverse=True), sorted(['b', 'A', 'a']))", "[3, 2, 1] ['A', 'a', 'b']\n"),
        ("d = {'a': 1}; d['b'] = 2; print(d, d.get('c', 0), 'a' in d, list(d.keys()))", "{'a': 1, 'b': 2} 0 True ['a', 'b']\n"),
        ("print('%-5s|%5d|%05.1f|%x' % ('ab', 42, 3.14159, 255))", "ab   |   42|003.1|ff\n"),
        ("print('{:>6}|{:<4}|{:^7}|{:.2f}|{:,}'.format('x', 'y', 'z', 2.5, 1234567))", "     x|y   |   z   |2.50|1,234,567\n"),
        ("n = 5; print(f'{n:03d} {n * 2} {\"q\"!r}')", "005 10 'q'\n"),
        ("print('a,b,,c'.split(','), ' x '.strip(), '-'.join(['a', 'b']))", "['a', 'b', '', 'c'] x a-b\n"),
        ("print(True and 0, None or 'd', not [], 1 < 2 < 3, 3 > 2 > 2)", "0 d True True False\n"),
        ("print(repr('it\\'s'), repr(\"a\\nb\"), str(None))", "\"it's\" 'a\\nb' None\n"),
        ("print(min([4, 2, 8]), max(3, 9), sum([1, 2, 3]), abs(-2), round(2.5), round(3.14159, 2))", "2 9 6 2 2 3.14\n"),
        ("print(list(enumerate('ab')), list(zip([1, 2], 'xy')))", "[(0, 'a'), (1, 'b')] [(1, 'x'), (2, 'y')]\n"),
        ("f = lambda x: x + 1; print(f(1), list(map(f, [1, 2])), list(filter(lambda v: v > 1, [1, 2, 3])))", "2 [2, 3] [2, 3]\n"),
        ("print(type(1), type('x'), type([]), type({}))", "<class 'int'> <class 'str'> <class 'list'> <class 'dict'>\n"),
        ("print 'py2', 1, 2\nprint", "py2 1 2\n\n"),
        ("print('a', 'b', sep='-', end='!\\n')", "a-b!\n"),
        ("x = 10\nif x > 5:\n    print('big')\nelif x > 2:\n    print('mid')\nelse:\n    print('small')", "big\n"),
        ("x = [3, 1]; x.sort(); print(x); del x[0]; print(x)", "[1, 3]\n[3]\n"),
        ("print(int('42') + int('ff', 16), float('1.5'), str(1.0), hex(255))", "297 1.5 1.0 0xff\n"),
        ("s = 'x' # a comment\nprint(s * 3)", "xxx\n"),
        ("print(1 if 0 else 2, [1, 2] + [3], (1,), ())", "2 [1, 2, 3] (1,) ()\n"),
        ("c = {}\nfor w in 'a b a'.split():\n    c[w] = c.get(w, 0) + 1\nprint(sorted(c.items()))", "[('a', 2), ('b', 1)]\n"),
    ];
    for (src, want) in cases {
        match run(src) {
            Ok(got) => assert_eq!(&got, want, "source:\n{src}"),
            Err(e) => panic!("source:\n{src}\nfailed: {e}"),
        }
    }
}

#[test]
fn errors_name_their_kind_and_place() {
    // (source, kind, line, column)
    let cases: &[(&str, ErrorKind, usize, usize)] = &[
        ("print(y)", ErrorKind::Name, 1, 7),
        ("x = 1\nx.foo", ErrorKind::Attribute, 2, 1),
        ("[1, 2][5]", ErrorKind::Index, 1, 1),
        ("{'a': 1}['b']", ErrorKind::Key, 1, 1),
        ("1 + 'a'", ErrorKind::Type, 1, 1),
        ("1 / 0", ErrorKind::ZeroDivision, 1, 1),
        ("x = (1, 2", ErrorKind::Syntax, 1, 10),
        ("for x in [1]\n    pass", ErrorKind::Syntax, 1, 13),
        ("if True:\nprint(1)", ErrorKind::Syntax, 2, 1),
        ("x = 'abc", ErrorKind::Syntax, 1, 5),
        ("x = 1\n  y = 2", ErrorKind::Syntax, 2, 3),
        ("a, b = [1, 2, 3]", ErrorKind::Value, 1, 1),
        ("int('x')", ErrorKind::Value, 1, 1),
        ("rdpcap('/no/such/file.pcap')", ErrorKind::File, 1, 1),
        ("len(5)", ErrorKind::Type, 1, 1),
        ("x = 1 +", ErrorKind::Syntax, 1, 8),
        ("1 = x", ErrorKind::Syntax, 1, 1),
        ("break", ErrorKind::Syntax, 1, 1),
        ("raise RuntimeError('boom')", ErrorKind::Runtime, 1, 1),
        ("raise 'text'", ErrorKind::Type, 1, 1),
    ];
    for (src, kind, line, col) in cases {
        let e = match run(src) {
            Ok(out) => panic!("source {src:?} should fail, printed {out:?}"),
            Err(e) => e,
        };
        assert_eq!(e.kind, *kind, "source {src:?}: {e}");
        let text = e.render("t", src);
        let want = format!("t:{line}:{col}: {}", kind.python_name());
        assert!(
            text.starts_with(&want),
            "source {src:?}: expected {want}, got:\n{text}"
        );
        assert!(
            text.lines().nth(2).is_some_and(|l| l.contains('^')),
            "no caret:\n{text}"
        );
    }
}

#[test]
fn an_error_leaves_earlier_statements_done() {
    let (mut i, out) = interp();
    assert!(i.run("x = 41\nprint(x)\nprint(nope)\nprint('no')").is_err());
    assert!(i.run("print(x + 1)").is_ok());
    assert_eq!(
        String::from_utf8(out.0.borrow().clone()).unwrap(),
        "41\n42\n"
    );
}

/// Found by fuzzing: a backslash before a multi-byte character in a raw string, and `\x`
/// before one in a plain string, cut the character in two (a panic).
#[test]
fn escapes_before_multibyte_characters_do_not_panic() {
    assert!(crate::lang::parser::parse("k,r'''\\'\\;XY\\\u{661}Y\\';").is_err());
    assert!(crate::lang::parser::parse("x = r'\\\u{e9}'").is_ok());
    assert!(crate::lang::parser::parse("x = '\\x\u{e9}'").is_ok());
}

/// Found by fuzzing: `round(n, -2**63)` negated the digit count (an overflow). Python
/// itself spends forever on it (it builds 10**(2**63)); the result is 0.
#[test]
fn round_with_extreme_digit_counts_does_not_panic() {
    let out = run("print(round(61728, -2**63), round(1.5, -2**63), round(1.5, 2**63-1))").unwrap();
    assert_eq!(out, "0 0.0 1.5\n");
}

/// A decimal literal past Python's 4300 digits is a SyntaxError, as in Python, and the
/// fuzz target's slow case (a 67,000-digit number printed in each row of a table) is a
/// ValueError at once.
#[test]
fn ints_past_the_digit_limit_are_refused_at_once() {
    let e = run(&format!("x = {}", "1".repeat(4301)))
        .unwrap_err()
        .to_string();
    assert!(e.contains("SyntaxError: Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits"), "{e}");
    assert!(run(&format!("x = {}", "1".repeat(4300))).is_ok());
    let start = std::time::Instant::now();
    let e = run("n = 7 ** 80000\nfor i in range(200):\n    '%s' % [n]")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("ValueError: Exceeds the limit (4300 digits)"),
        "{e}"
    );
    assert!(start.elapsed().as_secs() < 5);
}

/// The sandbox the language fuzz target runs in refuses every entry that reaches outside
/// the process, and the step budget ends loops and recursion that would not end.
#[test]
fn the_sandbox_refuses_files_input_and_waiting() {
    let path = std::env::temp_dir().join(format!("pcapsh-sandbox-{}", std::process::id()));
    let p = path.display().to_string();
    std::fs::write(&path, b"x").unwrap();
    let refused = [
        format!("open('{p}', 'w')"),
        format!("open('{p}').read()"),
        format!("rdpcap('{p}')"),
        format!("PcapReader('{p}')"),
        format!("wrpcap('{p}', [])"),
        format!("import os; os.remove('{p}')"),
        format!("import os\nos.rename('{p}', '{p}.2')"),
        format!("from os import unlink; unlink('{p}')"),
        "import time; time.sleep(5)".into(),
        "import sys; sys.stdin.read()".into(),
        format!("b'x'.save('{p}')"),
        format!("import io; io.open('{p}', 'w')"),
    ];
    for src in &refused {
        let (mut i, _) = interp();
        i.sandbox = true;
        assert!(i.run(src).is_err(), "{src} ran in the sandbox");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"x",
            "{src} touched the file"
        );
    }
    let (mut i, out) = interp();
    i.sandbox = true;
    i.run("print(sum(x * x for x in range(10)), len('abc'))")
        .unwrap();
    assert_eq!(
        String::from_utf8(out.0.borrow().clone()).unwrap(),
        "285 3\n"
    );
    for endless in [
        "while 1: pass",
        "def f():\n    try:\n        f()\n    except:\n        f()\nf()",
    ] {
        let (mut i, _) = interp();
        i.budget.set(10_000);
        let e = i.run(endless).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Interrupted, "{endless}");
    }
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn ls_with_a_pattern_lists_the_classes_it_finds_as_scapy() {
    // Ordered by where the text sits in the class name, then by length.
    let out = run("ls('ICMPv6ND_N')").unwrap();
    assert_eq!(
        out,
        "ICMPv6ND_NS : ICMPv6 Neighbor Discovery - Neighbor Solicitation\n\
         ICMPv6ND_NA : ICMPv6 Neighbor Discovery - Neighbor Advertisement\n"
    );
    let out = run("ls('nbtd')").unwrap();
    assert_eq!(out, "NBTDatagram : NBT Datagram Packet\n");
    // A pattern that is not the class name's text has no place: Scapy's ValueError.
    let e = run("ls('^TCP$')").unwrap_err();
    assert_eq!(e.kind, ErrorKind::Value);
    assert!(run("ls('zzz-no-such')").unwrap().is_empty());
    assert_eq!(run("ls(3)").unwrap_err().kind, ErrorKind::Type);
}
