//! `archc lsp` driven over standard input and output by a small JSON-RPC client, as an editor
//! drives it: the handshake, diagnostics (syntax, semantic, review findings) on open and after
//! incremental edits, document symbols, formatting, hover, completion, definition, references,
//! rename, code actions, errors, and shutdown.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

/// How long the client waits for any one message before it calls the server stuck.
const PATIENCE: Duration = Duration::from_secs(30);

const URI: &str = "file:///designs/tiny.arch";

/// The server under test, as a child process, and the messages it has sent.
struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Notifications read while waiting for something else.
    backlog: Vec<Value>,
    next_id: i64,
}

impl Server {
    /// Starts `archc lsp` and runs the `initialize` handshake with `options` as the
    /// `initializationOptions`; returns the server and the `initialize` result.
    fn start(options: Value) -> (Server, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_archc"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("archc starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_frame(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            stdin,
            messages,
            backlog: Vec::new(),
            next_id: 1,
        };
        let result = server.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": {}, "initializationOptions": options }),
        );
        server.notify("initialized", json!({}));
        (server, result.expect("initialize succeeds"))
    }

    fn send(&mut self, message: Value) {
        self.send_all(&[message]);
    }

    /// Sends messages in one write, as a client does with a burst of keystrokes.
    fn send_all(&mut self, messages: &[Value]) {
        let mut frames = String::new();
        for message in messages {
            let body = serde_json::to_string(message).unwrap();
            frames.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
        }
        self.stdin.write_all(frames.as_bytes()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn next(&mut self) -> Value {
        self.messages
            .recv_timeout(PATIENCE)
            .expect("the server answers in time")
    }

    /// Sends a request and returns its `result`, or its `error` as `Err`.
    fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.next();
            if message["id"] == json!(id) {
                return match message.get("error") {
                    Some(error) => Err(error.clone()),
                    None => Ok(message["result"].clone()),
                };
            }
            self.backlog.push(message);
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Value {
        let is_them = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        if let Some(i) = self.backlog.iter().position(is_them) {
            return self.backlog.remove(i)["params"].clone();
        }
        loop {
            let message = self.next();
            if is_them(&message) {
                return message["params"].clone();
            }
            self.backlog.push(message);
        }
    }

    fn open(&mut self, uri: &str, text: &str) -> Value {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "arch", "version": 1, "text": text } }),
        );
        self.diagnostics(uri)
    }

    /// `shutdown`, then `exit`: the process must end with status 0.
    fn stop(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Ok(Value::Null));
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "archc lsp exited with {status}");
    }
}

/// Reads one `Content-Length` framed JSON message, or `None` at the end of the stream.
fn read_frame(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn codes(diagnostics: &Value) -> Vec<String> {
    diagnostics["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

fn with_code<'a>(diagnostics: &'a Value, code: &str) -> &'a Value {
    diagnostics["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diagnostics:#}"))
}

fn range(line: u32, start: u32, end_line: u32, end: u32) -> Value {
    json!({ "start": { "line": line, "character": start }, "end": { "line": end_line, "character": end } })
}

const TINY: &str = include_str!("../docs/tiny.arch");

#[test]
fn initialize_announces_the_features() {
    let (server, result) = Server::start(Value::Null);
    let caps = &result["capabilities"];
    assert_eq!(result["serverInfo"]["name"], "archc");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["documentSymbolProvider"], true);
    assert_eq!(caps["documentFormattingProvider"], true);
    assert_eq!(caps["definitionProvider"], true);
    assert_eq!(caps["referencesProvider"], true);
    assert_eq!(caps["renameProvider"], true);
    assert_eq!(caps["codeActionProvider"], true);
    assert!(caps["completionProvider"]["triggerCharacters"]
        .as_array()
        .unwrap()
        .contains(&json!(">")));
    server.stop();
}

