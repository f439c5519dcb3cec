//! `wasmcloud:testing` without crates: `Testing.Start` takes `TestOptions` (msgpack
//! `{patterns, options}`, as `wash call --test --data test-options.json` and `nx run <actor>:test`
//! send it) and answers `TestResults`, msgpack `[{name, passed, snapData?}]` as
//! wasmcloud-interface-testing <= 0.4 does. A failed test's snapData is the JSON `{"error": "..."}`.
//!
//! Each test calls the actor's own `handle`, as the host would, and checks the reply.

use crate::msgpack::{self, Value};

type Test = fn() -> Result<(), String>;

/// The tests `Testing.Start` can run, by name. Add yours here.
const TESTS: &[(&str, Test)] = &[("http_request_says_hello", http_request_says_hello), ("health_check_is_healthy", health_check_is_healthy)];

fn http_request_says_hello() -> Result<(), String> {
    let reply = msgpack::decode(&crate::handle("HttpServer.HandleRequest", &[])?)?;
    match reply.get("statusCode") {
        Some(Value::Int(200)) => {}
        other => return Err(format!("statusCode is {:?}, expected 200", other)),
    }
    match reply.get("body") {
        Some(Value::Bin(body)) if body.as_slice() == b"Hello, World!" => Ok(()),
        other => Err(format!("body is {:?}, expected \"Hello, World!\"", other)),
    }
}

fn health_check_is_healthy() -> Result<(), String> {
    let reply = msgpack::decode(&crate::handle("Actor.HealthRequest", &[0x80])?)?;
    match reply.get("healthy") {
        Some(Value::Bool(true)) => Ok(()),
        other => Err(format!("healthy is {:?}, expected true", other)),
    }
}

/// `Testing.Start`: runs the tests whose names match any pattern, in pattern order, each once.
pub fn start(payload: &[u8]) -> Result<Vec<u8>, String> {
    let patterns = patterns(payload)?;
    let mut selected: Vec<&(&str, Test)> = Vec::new();
    for pattern in &patterns {
        for test in TESTS {
            if matches(pattern, test.0) && !selected.iter().any(|t| t.0 == test.0) {
                selected.push(test);
            }
        }
    }
    let mut out = Vec::new();
    msgpack::array_header(&mut out, selected.len());
    for (name, test) in selected {
        let outcome = test();
        msgpack::map_header(&mut out, if outcome.is_ok() { 2 } else { 3 });
        msgpack::str(&mut out, "name");
        msgpack::str(&mut out, name);
        msgpack::str(&mut out, "passed");
        msgpack::bool(&mut out, outcome.is_ok());
        if let Err(error) = outcome {
            msgpack::str(&mut out, "snapData");
            msgpack::bin(&mut out, format!("{{\"error\":{}}}", json_string(&error)).as_bytes());
        }
    }
    Ok(out)
}

/// `TestOptions.patterns`; an empty payload or a missing list means every test (`[".*"]`).
fn patterns(payload: &[u8]) -> Result<Vec<String>, String> {
    if payload.is_empty() {
        return Ok(vec![".*".to_string()]);
    }
    let options = msgpack::decode(payload).map_err(|e| format!("TestOptions: {}", e))?;
    match options.get("patterns") {
        None | Some(Value::Nil) => Ok(vec![".*".to_string()]),
        Some(Value::Array(items)) => items
            .iter()
            .map(|p| match p {
                Value::Str(s) => Ok(s.clone()),
                other => Err(format!("TestOptions: a pattern is {:?}, not a string", other)),
            })
            .collect(),
        Some(other) => Err(format!("TestOptions: patterns is {:?}, not a list", other)),
    }
}

/// Without a regex crate: `.*` (or an empty pattern) matches every test; otherwise the pattern,
/// without `^` and `$` anchors, must occur in the name (or be the name, when anchored at both ends).
fn matches(pattern: &str, name: &str) -> bool {
    let core = pattern.trim_start_matches('^').trim_end_matches('$');
    if core.is_empty() || core == ".*" {
        return true;
    }
    match (pattern.starts_with('^'), pattern.ends_with('$')) {
        (true, true) => name == core,
        (true, false) => name.starts_with(core),
        (false, true) => name.ends_with(core),
        (false, false) => name.contains(core),
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(patterns: &[&str]) -> Vec<u8> {
        let mut out = Vec::new();
        msgpack::map_header(&mut out, 2);
        msgpack::str(&mut out, "patterns");
        msgpack::array_header(&mut out, patterns.len());
        for p in patterns {
            msgpack::str(&mut out, p);
        }
        msgpack::str(&mut out, "options");
        msgpack::map_header(&mut out, 0);
        out
    }

    #[test]
    fn runs_every_test_for_dot_star() {
        let results = msgpack::decode(&start(&options(&[".*"])).unwrap()).unwrap();
        let items = match results {
            Value::Array(items) => items,
            other => panic!("not a list: {:?}", other),
        };
        assert_eq!(items.len(), TESTS.len());
        for item in &items {
            assert_eq!(item.get("passed"), Some(&Value::Bool(true)));
        }
    }

    #[test]
    fn selects_by_pattern() {
        let results = msgpack::decode(&start(&options(&["^health"])).unwrap()).unwrap();
        let items = match results {
            Value::Array(items) => items,
            other => panic!("not a list: {:?}", other),
        };
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].get("name"), Some(&Value::Str("health_check_is_healthy".into())));
    }
}
