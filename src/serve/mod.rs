//! `archc serve FILE`: a live preview of one design in the browser.
//!
//! A local HTTP server ([`tiny_http`]) on 127.0.0.1 only serves one self-contained page
//! ([`PAGE`]: a textarea editor, the diagram, the review and the write-up, its script and style
//! inline) and answers, for that page:
//!
//! | request | answer |
//! |---|---|
//! | `GET /` | the page |
//! | `GET /state?since=N` | the design as saved, as JSON ([`Rendered`]), once its version exceeds `N` (long polling, at most [`POLL`]) |
//! | `POST /preview` | the text in the body rendered, as JSON (no diagram when it is invalid: the page keeps its last good one); nothing is stored or written |
//! | `PUT /file` | the body saved to the served file, atomically ([`crate::shell::io::write_atomic`]) |
//!
//! Everything else is refused: another path (404), another method (405), a request whose
//! `Host` is not `127.0.0.1:PORT` or `localhost:PORT`, or whose `Origin` (required for `POST`
//! and `PUT`) is not `http://` one of those (403: the defence against DNS rebinding and
//! cross-site requests), and a body over [`MAX_INPUT_BYTES`] (413). A save from any editor is
//! seen by a file watcher ([`crate::shell::watch`], debounced [`WATCH_DEBOUNCE`]) and pushed to
//! the waiting page at once.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use tiny_http::{Header, Method, Request, Response, Server};

use crate::design::Design;
use crate::diagnostic::{self, Diagnostic};
use crate::lsp::text::LineIndex;
use crate::render::Theme;
use crate::syntax::limits::MAX_INPUT_BYTES;

/// The page, with its script and style inline; it fetches nothing but this server's own
/// `/state`, `/preview` and `/file`.
pub const PAGE: &str = include_str!("page.html");

/// The longest a `GET /state` waits for a change before it answers with the current state.
pub const POLL: Duration = Duration::from_secs(20);

/// How long the watcher waits after a save before it reloads the file (milliseconds: 20).
pub const WATCH_DEBOUNCE: Duration = Duration::from_millis(20);

/// One rendering of a design's text, as the page receives it.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Rendered {
    /// Increases with every change of the saved file (0 for a preview).
    pub version: u64,
    /// The file's name, as diagnostics show it.
    pub name: String,
    /// The text rendered.
    pub text: String,
    /// Whether it compiled.
    pub ok: bool,
    /// The diagram (SVG, findings marked), or the last good one when the text is invalid
    /// (`None` when it never compiled).
    pub svg: Option<String>,
    /// The errors and warnings, each rendered with its line, column, snippet and hint.
    pub diagnostics: Vec<DiagnosticView>,
    /// The review's findings.
    pub findings: Vec<FindingView>,
    /// The write-up as inert HTML ([`crate::render::book::markdown_to_html`]); empty when
    /// the text is invalid.
    pub writeup: String,
}

/// A finding, for the page's review list.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct FindingView {
    /// `critical` … `info`.
    pub severity: &'static str,
    /// The rule's name.
    pub rule: &'static str,
    /// The finding's sentence.
    pub message: String,
    /// The identifiers of the elements it is about (the diagram's `data-id`s).
    pub elements: Vec<String>,
    /// Where the design states what the finding is about, for the page's editor.
    pub at: Option<At>,
}

/// An error or warning, for the page's diagnostics pane.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct DiagnosticView {
    /// The diagnostic as the command line prints it (plain text, no colours).
    pub text: String,
    /// Its primary location, for the page's editor (`None` for a file that cannot be read).
    pub at: Option<At>,
}

/// A place in the text, as the page's editor (a `textarea`) counts: zero-based line, and
/// UTF-16 code units from the start of the line.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub struct At {
    /// The line, from 0.
    pub line: u32,
    /// The UTF-16 code unit in the line, from 0.
    pub character: u32,
}

impl At {
    fn of(index: &LineIndex, text: &str, span: Option<diagnostic::Span>) -> Option<At> {
        let p = index.position(text, span?.start);
        Some(At {
            line: p.line,
            character: p.character,
        })
    }
}

fn diagnostic_view(d: &Diagnostic, name: &str, text: &str, index: &LineIndex) -> DiagnosticView {
    DiagnosticView {
        text: diagnostic::render(d, name, text, false),
        at: At::of(index, text, d.primary()),
    }
}