#[test]
fn syntax_errors_are_diagnostics_with_their_place_and_hint() {
    let (mut server, _) = Server::start(Value::Null);
    let d = server.open(URI, "client user\nhost h {\n  web_server w \"Nginx\n}\n");
    let error = with_code(&d, "E0102");
    assert_eq!(error["severity"], 1);
    assert_eq!(error["source"], "archc");
    assert_eq!(error["range"]["start"]["line"], 2, "{error:#}");
    assert_eq!(error["range"]["start"]["character"], 15, "{error:#}");
    assert!(
        error["message"].as_str().unwrap().contains("help:"),
        "{error:#}"
    );
    assert_eq!(d["version"], 1);
    server.stop();
}

#[test]
fn semantic_errors_suggest_and_an_incremental_edit_fixes_them() {
    let (mut server, _) = Server::start(Value::Null);
    let text = TINY.replace("web_server nginx", "web_servr nginx");
    let d = server.open(URI, &text);
    let error = with_code(&d, "E0201");
    // `  web_servr` on line 4 (0-based): the kind starts at column 2.
    assert_eq!(error["range"], range(4, 2, 4, 11), "{error:#}");
    assert!(
        error["message"].as_str().unwrap().contains("web_server"),
        "{error:#}"
    );

    // The editor replaces `servr` with `server` (columns 6 to 11 of line 4).
    server.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": URI, "version": 2 },
            "contentChanges": [{ "range": range(4, 6, 4, 11), "text": "server" }],
        }),
    );
    let d = server.diagnostics(URI);
    assert_eq!(d["version"], 2);
    assert!(!codes(&d).contains(&"E0201".to_string()), "{d:#}");
    assert!(
        codes(&d).contains(&"single-point-of-failure".to_string()),
        "{d:#}"
    );
    server.stop();
}

#[test]
fn review_findings_carry_rule_severity_and_a_link() {
    let (mut server, _) = Server::start(Value::Null);
    let d = server.open(URI, TINY);
    // The README's review of docs/tiny.arch, rule by rule.
    for rule in [
        "single-point-of-failure",
        "database-exposed",
        "no-firewall",
        "no-monitoring",
    ] {
        assert!(
            codes(&d).contains(&rule.to_string()),
            "{rule} missing from {d:#}"
        );
    }
    let spof = with_code(&d, "single-point-of-failure");
    assert_eq!(spof["severity"], 1, "critical is an error");
    assert_eq!(spof["source"], "archc review");
    let message = spof["message"].as_str().unwrap();
    assert!(
        message.starts_with("single-point-of-failure (critical): "),
        "{message}"
    );
    assert!(message.contains("server"), "{message}");
    assert_eq!(
        spof["codeDescription"]["href"],
        format!("{}#single-point-of-failure", archc::lsp::check::RULES_URL)
    );
    // On the identifier of the host: `host server "Server" {` is line 3.
    assert_eq!(spof["range"], range(3, 5, 3, 11), "{spof:#}");
    let monitoring = with_code(&d, "no-monitoring");
    assert_eq!(monitoring["severity"], 2, "medium is a warning");
    server.stop();
}

#[test]
fn the_rules_link_follows_the_clients_option() {
    let (mut server, _) = Server::start(json!({ "rulesUrl": "https://guide.example/rules.html" }));
    let d = server.open(URI, TINY);
    assert_eq!(
        with_code(&d, "no-firewall")["codeDescription"]["href"],
        "https://guide.example/rules.html#no-firewall"
    );
    server.stop();
}

#[test]
fn edits_are_debounced_into_one_publication() {
    let (mut server, _) = Server::start(Value::Null);
    server.open(URI, "client user\n");
    // Three keystrokes in a row: `w`, `e`, `b` at the end of the file.
    let burst: Vec<Value> = [(0u32, "w"), (1, "e"), (2, "b")]
        .into_iter()
        .enumerate()
        .map(|(version, (column, letter))| {
            json!({
                "jsonrpc": "2.0",
                "method": "textDocument/didChange",
                "params": {
                    "textDocument": { "uri": URI, "version": version + 2 },
                    "contentChanges": [{ "range": range(1, column, 1, column), "text": letter }],
                },
            })
        })
        .collect();
    server.send_all(&burst);
    let d = server.diagnostics(URI);
    assert_eq!(
        d["version"], 4,
        "one publication, for the last version: {d:#}"
    );
    // `web` alone on a line is a statement that does not parse.
    assert!(codes(&d).iter().any(|c| c.starts_with("E01")), "{d:#}");
    server.stop();
}

