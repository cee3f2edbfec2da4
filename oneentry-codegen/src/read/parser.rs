//! The JSON grammar, character by character, counting lines and columns as it goes.

use super::{JsonPath, Member, Node, Pos, SyntaxError, Value};

/// Parses a whole document: one value, surrounded only by whitespace.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut parser = Parser {
        chars: text.chars().collect(),
        at: 0,
        line: 1,
        column: 1,
        depth: 0,
    };
    parser.skip_whitespace();
    let node = parser.value(JsonPath::root())?;
    parser.skip_whitespace();
    if parser.peek().is_some() {
        return Err(parser.error("expected the end of the document"));
    }
    Ok(node)
}

/// Nesting deeper than this is not a plausible spec and would risk the compiler's stack.
const MAX_DEPTH: usize = 128;

struct Parser {
    chars: Vec<char>,
    at: usize,
    line: usize,
    column: usize,
    depth: usize,
}

impl Parser {
    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.column,
        }
    }

    fn error(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            pos: self.pos(),
            message: message.into(),
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

    fn expect(&mut self, wanted: char, context: &str) -> Result<(), SyntaxError> {
        match self.peek() {
            Some(c) if c == wanted => {
                self.bump();
                Ok(())
            }
            Some(c) => Err(self.error(format!("expected `{wanted}` {context}, found `{c}`"))),
            None => Err(self.error(format!(
                "expected `{wanted}` {context}, found the end of the file"
            ))),
        }
    }

    fn value(&mut self, path: JsonPath) -> Result<Node, SyntaxError> {
        let pos = self.pos();
        let value = match self.peek() {
            Some('{') => self.nested(Self::object, &path)?,
            Some('[') => self.nested(Self::array, &path)?,
            Some('"') => Value::String(self.string()?),
            Some('t') => self.literal("true", Value::Bool(true))?,
            Some('f') => self.literal("false", Value::Bool(false))?,
            Some('n') => self.literal("null", Value::Null)?,
            Some(c) if c == '-' || c.is_ascii_digit() => Value::Number(self.number()?),
            Some(c) => return Err(self.error(format!("expected a JSON value, found `{c}`"))),
            None => return Err(self.error("expected a JSON value, found the end of the file")),
        };
        Ok(Node { pos, path, value })
    }

    fn nested(
        &mut self,
        parse: fn(&mut Self, &JsonPath) -> Result<Value, SyntaxError>,
        path: &JsonPath,
    ) -> Result<Value, SyntaxError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        self.depth += 1;
        let value = parse(self, path);
        self.depth -= 1;
        value
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, SyntaxError> {
        let start = self.pos();
        for expected in word.chars() {
            if self.peek() != Some(expected) {
                return Err(SyntaxError {
                    pos: start,
                    message: format!("expected `{word}`"),
                });
            }
            self.bump();
        }
        Ok(value)
    }

    fn object(&mut self, path: &JsonPath) -> Result<Value, SyntaxError> {
        self.bump();
        let mut members: Vec<Member> = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some('}') {
            self.bump();
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_whitespace();
            let key_pos = self.pos();
            if self.peek() != Some('"') {
                return Err(self.error("expected a string key in double quotes"));
            }
            let key = self.string()?;
            self.skip_whitespace();
            self.expect(':', "after an object key")?;
            self.skip_whitespace();
            let value = self.value(path.key(&key))?;
            members.push(Member {
                key,
                key_pos,
                value,
            });
            self.skip_whitespace();
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some('}') => {
                    self.bump();
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.error("expected `,` or `}` after an object member")),
            }
        }
    }

    fn array(&mut self, path: &JsonPath) -> Result<Value, SyntaxError> {
        self.bump();
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(']') {
            self.bump();
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_whitespace();
            items.push(self.value(path.index(items.len()))?);
            self.skip_whitespace();
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some(']') => {
                    self.bump();
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error("expected `,` or `]` after an array element")),
            }
        }
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.bump();
        let mut out = String::new();
        loop {
            match self.bump() {
                None => return Err(self.error("unterminated string")),
                Some('"') => return Ok(out),
                Some('\\') => out.push(self.escape()?),
                Some(c) if (c as u32) < 0x20 => {
                    return Err(self.error("control character in a string; escape it"));
                }
                Some(c) => out.push(c),
            }
        }
    }

    fn escape(&mut self) -> Result<char, SyntaxError> {
        Ok(match self.bump() {
            Some('"') => '"',
            Some('\\') => '\\',
            Some('/') => '/',
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('u') => {
                let high = self.hex4()?;
                if (0xD800..0xDC00).contains(&high) {
                    if self.bump() != Some('\\') || self.bump() != Some('u') {
                        return Err(self.error("a high surrogate must be followed by `\\u`"));
                    }
                    let low = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(self.error("invalid low surrogate"));
                    }
                    let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    char::from_u32(code).ok_or_else(|| self.error("invalid unicode escape"))?
                } else {
                    char::from_u32(high).ok_or_else(|| self.error("invalid unicode escape"))?
                }
            }
            _ => return Err(self.error("invalid escape sequence")),
        })
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self
                .bump()
                .and_then(|c| c.to_digit(16))
                .ok_or_else(|| self.error("expected four hex digits after `\\u`"))?;
            code = code * 16 + digit;
        }
        Ok(code)
    }

    fn number(&mut self) -> Result<String, SyntaxError> {
        let mut text = String::new();
        if self.peek() == Some('-') {
            text.extend(self.bump());
        }
        match self.peek() {
            Some('0') => text.extend(self.bump()),
            Some(c) if c.is_ascii_digit() => self.digits(&mut text),
            _ => return Err(self.error("expected a digit")),
        }
        if self.peek() == Some('.') {
            text.extend(self.bump());
            if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
                return Err(self.error("expected a digit after `.`"));
            }
            self.digits(&mut text);
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            text.extend(self.bump());
            if matches!(self.peek(), Some('+' | '-')) {
                text.extend(self.bump());
            }
            if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
                return Err(self.error("expected a digit in the exponent"));
            }
            self.digits(&mut text);
        }
        Ok(text)
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
