//! The JSON grammar, character by character, counting lines and columns as it goes.
//!
//! The parser does not stop at a syntax error: it records the first one, skips to
//! the next `,` or closing bracket of the object or array it is in, and goes on. The
//! tree it recovers lets code generation produce the items around the mistake, so a
//! missing comma is one error instead of one more at every use of the API.

use super::{JsonPath, Member, Node, Pos, SyntaxError, Value};

/// Parses a whole document: one value, surrounded only by whitespace.
#[cfg(test)]
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    match parse_recovering(text) {
        (node, None) => Ok(node),
        (_, Some(error)) => Err(error),
    }
}

/// Parses a document that may have syntax errors: the tree recovered around them,
/// and the first error, if any (later ones are often consequences of the first).
pub fn parse_recovering(text: &str) -> (Node, Option<SyntaxError>) {
    let mut parser = Parser {
        chars: text.chars().collect(),
        at: 0,
        line: 1,
        column: 1,
        depth: 0,
        error: None,
    };
    parser.skip_whitespace();
    let node = parser.value(JsonPath::root());
    parser.skip_whitespace();
    if parser.peek().is_some() {
        parser.fail("expected the end of the document");
    }
    (node, parser.error)
}

/// Nesting deeper than this is not a plausible spec and would risk the compiler's stack.
const MAX_DEPTH: usize = 128;

struct Parser {
    chars: Vec<char>,
    at: usize,
    line: usize,
    column: usize,
    depth: usize,
    /// The first syntax error.
    error: Option<SyntaxError>,
}

/// How a container goes on after a member or element.
enum Next {
    /// A `,` was read: another member follows.
    More,
    /// The container ended (its closing bracket read, or the text ended).
    Done,
}