#[test]
fn document_symbols_are_the_outline_of_containers_and_components() {
    let (mut server, _) = Server::start(Value::Null);
    let text = "client user \"Browser\"\nzone private \"Private\" {\n  cluster webs {\n    host web-1 { web_server w1 \"Nginx\" }\n    host web-2 { web_server w2 }\n  }\n}\nuser -> webs : https\n";
    server.open(URI, text);
    let symbols = server
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": URI } }),
        )
        .unwrap();
    let names = |s: &Value| -> Vec<String> {
        s.as_array()
            .unwrap()
            .iter()
            .map(|x| x["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names(&symbols), ["user", "private"]);
    assert_eq!(symbols[0]["detail"], "client \"Browser\"");
    assert_eq!(symbols[0]["kind"], 19, "a component is an object");
    let zone = &symbols[1];
    assert_eq!(zone["kind"], 3, "a zone is a namespace");
    assert_eq!(zone["range"], range(1, 0, 6, 1));
    assert_eq!(zone["selectionRange"], range(1, 5, 1, 12));
    let cluster = &zone["children"][0];
    assert_eq!(
        (cluster["name"].as_str(), cluster["kind"].as_i64()),
        (Some("webs"), Some(23))
    );
    assert_eq!(names(&cluster["children"]), ["web-1", "web-2"]);
    assert_eq!(cluster["children"][0]["kind"], 2, "a host is a module");
    assert_eq!(names(&cluster["children"][0]["children"]), ["w1"]);
    server.stop();
}

#[test]
fn formatting_gives_what_archc_fmt_gives() {
    let (mut server, _) = Server::start(Value::Null);
    let text = "client user\nhost h{web_server w \"Nginx\";database db}\nuser->w:https # in\nw->db:mysql\n";
    server.open(URI, text);
    let edits = server
        .request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 2, "insertSpaces": true } }),
        )
        .unwrap();
    assert_eq!(edits.as_array().unwrap().len(), 1, "{edits:#}");
    assert_eq!(edits[0]["range"], range(0, 0, 4, 0));
    assert_eq!(edits[0]["newText"], archc::format::format(text).unwrap());

    // Formatted text needs no edit; text that does not parse gets none either.
    let formatted = archc::format::format(text).unwrap();
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [{ "text": formatted }] }),
    );
    let params = json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 2, "insertSpaces": true } });
    assert_eq!(
        server.request("textDocument/formatting", params.clone()),
        Ok(json!([]))
    );
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 3 }, "contentChanges": [{ "text": "host h {\n" }] }),
    );
    assert_eq!(
        server.request("textDocument/formatting", params),
        Ok(Value::Null)
    );
    server.stop();
}

