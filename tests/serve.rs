//! `archc serve`'s defences, over raw HTTP: a foreign `Origin`, a foreign `Host` (DNS
//! rebinding), a path outside the served file, another method, and a write without an origin
//! are refused; the page, the state, a preview and a save from the page's own origin are not.

use std::io::{Read, Write};
use std::net::TcpStream;

/// Sends one raw HTTP/1.1 request and returns the status code and the body.
fn send(addr: std::net::SocketAddr, request: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let body = response
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

fn get(addr: std::net::SocketAddr, path: &str, host: &str, origin: Option<&str>) -> (u16, String) {
    let origin = origin.map_or(String::new(), |o| format!("Origin: {o}\r\n"));
    send(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{origin}Connection: close\r\n\r\n"),
    )
}

fn put(addr: std::net::SocketAddr, path: &str, origin: Option<&str>, body: &str) -> (u16, String) {
    let origin = origin.map_or(String::new(), |o| format!("Origin: {o}\r\n"));
    send(
        addr,
        &format!(
            "PUT {path} HTTP/1.1\r\nHost: {}\r\n{origin}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            addr,
            body.len()
        ),
    )
}

#[test]
fn foreign_origins_hosts_and_paths_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("shop.arch");
    let original = "client user\nweb_server web\nuser -> web : https\n";
    std::fs::write(&file, original).unwrap();
    std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
    let running = archc::serve::start(&file, 0).unwrap();
    let addr = running.addr;
    assert!(addr.ip().is_loopback());
    let host = addr.to_string();
    let own = format!("http://{addr}");

    let (status, page) = get(addr, "/", &host, None);
    assert_eq!(status, 200);
    assert!(page.contains("<textarea id=\"editor\""));
    let (status, state) = get(
        addr,
        "/state?since=0",
        &format!("localhost:{}", addr.port()),
        Some(&own),
    );
    assert_eq!(status, 200);
    assert!(
        state.contains("\"ok\":true") && state.contains("<svg"),
        "{state}"
    );

    // A page of another site, and a rebound DNS name that points at 127.0.0.1.
    assert_eq!(
        get(addr, "/state", &host, Some("http://evil.example")).0,
        403
    );
    assert_eq!(
        get(addr, "/", &format!("evil.example:{}", addr.port()), None).0,
        403
    );
    assert_eq!(get(addr, "/", "", None).0, 403);
    // Paths outside the file.
    for path in [
        "/secret.txt",
        "/../secret.txt",
        "/file",
        "/%2e%2e/secret.txt",
        "/shop.arch",
    ] {
        let (status, body) = get(addr, path, &host, None);
        assert!(status == 404 || status == 405, "{path}: {status}");
        assert!(
            !body.contains("secret") || body.contains("serves one file"),
            "{path}: {body}"
        );
    }
    assert_eq!(put(addr, "/secret.txt", Some(&own), "x").0, 404);
    // Other methods, and writes without the page's origin or from another.
    assert_eq!(send(addr, &format!("DELETE /file HTTP/1.1\r\nHost: {host}\r\nOrigin: {own}\r\nConnection: close\r\n\r\n")).0, 405);
    assert_eq!(put(addr, "/file", None, "client x\n").0, 403);
    assert_eq!(
        put(addr, "/file", Some("http://evil.example"), "client x\n").0,
        403
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("secret.txt")).unwrap(),
        "secret"
    );

    // The page's own save is written, and the state follows it.
    let saved = "client user\nweb_server web\ndatabase db\nuser -> web : https\nweb -> db : tcp\n";
    assert_eq!(put(addr, "/file", Some(&own), saved).0, 200);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), saved);
    let (_, state) = get(addr, "/state?since=1", &host, Some(&own));
    assert!(
        state.contains("\"version\":2") && state.contains("data-id=\\\"db\\\""),
        "{state}"
    );
    running.stop();
}