impl Parser {
    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.column,
        }
    }

    /// Records a syntax error at the current position, unless an earlier one was recorded.
    fn fail(&mut self, message: impl Into<String>) {
        let pos = self.pos();
        self.fail_at(pos, message);
    }

    fn fail_at(&mut self, pos: Pos, message: impl Into<String>) {
        if self.error.is_none() {
            self.error = Some(SyntaxError {
                pos,
                message: message.into(),
            });
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.bump();
        }
    }

    fn found(&self) -> String {
        match self.peek() {
            Some(c) => format!("`{c}`"),
            None => "the end of the file".to_owned(),
        }
    }

    /// Skips the rest of a broken member or element: up to the next `,` or closing
    /// bracket of the current container, stepping over nested strings and brackets.
    fn skip_to_delimiter(&mut self) {
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            match c {
                '"' => {
                    self.string();
                    continue;
                }
                '{' | '[' => depth += 1,
                '}' | ']' if depth == 0 => return,
                '}' | ']' => depth -= 1,
                ',' if depth == 0 => return,
                _ => {}
            }
            self.bump();
        }
    }

    /// After a member or element: a `,`, the container's `close`, or a mistake.
    fn next(&mut self, close: char, what: &str) -> Next {
        self.skip_whitespace();
        match self.peek() {
            Some(',') => {
                self.bump();
                return Next::More;
            }
            Some(c) if c == close => {
                self.bump();
                return Next::Done;
            }
            // A missing comma: go on with the next member.
            Some('"') if close == '}' => {
                self.fail(format!("expected `,` or `}}` after {what}"));
                return Next::More;
            }
            _ => self.fail(format!("expected `,` or `{close}` after {what}")),
        }
        self.skip_to_delimiter();
        match self.peek() {
            Some(',') => {
                self.bump();
                Next::More
            }
            Some(c) if c == close => {
                self.bump();
                Next::Done
            }
            // The text ended, or another container's bracket closes this one too.
            _ => Next::Done,
        }
    }

    fn value(&mut self, path: JsonPath) -> Node {
        let pos = self.pos();
        let value = match self.peek() {
            Some('{') => self.nested(Self::object, &path),
            Some('[') => self.nested(Self::array, &path),
            Some('"') => Value::String(self.string()),
            Some('t') => self.literal("true", Value::Bool(true)),
            Some('f') => self.literal("false", Value::Bool(false)),
            Some('n') => self.literal("null", Value::Null),
            Some(c) if c == '-' || c.is_ascii_digit() => Value::Number(self.number()),
            _ => {
                let found = self.found();
                self.fail(format!("expected a JSON value, found {found}"));
                Value::Null
            }
        };
        Node { pos, path, value }
    }

    fn nested(&mut self, parse: fn(&mut Self, &JsonPath) -> Value, path: &JsonPath) -> Value {
        if self.depth >= MAX_DEPTH {
            self.fail(format!("nesting deeper than {MAX_DEPTH} levels"));
            self.skip_nested();
            return Value::Null;
        }
        self.depth += 1;
        let value = parse(self, path);
        self.depth -= 1;
        value
    }

    /// Skips one object or array with everything in it, without recursion.
    fn skip_nested(&mut self) {
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            match c {
                '"' => {
                    self.string();
                    continue;
                }
                '{' | '[' => depth += 1,
                '}' | ']' => {
                    self.bump();
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return;
                    }
                    continue;
                }
                _ => {}
            }
            self.bump();
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> Value {
        let start = self.pos();
        for expected in word.chars() {
            if self.peek() != Some(expected) {
                self.fail_at(start, format!("expected `{word}`"));
                while self.peek().is_some_and(|c| c.is_alphanumeric()) {
                    self.bump();
                }
                return Value::Null;
            }
            self.bump();
        }
        value
    }

    fn object(&mut self, path: &JsonPath) -> Value {
        self.bump();
        let mut members: Vec<Member> = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some('}') {
            self.bump();
            return Value::Object(members);
        }
        loop {
            self.skip_whitespace();
            let key_pos = self.pos();
            if self.peek() != Some('"') {
                self.fail("expected a string key in double quotes");
                match self.next('}', "an object member") {
                    Next::More => continue,
                    Next::Done => return Value::Object(members),
                }
            }
            let key = self.string();
            self.skip_whitespace();
            if self.peek() == Some(':') {
                self.bump();
            } else {
                let found = self.found();
                self.fail(format!("expected `:` after an object key, found {found}"));
            }
            self.skip_whitespace();
            let value = self.value(path.key(&key));
            members.push(Member {
                key,
                key_pos,
                value,
            });
            if let Next::Done = self.next('}', "an object member") {
                return Value::Object(members);
            }
        }
    }

    fn array(&mut self, path: &JsonPath) -> Value {
        self.bump();
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(']') {
            self.bump();
            return Value::Array(items);
        }
        loop {
            self.skip_whitespace();
            items.push(self.value(path.index(items.len())));
            if let Next::Done = self.next(']', "an array element") {
                return Value::Array(items);
            }
        }
    }

    /// A string from its opening quote; an unterminated one ends with the text.
    fn string(&mut self) -> String {
        self.bump();
        let mut out = String::new();
        loop {
            match self.bump() {
                None => {
                    self.fail("unterminated string");
                    return out;
                }
                Some('"') => return out,
                Some('\\') => out.extend(self.escape()),
                Some(c) if (c as u32) < 0x20 => {
                    self.fail("control character in a string; escape it");
                    out.push(c);
                }
                Some(c) => out.push(c),
            }
        }
    }

    fn escape(&mut self) -> Option<char> {
        let c = match self.bump() {
            Some('"') => '"',
            Some('\\') => '\\',
            Some('/') => '/',
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('u') => return self.unicode_escape(),
            _ => {
                self.fail("invalid escape sequence");
                return None;
            }
        };
        Some(c)
    }

    fn unicode_escape(&mut self) -> Option<char> {
        let high = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&high) {
            if self.peek() != Some('\\') {
                self.fail("a high surrogate must be followed by `\\u`");
                return None;
            }
            self.bump();
            if self.bump() != Some('u') {
                self.fail("a high surrogate must be followed by `\\u`");
                return None;
            }
            let low = self.hex4()?;
            if !(0xDC00..0xE000).contains(&low) {
                self.fail("invalid low surrogate");
                return None;
            }
            0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        } else {
            high
        };
        let c = char::from_u32(code);
        if c.is_none() {
            self.fail("invalid unicode escape");
        }
        c
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut code = 0;
        for _ in 0..4 {
            match self.peek().and_then(|c| c.to_digit(16)) {
                Some(digit) => {
                    self.bump();
                    code = code * 16 + digit;
                }
                None => {
                    self.fail("expected four hex digits after `\\u`");
                    return None;
                }
            }
        }
        Some(code)
    }

    fn number(&mut self) -> String {
        let mut text = String::new();
        if self.peek() == Some('-') {
            text.extend(self.bump());
        }
        match self.peek() {
            Some('0') => text.extend(self.bump()),
            Some(c) if c.is_ascii_digit() => self.digits(&mut text),
            _ => {
                self.fail("expected a digit");
                return text;
            }
        }
        if self.peek() == Some('.') {
            text.extend(self.bump());
            if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.fail("expected a digit after `.`");
                return text;
            }
            self.digits(&mut text);
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            text.extend(self.bump());
            if matches!(self.peek(), Some('+' | '-')) {
                text.extend(self.bump());
            }
            if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.fail("expected a digit in the exponent");
                return text;
            }
            self.digits(&mut text);
        }
        text
    }

    fn digits(&mut self, text: &mut String) {
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            text.extend(self.bump());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> SyntaxError {
        parse(text).expect_err("should not parse")
    }

    #[test]
    fn keeps_member_order_and_positions() {
        let node = parse("{\n  \"b\": 1,\n  \"a\": [true, null]\n}").expect("valid");
        let Value::Object(members) = node.value else {
            panic!("object expected")
        };
        let keys: Vec<_> = members.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, ["b", "a"]);
        assert_eq!(members[1].key_pos, Pos { line: 3, column: 3 });
        assert_eq!(members[1].value.pos, Pos { line: 3, column: 8 });
        let Value::Array(items) = &members[1].value.value else {
            panic!("array expected")
        };
        assert_eq!(items[1].path.to_string(), "$.a[1]");
        assert_eq!(node.path.to_string(), "$");
    }

    #[test]
    fn decodes_escapes() {
        let node = parse(r#""a\"\n\u00e9\ud83d\ude00""#).expect("valid");
        assert!(matches!(node.value, Value::String(s) if s == "a\"\né😀"));
    }

    #[test]
    fn reports_syntax_errors_with_positions() {
        let cases: &[(&str, Pos, &str)] = &[
            (
                "{\"a\": 1,}",
                Pos { line: 1, column: 9 },
                "expected a string key",
            ),
            ("{\"a\" 1}", Pos { line: 1, column: 6 }, "expected `:`"),
            ("[1 2]", Pos { line: 1, column: 4 }, "expected `,` or `]`"),
            ("\"abc", Pos { line: 1, column: 5 }, "unterminated string"),
            ("tru", Pos { line: 1, column: 1 }, "expected `true`"),
            ("01", Pos { line: 1, column: 2 }, "expected the end"),
            ("", Pos { line: 1, column: 1 }, "found the end of the file"),
            ("{} x", Pos { line: 1, column: 4 }, "expected the end"),
        ];
        for (text, pos, message) in cases {
            let e = err(text);
            assert_eq!(e.pos, *pos, "{text}: {}", e.message);
            assert!(e.message.contains(message), "{text}: {}", e.message);
        }
    }

    #[test]
    fn refuses_absurd_nesting_without_overflowing() {
        let text = "[".repeat(10_000);
        assert!(err(&text).message.contains("nesting deeper"));
    }
}