#[test]
fn hover_explains_kinds_rules_and_elements() {
    let (mut server, _) = Server::start(Value::Null);
    let text = "client user\nload_balancer lb \"HAProxy *1*\" { why = \"Spreads [load](http://x)\" }\nuser -> lb : https\nallow no-monitoring on lb \"watched\"\n";
    server.open(URI, text);
    let hover = |server: &mut Server, line: u32, character: u32| {
        server
            .request(
                "textDocument/hover",
                json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } }),
            )
            .unwrap()
    };
    let kind = hover(&mut server, 1, 3);
    let value = kind["contents"]["value"].as_str().unwrap();
    assert_eq!(kind["contents"]["kind"], "markdown");
    assert!(
        value.starts_with("**Load balancer** (`load_balancer`)"),
        "{value}"
    );
    let what = archc::knowledge::component(archc::model::ComponentKind::LoadBalancer).what;
    assert!(value.contains(what), "{value}");
    assert_eq!(kind["range"], range(1, 0, 1, 13));

    // A link's endpoint: the element, its label and its `why`, with Markdown escaped.
    let element = hover(&mut server, 2, 9);
    let value = element["contents"]["value"].as_str().unwrap();
    assert!(
        value.starts_with("load_balancer `lb` \"HAProxy \\*1\\*\""),
        "{value}"
    );
    assert!(
        value.contains("Spreads \\[load\\]\\(http\\:\\/\\/x\\)"),
        "{value}"
    );

    let rule = hover(&mut server, 3, 8);
    let value = rule["contents"]["value"].as_str().unwrap();
    let help = archc::analysis::rules::rule("no-monitoring").unwrap();
    assert!(
        value.contains(help.summary) && value.contains(help.fix),
        "{value}"
    );

    // Nothing to say on blank space or an arrow.
    assert_eq!(hover(&mut server, 2, 5), Value::Null);
    server.stop();
}

#[test]
fn positions_are_utf16_code_units() {
    let (mut server, _) = Server::start(Value::Null);
    // The emoji is 4 bytes and 2 UTF-16 units: the unknown kind starts at unit 6 of line 1.
    let d = server.open(URI, "client u \"😀\"\n\"😀\" web_servr w\n");
    let error = &d["diagnostics"][0];
    assert_eq!(
        error["range"]["start"],
        json!({ "line": 1, "character": 0 }),
        "{error:#}"
    );
    let d = server.open("file:///designs/b.arch", "client u \"😀\"; web_servr w\n");
    let error = with_code(&d, "E0201");
    assert_eq!(error["range"], range(0, 15, 0, 24), "{error:#}");
    server.stop();
}

#[test]
fn bad_requests_get_errors_and_the_server_carries_on() {
    let (mut server, _) = Server::start(Value::Null);
    let error = server
        .request("textDocument/hover", json!({ "textDocument": 3 }))
        .unwrap_err();
    assert_eq!(error["code"], -32602, "invalid params: {error:#}");
    let error = server
        .request("textDocument/rename", json!({}))
        .unwrap_err();
    assert_eq!(error["code"], -32602, "invalid params: {error:#}");
    let error = server
        .request("textDocument/inlayHint", json!({}))
        .unwrap_err();
    assert_eq!(error["code"], -32601, "method not found: {error:#}");
    // Unknown documents and positions far outside the text are answered, not crashed on.
    let none = server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": "file:///nowhere.arch" }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(none, Ok(Value::Null));
    server.open(URI, TINY);
    server.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": URI, "version": 2 },
            "contentChanges": [{ "range": range(900, 900, 2, 0), "text": "# end\n" }],
        }),
    );
    let d = server.diagnostics(URI);
    assert_eq!(d["version"], 2);
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": URI } }),
    );
    let d = server.diagnostics(URI);
    assert_eq!(
        d["diagnostics"],
        json!([]),
        "closing clears the diagnostics"
    );
    server.stop();
}