/// Renders `text` (named `name` in diagnostics); `last_svg` is kept when it does not compile.
pub fn render(name: &str, text: &str, last_svg: Option<&str>) -> Rendered {
    let index = LineIndex::new(text);
    match Design::from_text(name, text) {
        Ok(design) => {
            let model = design.model();
            let findings = design
                .review
                .findings
                .iter()
                .map(|f| FindingView {
                    severity: f.severity.as_str(),
                    rule: f.rule,
                    message: f.message.clone(),
                    elements: f
                        .elements
                        .iter()
                        .map(|&e| model.element(e).id.clone())
                        .collect(),
                    at: At::of(&index, text, Some(f.span)),
                })
                .collect();
            Rendered {
                version: 0,
                name: name.to_string(),
                text: text.to_string(),
                ok: true,
                svg: Some(design.svg(Theme::Light, true)),
                diagnostics: design
                    .warnings()
                    .map(|d| diagnostic_view(d, name, text, &index))
                    .collect(),
                findings,
                writeup: crate::render::book::markdown_to_html(&design.markdown(None, None)),
            }
        }
        Err(rejected) => Rendered {
            version: 0,
            name: name.to_string(),
            text: text.to_string(),
            ok: false,
            svg: last_svg.map(str::to_string),
            diagnostics: rejected
                .1
                .iter()
                .map(|d| diagnostic_view(d, name, text, &index))
                .collect(),
            findings: Vec::new(),
            writeup: String::new(),
        },
    }
}

/// The saved design's latest rendering, and a signal for the pages waiting on it.
struct Shared {
    state: Mutex<Rendered>,
    changed: Condvar,
    path: PathBuf,
    name: String,
    /// The addresses a request's `Host` may name.
    hosts: [String; 2],
    /// The origins a request's `Origin` may name.
    origins: [String; 2],
}

impl Shared {
    /// Re-renders `text` as the saved design, unless it is what is shown already.
    fn update(&self, text: String) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        if state.version > 0 && state.text == text {
            return;
        }
        let mut next = render(&self.name, &text, state.svg.as_deref());
        next.version = state.version + 1;
        *state = next;
        self.changed.notify_all();
    }

    /// Reads the served file again (a file that cannot be read shows its diagnostic).
    fn reload(&self) {
        match crate::shell::io::load(&self.path) {
            Ok(source) => self.update(source.text),
            Err(e) => {
                let Ok(mut state) = self.state.lock() else {
                    return;
                };
                state.ok = false;
                state.diagnostics = vec![DiagnosticView {
                    text: diagnostic::render(&e.diagnostic, &e.name, &e.text, false),
                    at: None,
                }];
                state.version += 1;
                self.changed.notify_all();
            }
        }
    }
}

/// Why the preview could not start.
#[derive(Debug)]
pub enum StartError {
    /// The file cannot be read, is not UTF-8 or is over the input limits.
    Load(Box<crate::shell::io::LoadError>),
    /// The port cannot be bound (code `E0405`).
    Listen(Diagnostic),
}

/// A running preview server.
pub struct Running {
    /// The address it listens on (127.0.0.1 and the port).
    pub addr: SocketAddr,
    server: Arc<Server>,
}

impl Running {
    /// The page's URL, `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Stops accepting requests.
    pub fn stop(&self) {
        self.server.unblock();
    }
}

/// Starts serving `path` on 127.0.0.1, on `port` (0: a free port chosen by the system), with
/// a thread for the server, one per request and one watching the file. Returns at once.
///
/// # Errors
/// [`StartError::Load`] when the file cannot be read, [`StartError::Listen`] when the port
/// cannot be bound. A directory that cannot be watched is reported on standard error, and the
/// preview then follows the page's own saves only.
pub fn start(path: &Path, port: u16) -> Result<Running, StartError> {
    let source = crate::shell::io::load(path).map_err(StartError::Load)?;
    let listen = |e: &dyn std::fmt::Display| {
        StartError::Listen(Diagnostic::new(
            crate::diagnostic::DiagnosticKind::CannotListen {
                port,
                reason: e.to_string(),
            },
        ))
    };
    let server = Server::http((Ipv4Addr::LOCALHOST, port)).map_err(|e| listen(&e))?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| listen(&"not an IP socket"))?;
    let port = addr.port();
    let shared = Arc::new(Shared {
        state: Mutex::new(Rendered::default()),
        changed: Condvar::new(),
        path: path.to_path_buf(),
        name: source.name.clone(),
        hosts: [format!("127.0.0.1:{port}"), format!("localhost:{port}")],
        origins: [
            format!("http://127.0.0.1:{port}"),
            format!("http://localhost:{port}"),
        ],
    });
    shared.update(source.text);
    let server = Arc::new(server);
    {
        let shared = Arc::clone(&shared);
        let paths = vec![path.to_path_buf()];
        std::thread::spawn(move || {
            let result = crate::shell::watch::watch_until(&paths, WATCH_DEBOUNCE, |_| {
                shared.reload();
                std::ops::ControlFlow::Continue(())
            });
            if let Err(e) = result {
                eprintln!("archc serve: saves from other editors are not seen: {e}");
            }
        });
    }
    {
        let server = Arc::clone(&server);
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let shared = Arc::clone(&shared);
                std::thread::spawn(move || handle(&shared, request));
            }
        });
    }
    Ok(Running { addr, server })
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

