//! The protocols that links name (the language reference, "Links").

/// The explanation of a protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProtocolInfo {
    /// The word as written on links: `https`.
    pub name: &'static str,
    /// How it is written in prose: `HTTPS`.
    pub display: &'static str,
    /// What it is and what it carries, in a sentence or two.
    pub what: &'static str,
    /// Its usual port, if it has one.
    pub port: Option<u32>,
}

const fn p(
    name: &'static str,
    display: &'static str,
    port: Option<u32>,
    what: &'static str,
) -> ProtocolInfo {
    ProtocolInfo {
        name,
        display,
        what,
        port,
    }
}

const PROTOCOLS: [ProtocolInfo; 14] = [
    p(
        "http",
        "HTTP",
        Some(80),
        "HTTP is the request and response language of the web: the browser sends a request \
         line (`GET /index.html`) with headers, and the server answers with a status code, \
         headers and the page. It travels over TCP/IP: IP carries packets from one address \
         to another across the networks between the user's computer and the server, and TCP \
         turns them into a reliable, ordered connection to a port (80 for HTTP). Plain HTTP \
         is not encrypted: anyone on the path can read and change it.",
    ),
    p(
        "https",
        "HTTPS",
        Some(443),
        "HTTPS is HTTP inside a TLS session, over TCP/IP on port 443. Before any request is \
         sent, the server presents its certificate, which proves that it really is the site \
         named in the address bar, and the two sides agree on keys; from then on everything \
         is encrypted and protected against tampering, so passwords, cookies and pages cannot \
         be read or changed on the way.",
    ),
    p(
        "tcp",
        "TCP",
        None,
        "TCP gives two programs a reliable, ordered byte stream over IP; whatever protocol \
         runs on top of it is not interpreted on the way.",
    ),
    p(
        "tls",
        "TLS",
        None,
        "TLS encrypts and authenticates a TCP connection with certificates; any protocol can \
         run inside it.",
    ),
    p(
        "dns",
        "DNS",
        Some(53),
        "DNS queries ask a name server for the records of a name, usually over UDP port 53 \
         (TCP for large answers).",
    ),
    p(
        "mysql",
        "the MySQL protocol",
        Some(3306),
        "The MySQL client/server protocol carries SQL queries and their results over TCP, on \
         port 3306 by default; it is not encrypted unless TLS is required on the connection.",
    ),
    p(
        "postgres",
        "the PostgreSQL protocol",
        Some(5432),
        "The PostgreSQL frontend/backend protocol carries SQL queries and their results over \
         TCP, on port 5432 by default; it is not encrypted unless TLS is required.",
    ),
    p(
        "redis",
        "the Redis protocol",
        Some(6379),
        "RESP, the Redis protocol, carries commands and replies over TCP, on port 6379 by \
         default, without encryption unless TLS is configured.",
    ),
    p(
        "amqp",
        "AMQP",
        Some(5672),
        "AMQP carries messages between producers, brokers such as RabbitMQ and consumers, \
         over TCP port 5672 (5671 with TLS).",
    ),
    p(
        "grpc",
        "gRPC",
        None,
        "gRPC carries remote procedure calls as Protocol Buffers messages over HTTP/2; \
         without TLS it is not encrypted.",
    ),
    p(
        "grpcs",
        "gRPC over TLS",
        None,
        "gRPC over TLS carries remote procedure calls over HTTP/2 inside an encrypted TLS \
         connection.",
    ),
    p(
        "ssh",
        "SSH",
        Some(22),
        "SSH opens an encrypted, authenticated session to a server, for administration and \
         file transfers, on port 22.",
    ),
    p(
        "replication",
        "replication",
        None,
        "Replication streams a primary database's log of changes to a replica, which applies \
         them in order to stay a copy. In MySQL the replica connects to the primary over the \
         MySQL protocol (port 3306) and pulls the binary log; it is not encrypted unless the \
         replication channel requires TLS.",
    ),
    p(
        "udp",
        "UDP",
        None,
        "UDP sends independent datagrams over IP, without connection, order or delivery \
         guarantees.",
    ),
];

/// Every protocol archc explains, in the order of the language reference: what the language
/// server offers after the `:` of a link.
pub fn protocols() -> &'static [ProtocolInfo] {
    &PROTOCOLS
}

/// The explanation of a protocol word (case-insensitive), when archc knows it.
pub fn protocol(word: &str) -> Option<&'static ProtocolInfo> {
    PROTOCOLS.iter().find(|p| p.name.eq_ignore_ascii_case(word))
}

/// The usual port of a protocol word, when it has one.
pub fn default_port(word: &str) -> Option<u32> {
    protocol(word).and_then(|p| p.port)
}

/// The transport and port a protocol word uses by default, for checking firewalls:
/// `("tcp", 443)` for `https`, `("udp", 53)` for `dns`. Covers the protocols of the table
/// above that have a port, and `memcached` (11211), `kafka` (9092), `amqps` (5671), `smtp`
/// (25), `ldap` (389), `nfs` (2049) and `postgresql` (5432).
pub fn transport_port(word: &str) -> Option<(&'static str, u32)> {
    let w = word.to_ascii_lowercase();
    let extra = match w.as_str() {
        "memcached" => Some(11211),
        "kafka" => Some(9092),
        "amqps" => Some(5671),
        "smtp" => Some(25),
        "ldap" => Some(389),
        "nfs" => Some(2049),
        "postgresql" => Some(5432),
        _ => None,
    };
    let port = extra.or_else(|| default_port(&w))?;
    Some((if w == "dns" { "udp" } else { "tcp" }, port))
}