/// The labels of a completion at `(line, character)`.
fn completion_labels(server: &mut Server, line: u32, character: u32) -> Vec<String> {
    let result = server
        .request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } }),
        )
        .unwrap();
    result
        .as_array()
        .expect("a list of items")
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn completion_offers_what_fits_the_cursor() {
    let (mut server, _) = Server::start(Value::Null);
    let text = "client user\nflow buy { access = read }\nhost h1 {\n  web_server web {\n    \n  }\n}\ndatabase db {\n  role = \n}\nuser -> web |  : https {\n  flows = []\n}\nallow \nallow no-monitoring on  \"r\"\n";
    server.open(URI, text);
    // A web server's body: its keys, not a database's.
    let keys = completion_labels(&mut server, 4, 4);
    assert!(
        keys.contains(&"tls".into()) && keys.contains(&"why".into()),
        "{keys:?}"
    );
    assert!(!keys.contains(&"role".into()), "{keys:?}");
    // A host's body also takes kinds.
    let in_host = completion_labels(&mut server, 3, 2);
    assert!(
        in_host.contains(&"database".into()) && in_host.contains(&"instances".into()),
        "{in_host:?}"
    );
    // The values of `role`.
    assert_eq!(
        completion_labels(&mut server, 8, 9),
        ["primary", "replica", "standalone"]
    );
    // After `|` in a link: the elements, containers included, flows not.
    assert_eq!(
        completion_labels(&mut server, 10, 14),
        ["user", "h1", "web", "db"]
    );
    // `flows = [`: the declared flows and the built-in ones.
    assert_eq!(
        completion_labels(&mut server, 11, 11),
        ["buy", "reads", "writes"]
    );
    // Rule names after `allow`, elements after `on`.
    let rules = completion_labels(&mut server, 13, 6);
    assert!(
        rules.contains(&"no-monitoring".into())
            && rules.contains(&"single-point-of-failure".into()),
        "{rules:?}"
    );
    assert_eq!(
        completion_labels(&mut server, 14, 23),
        ["user", "h1", "web", "db"]
    );
    // The top level: kinds and statements.
    let top = completion_labels(&mut server, 15, 0);
    assert!(
        top.contains(&"load_balancer".into()) && top.contains(&"allow".into()),
        "{top:?}"
    );
    server.stop();
}

#[test]
fn definition_references_and_rename_follow_names() {
    let (mut server, _) = Server::start(Value::Null);
    let text = "client user\nweb_server web\nuser -> web : https\nallow no-monitoring on web \"watched\"\n";
    server.open(URI, text);
    let at = |line: u32, character: u32| json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } });
    let definition = server.request("textDocument/definition", at(2, 9)).unwrap();
    assert_eq!(definition["uri"], URI);
    assert_eq!(definition["range"], range(1, 11, 1, 14));

    let mut params = at(1, 12);
    params["context"] = json!({ "includeDeclaration": true });
    let refs = server
        .request("textDocument/references", params.clone())
        .unwrap();
    let ranges: Vec<&Value> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| &l["range"])
        .collect();
    assert_eq!(
        ranges,
        [
            &range(1, 11, 1, 14),
            &range(2, 8, 2, 11),
            &range(3, 23, 3, 26)
        ]
    );
    params["context"] = json!({ "includeDeclaration": false });
    let refs = server.request("textDocument/references", params).unwrap();
    assert_eq!(refs.as_array().unwrap().len(), 2);

    let mut rename = at(3, 24);
    rename["newName"] = json!("front");
    let edit = server
        .request("textDocument/rename", rename.clone())
        .unwrap();
    let edits = edit["changes"][URI].as_array().unwrap();
    assert_eq!(edits.len(), 3);
    assert!(edits.iter().all(|e| e["newText"] == "front"));
    // Applying the edits gives a design that compiles with the new name.
    let mut renamed = text.to_string();
    let mut spans: Vec<(usize, usize)> = edits
        .iter()
        .map(|e| {
            let line = e["range"]["start"]["line"].as_u64().unwrap() as usize;
            let start = e["range"]["start"]["character"].as_u64().unwrap() as usize;
            let end = e["range"]["end"]["character"].as_u64().unwrap() as usize;
            let base: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
            (base + start, base + end)
        })
        .collect();
    spans.sort();
    for (start, end) in spans.into_iter().rev() {
        renamed.replace_range(start..end, "front");
    }
    let compiled = archc::compile(&renamed, "tiny").unwrap();
    assert!(compiled.model.find("front").is_some() && compiled.model.find("web").is_none());

    rename["newName"] = json!("not a name");
    let error = server.request("textDocument/rename", rename).unwrap_err();
    assert_eq!(error["code"], -32602);
    server.stop();
}