fn text_response(
    status: u16,
    body: &str,
    content_type: &str,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut response = Response::from_data(body.as_bytes().to_vec()).with_status_code(status);
    for (field, value) in [
        ("Content-Type", content_type),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        (
            "Content-Security-Policy",
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ),
    ] {
        if let Ok(h) = Header::from_bytes(field.as_bytes(), value.as_bytes()) {
            response.add_header(h);
        }
    }
    response
}

fn json_response(value: &Rendered) -> Response<std::io::Cursor<Vec<u8>>> {
    let body = serde_json::to_string(value).unwrap_or_else(|_| "{}".to_string());
    text_response(200, &body, "application/json")
}

/// Why a request is refused, if it is: its status and message.
fn refusal(shared: &Shared, request: &Request) -> Option<(u16, &'static str)> {
    let host = header(request, "Host");
    if !host.is_some_and(|h| shared.hosts.iter().any(|a| a == h)) {
        return Some((403, "refused: the Host is not this server's local address"));
    }
    let origin = header(request, "Origin");
    let writes = !matches!(request.method(), Method::Get | Method::Head);
    match origin {
        Some(o) if !shared.origins.iter().any(|a| a == o) => {
            return Some((403, "refused: the request comes from another origin"))
        }
        None if writes => return Some((403, "refused: a change must come from the preview page")),
        _ => {}
    }
    None
}

fn read_body(request: &mut Request) -> Result<String, (u16, &'static str)> {
    if request.body_length().is_some_and(|n| n > MAX_INPUT_BYTES) {
        return Err((413, "refused: the text is over the input limit"));
    }
    let mut body = Vec::new();
    let read = std::io::Read::read_to_end(
        &mut std::io::Read::take(request.as_reader(), MAX_INPUT_BYTES as u64 + 1),
        &mut body,
    );
    if read.is_err() {
        return Err((400, "the request's body could not be read"));
    }
    if body.len() > MAX_INPUT_BYTES {
        return Err((413, "refused: the text is over the input limit"));
    }
    String::from_utf8(body).map_err(|_| (400, "the text is not UTF-8"))
}

fn handle(shared: &Shared, mut request: Request) {
    if let Some((status, message)) = refusal(shared, &request) {
        let _ = request.respond(text_response(status, message, "text/plain; charset=utf-8"));
        return;
    }
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let response = match (request.method(), path) {
        (Method::Get, "/") => text_response(200, PAGE, "text/html; charset=utf-8"),
        (Method::Get, "/state") => {
            let since: u64 = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("since="))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            let deadline = Instant::now() + POLL;
            let Ok(mut state) = shared.state.lock() else {
                return;
            };
            while state.version <= since {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break;
                }
                match shared.changed.wait_timeout(state, left) {
                    Ok((s, _)) => state = s,
                    Err(_) => return,
                }
            }
            json_response(&state)
        }
        (Method::Post, "/preview") => match read_body(&mut request) {
            // The page keeps its own last good diagram: an invalid preview carries none.
            Ok(text) => json_response(&render(&shared.name, &text, None)),
            Err((status, message)) => text_response(status, message, "text/plain; charset=utf-8"),
        },
        (Method::Put, "/file") => match read_body(&mut request) {
            Ok(text) => match crate::shell::io::write_atomic(&shared.path, text.as_bytes()) {
                Ok(()) => {
                    shared.update(text);
                    text_response(200, "saved", "text/plain; charset=utf-8")
                }
                Err(e) => text_response(
                    500,
                    &format!("cannot write the file: {e}"),
                    "text/plain; charset=utf-8",
                ),
            },
            Err((status, message)) => text_response(status, message, "text/plain; charset=utf-8"),
        },
        (_, "/" | "/state" | "/preview" | "/file") => text_response(
            405,
            "refused: this server answers GET, and PUT /file to save",
            "text/plain; charset=utf-8",
        ),
        _ => text_response(
            404,
            "not found: this server serves one file's preview",
            "text/plain; charset=utf-8",
        ),
    };
    let _ = request.respond(response);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_and_diagnostics_say_where_they_are() {
        // A non-BMP character before the link: the page's textarea counts it as two units.
        let text = "client user \"\u{1F464}\"\nweb_server web\nuser -> web : http\n";
        let r = render("d.arch", text, None);
        assert!(r.ok);
        let https = r.findings.iter().find(|f| f.rule == "no-https").unwrap();
        // The finding is about `web`, declared on the second line after `web_server `.
        assert_eq!(
            https.at,
            Some(At {
                line: 1,
                character: 11
            })
        );
        let broken = render("d.arch", "client u \"\u{1F464}\" {\n", r.svg.as_deref());
        assert!(!broken.ok && broken.svg.is_some());
        let at = broken.diagnostics[0].at.expect("a position");
        assert_eq!(at.line, 0);
        // `client u "👤" {`: the brace follows 13 characters, 14 UTF-16 units (the column
        // the command line prints is 14, counted in characters from 1).
        assert_eq!(at.character, 14, "{}", broken.diagnostics[0].text);
        assert!(broken.diagnostics[0].text.contains("d.arch:1:"));
    }
}
