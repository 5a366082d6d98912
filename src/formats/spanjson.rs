//! A small JSON reader that keeps the line and column of every value and key, so that an
//! error deep inside a saved API response (Kolada) can point at the exact value. serde_json
//! only locates syntax errors; this reader locates everything. Columns count characters,
//! 1-based, like every other diagnostic.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number and its text as written.
    Number(f64, String),
    String(String),
    Array(Vec<Node>),
    Object(Vec<Member>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    pub line: usize,
    pub column: usize,
    pub value: Node,
}

impl Value {
    /// What the value is, for messages: "a string", "null", ...
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(..) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// A syntax error with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at line {} column {}", self.message, self.line, self.column)
    }
}

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 256;

pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut p = Parser {
        text,
        pos: 0,
        line: 1,
        column: 1,
    };
    p.skip_ws();
    let node = p.value(0)?;
    p.skip_ws();
    if let Some(c) = p.peek() {
        return Err(p.error(format!(
            "unexpected {} after the end of the JSON value",
            describe(c)
        )));
    }
    Ok(node)
}

struct Parser<'a> {
    text: &'a str,
    /// Byte offset into `text`; `line` and `column` count lines and characters.
    pos: usize,
    line: usize,
    column: usize,
}

fn describe(c: char) -> String {
    match c {
        '\0' => "NUL character (is the file UTF-16?)".to_string(),
        c if c.is_control() => format!("control character U+{:04X}", c as u32),
        c => format!("character `{c}`"),
    }
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.text.get(self.pos..)?.chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn error(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            message: message.into(),
            line: self.line,
            column: self.column,
        }
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.bump();
        }
    }

    fn expect_literal(&mut self, word: &str, value: Value) -> Result<Value, SyntaxError> {
        for expected in word.chars() {
            match self.peek() {
                Some(c) if c == expected => {
                    self.bump();
                }
                _ => return Err(self.error(format!("invalid literal; expected `{word}`"))),
            }
        }
        Ok(value)
    }

    fn value(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nesting is too deep"));
        }
        let (line, column) = (self.line, self.column);
        let value = match self.peek() {
            None => return Err(self.error("unexpected end of file; expected a value")),
            Some('{') => self.object(depth)?,
            Some('[') => self.array(depth)?,
            Some('"') => Value::String(self.string()?),
            Some('t') => self.expect_literal("true", Value::Bool(true))?,
            Some('f') => self.expect_literal("false", Value::Bool(false))?,
            Some('n') => self.expect_literal("null", Value::Null)?,
            Some(c) if c == '-' || c.is_ascii_digit() => self.number()?,
            Some(c) => {
                return Err(self.error(format!("unexpected {}; expected a value", describe(c))));
            }
        };
        Ok(Node { value, line, column })
    }

    fn object(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.bump(); // {
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some('}') {
            self.bump();
            return Ok(Value::Object(members));
        }
        // Where each key was first written: a repeated key is an error, never "last one wins".
        let mut seen: std::collections::HashMap<String, (usize, usize)> = std::collections::HashMap::new();
        loop {
            self.skip_ws();
            let (line, column) = (self.line, self.column);
            if self.peek() != Some('"') {
                return Err(match self.peek() {
                    None => self.error("unexpected end of file inside an object"),
                    Some(c) => self.error(format!(
                        "unexpected {}; expected a key in double quotes",
                        describe(c)
                    )),
                });
            }
            let key = self.string()?;
            if let Some((l, c)) = seen.get(&key) {
                return Err(SyntaxError {
                    message: format!(
                        "duplicate key \"{}\" in an object (first at line {l}, column {c}); expected each key once",
                        crate::diag::shorten(&key)
                    ),
                    line,
                    column,
                });
            }
            seen.insert(key.clone(), (line, column));
            self.skip_ws();
            if self.peek() != Some(':') {
                return Err(self.error("expected `:` after the key"));
            }
            self.bump();
            self.skip_ws();
            let value = self.value(depth + 1)?;
            members.push(Member {
                key,
                line,
                column,
                value,
            });
            self.skip_ws();
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some('}') => {
                    self.bump();
                    return Ok(Value::Object(members));
                }
                None => return Err(self.error("unexpected end of file inside an object")),
                Some(_) => return Err(self.error("expected `,` or `}` in an object")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.bump(); // [
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(']') {
            self.bump();
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some(']') => {
                    self.bump();
                    return Ok(Value::Array(items));
                }
                None => return Err(self.error("unexpected end of file inside an array")),
                Some(_) => return Err(self.error("expected `,` or `]` in an array")),
            }
        }
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.bump(); // "
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.error("unexpected end of file inside a string"));
            };
            match c {
                '"' => {
                    self.bump();
                    return Ok(out);
                }
                '\\' => {
                    self.bump();
                    let Some(e) = self.peek() else {
                        return Err(self.error("unexpected end of file inside a string"));
                    };
                    let simple = match e {
                        '"' => Some('"'),
                        '\\' => Some('\\'),
                        '/' => Some('/'),
                        'b' => Some('\u{8}'),
                        'f' => Some('\u{c}'),
                        'n' => Some('\n'),
                        'r' => Some('\r'),
                        't' => Some('\t'),
                        _ => None,
                    };
                    if let Some(s) = simple {
                        self.bump();
                        out.push(s);
                    } else if e == 'u' {
                        self.bump();
                        let hi = self.hex4()?;
                        let c = if (0xD800..0xDC00).contains(&hi) {
                            if self.peek() == Some('\\') {
                                self.bump();
                                if self.peek() != Some('u') {
                                    return Err(self.error("expected a low surrogate `\\uDC00`–`\\uDFFF`"));
                                }
                                self.bump();
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.error("invalid low surrogate in `\\u` escape"));
                                }
                                char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                            } else {
                                None
                            }
                        } else {
                            char::from_u32(hi)
                        };
                        match c {
                            Some(c) => out.push(c),
                            None => return Err(self.error("invalid `\\u` escape (lone surrogate)")),
                        }
                    } else {
                        return Err(self.error(format!("invalid escape `\\{e}` in a string")));
                    }
                }
                c if (c as u32) < 0x20 => {
                    return Err(self.error(format!(
                        "{} inside a string; write it as an escape such as \\n",
                        describe(c)
                    )));
                }
                c => {
                    self.bump();
                    out.push(c);
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut v = 0u32;
        for _ in 0..4 {
            match self.peek().and_then(|c| c.to_digit(16)) {
                Some(d) => {
                    v = v * 16 + d;
                    self.bump();
                }
                None => return Err(self.error("expected four hex digits after `\\u`")),
            }
        }
        Ok(v)
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.pos;
        let (line, column) = (self.line, self.column);
        // Only ASCII is consumed here, so every offset is a char boundary.
        let bad = |p: &Parser| SyntaxError {
            message: format!(
                "invalid number `{}`",
                p.text
                    .get(start..p.pos.max(start + 1).min(p.text.len()))
                    .unwrap_or_default()
            ),
            line,
            column,
        };
        if self.peek() == Some('-') {
            self.bump();
        }
        match self.peek() {
            Some('0') => {
                self.bump();
                if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.bump();
                    return Err(bad(self));
                }
            }
            Some(c) if c.is_ascii_digit() => {
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.bump();
                }
            }
            _ => return Err(bad(self)),
        }
        if self.peek() == Some('.') {
            self.bump();
            if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
                return Err(bad(self));
            }
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.bump();
            }
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.bump();
            if matches!(self.peek(), Some('+' | '-')) {
                self.bump();
            }
            if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
                return Err(bad(self));
            }
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.bump();
            }
        }
        let text = self.text.get(start..self.pos).unwrap_or_default().to_string();
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Value::Number(v, text)),
            _ => Err(SyntaxError {
                message: format!("number `{text}` is too large"),
                line,
                column,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_their_positions() {
        let text = "{\n  \"a\": [1, -2.5e1, null],\n  \"ö\": \"x\\u00e4\\ud83d\\ude00\"\n}";
        let n = parse(text).unwrap();
        let Value::Object(m) = &n.value else { panic!() };
        assert_eq!((m[0].key.as_str(), m[0].line, m[0].column), ("a", 2, 3));
        let Value::Array(items) = &m[0].value.value else {
            panic!()
        };
        assert_eq!((items[1].line, items[1].column), (2, 12));
        assert!(matches!(items[1].value, Value::Number(v, _) if v == -25.0));
        assert_eq!(items[2].value, Value::Null);
        assert_eq!((m[1].line, m[1].column), (3, 3));
        assert_eq!(m[1].value.value, Value::String("xä😀".into()));
        assert_eq!(m[1].value.column, 8);
    }

    #[test]
    fn syntax_errors_are_located() {
        let e = parse("{\n  \"a\": 1\n  \"b\": 2\n}").unwrap_err();
        assert_eq!((e.line, e.column), (3, 3), "{e}");
        assert!(e.message.contains("expected `,` or `}`"), "{e}");
        let e = parse("[1, 2,]").unwrap_err();
        assert_eq!((e.line, e.column), (1, 7), "{e}");
        let e = parse("[01]").unwrap_err();
        assert!(e.message.contains("invalid number"), "{e}");
        let e = parse("{\"a\": tru}").unwrap_err();
        assert!(e.message.contains("`true`"), "{e}");
        let e = parse("[1] x").unwrap_err();
        assert_eq!((e.line, e.column), (1, 5));
        let e = parse("\"a\nb\"").unwrap_err();
        assert!(e.message.contains("control character"), "{e}");
        let e = parse("{\0\"\0").unwrap_err();
        assert!(e.message.contains("UTF-16"), "{e}");
        assert!(parse("").is_err());
        assert!(parse(&"[".repeat(10_000)).is_err());
    }

    #[test]
    fn agrees_with_serde_json_on_values() {
        for text in [
            r#"{"values":[{"kpi":"U21468","period":2024,"values":[{"gender":"T","value":87.5,"count":1,"status":""}]}],"count":1}"#,
            r#"[true,false,null,0,-0.0,1e3,"a\"b\\c\/\b\f\n\r\t"]"#,
        ] {
            let ours = parse(text).unwrap();
            let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(to_serde(&ours), theirs);
        }
    }

    /// Issue 10: duplicate keys in kolada.json were accepted, the last one winning.
    #[test]
    fn duplicate_keys_are_refused_at_the_second() {
        let e = parse("{\n  \"values\": [{\"kpi\": \"U1\", \"period\": 2024,\n    \"kpi\": \"U2\"}]\n}")
            .unwrap_err();
        assert_eq!((e.line, e.column), (3, 5), "{e}");
        assert_eq!(
            e.message,
            "duplicate key \"kpi\" in an object (first at line 2, column 15); expected each key once"
        );
        // The same key in different objects is fine.
        assert!(parse("[{\"a\": 1}, {\"a\": 2, \"b\": {\"a\": 3}}]").is_ok());
    }

    proptest::proptest! {
        /// Whatever the text, the reader answers and never panics, and it accepts exactly
        /// the texts serde_json accepts; its errors have a position.
        #[test]
        fn never_panics_and_accepts_what_serde_json_accepts(s in "[\\[\\]{}\",:0-9.eE+\\-tfnrul\\\\ \n]{0,80}") {
            let theirs = serde_json::from_str::<serde_json::Value>(&s);
            match parse(&s) {
                Ok(_) => proptest::prop_assert!(theirs.is_ok(), "accepted {s:?}"),
                // serde_json keeps the last of repeated keys; we refuse them.
                Err(e) if e.message.starts_with("duplicate key") => {
                    proptest::prop_assert!(e.line >= 1 && e.column >= 1);
                }
                Err(e) => {
                    proptest::prop_assert!(theirs.is_err(), "rejected {s:?}: {e}");
                    proptest::prop_assert!(e.line >= 1 && e.column >= 1);
                }
            }
        }
    }

    fn arb_json() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            (-1e9f64..1e9).prop_map(serde_json::Value::from),
            "\\PC{0,8}".prop_map(serde_json::Value::from),
            "[\\x00-\\x1f\"\\\\/]{0,4}".prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(4, 40, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
                proptest::collection::btree_map("[a-zåäö_]{0,6}", inner, 0..6)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        /// Any JSON that serde_json writes, compact or pretty, reads back as the same value.
        #[test]
        fn reads_what_serde_json_writes(v in arb_json(), pretty in proptest::bool::ANY) {
            let text = if pretty {
                serde_json::to_string_pretty(&v).unwrap()
            } else {
                serde_json::to_string(&v).unwrap()
            };
            let ours = parse(&text).expect("valid JSON");
            proptest::prop_assert_eq!(to_serde(&ours), v);
        }
    }

    fn to_serde(n: &Node) -> serde_json::Value {
        match &n.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => (*b).into(),
            // Integers through serde_json (exact); floats as we read them, since serde_json
            // without its float_roundtrip feature may be off in the last digit.
            Value::Number(v, t) if t.contains(['.', 'e', 'E']) => serde_json::Value::from(*v),
            Value::Number(_, t) => serde_json::from_str(t).unwrap(),
            Value::String(s) => s.clone().into(),
            Value::Array(a) => a.iter().map(to_serde).collect(),
            Value::Object(m) => m
                .iter()
                .map(|m| (m.key.clone(), to_serde(&m.value)))
                .collect::<serde_json::Map<_, _>>()
                .into(),
        }
    }
}