#[test]
fn code_actions_fix_names_accept_findings_and_close_braces() {
    let (mut server, _) = Server::start(Value::Null);
    let text = "client user\nweb_server web\nuser -> wbe : https\n";
    let published = server.open(URI, text);
    let diagnostics = published["diagnostics"].clone();
    // The proposed name travels as data, so that the fix does not depend on the message's words.
    assert_eq!(diagnostics[0]["data"]["suggestion"], "web", "{diagnostics}");
    let mut reworded = diagnostics.clone();
    reworded[0]["message"] = json!("unknown element");
    let actions = server
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI }, "range": range(2, 8, 2, 11), "context": { "diagnostics": reworded } }),
        )
        .unwrap();
    assert_eq!(actions[0]["title"], "Replace with `web`");
    let actions = server
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI }, "range": range(2, 8, 2, 11), "context": { "diagnostics": diagnostics } }),
        )
        .unwrap();
    let fix = &actions[0];
    assert_eq!(fix["title"], "Replace with `web`");
    assert_eq!(fix["edit"]["changes"][URI][0]["range"], range(2, 8, 2, 11));
    assert_eq!(fix["edit"]["changes"][URI][0]["newText"], "web");

    // A finding: accept it with `allow`, appended to the file.
    let text = "client user\nweb_server web\nuser -> web : http\n";
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [{ "text": text }] }),
    );
    let diagnostics = server.diagnostics(URI)["diagnostics"].clone();
    let finding = diagnostics
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["source"] == "archc review" && d["range"]["start"]["line"] == 1)
        .expect("a finding on `web`")
        .clone();
    let rule = finding["code"].as_str().unwrap().to_string();
    let actions = server
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI }, "range": finding["range"], "context": { "diagnostics": [finding] } }),
        )
        .unwrap();
    let allow = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Accept"))
        .expect("an allow action");
    let edit = &allow["edit"]["changes"][URI][0];
    assert_eq!(edit["range"], range(3, 0, 3, 0));
    assert_eq!(edit["newText"], format!("allow {rule} on web \"…\"\n"));
    let accepted = format!("{text}allow {rule} on web \"on purpose\"\n");
    let review = archc::analysis::review(&archc::compile(&accepted, "tiny").unwrap().model);
    assert!(review
        .findings
        .iter()
        .all(|f| f.rule != rule || f.elements.is_empty()));

    // An unclosed body: the missing braces.
    let text = "host h {\n  web_server web {\n    why = \"a } in text\"\n";
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 3 }, "contentChanges": [{ "text": text }] }),
    );
    let diagnostics = server.diagnostics(URI)["diagnostics"].clone();
    let actions = server
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI }, "range": range(0, 0, 0, 0), "context": { "diagnostics": diagnostics } }),
        )
        .unwrap();
    let close = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Add the 2 missing `}`")
        .expect("a closing action");
    let new_text = close["edit"]["changes"][URI][0]["newText"]
        .as_str()
        .unwrap();
    assert_eq!(new_text, "}\n}\n");
    assert!(archc::compile(&format!("{text}{new_text}"), "tiny").is_ok());
    server.stop();
}

#[test]
fn hover_explains_keys_values_hosts_and_findings() {
    let (mut server, _) = Server::start(Value::Null);
    let text =
        "client user\nhost h1 {\n  web_server web { tls = terminate }\n}\nuser -> web : http\n";
    server.open(URI, text);
    let hover = |server: &mut Server, line: u32, character: u32| {
        server
            .request(
                "textDocument/hover",
                json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } }),
            )
            .unwrap()["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    let key = hover(&mut server, 2, 20);
    assert!(
        key.starts_with("**`tls`**, an attribute of `web_server`"),
        "{key}"
    );
    assert!(key.contains("`terminate`"), "{key}");
    let value = hover(&mut server, 2, 27);
    assert!(value.starts_with("**`terminate`** (tls)"), "{value}");
    let element = hover(&mut server, 4, 9);
    assert!(
        element.starts_with("web_server `web` on host `h1`"),
        "{element}"
    );
    assert!(element.contains("Findings:"), "{element}");
    server.stop();
}
