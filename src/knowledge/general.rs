//! General sentences of the write-up that belong to no kind or value: what a domain name is
//! for, why a site is served over HTTPS, how a monitoring agent collects data, and how to
//! watch a web server's requests per second. The write-up's Background appendix prints them;
//! its body links to them.
//!
//! Sources: RFC 1034, sections 2–3 (the domain name space and delegation); RFC 8446 (TLS 1.3),
//! section 1 (the properties TLS gives); the Nginx documentation of
//! `ngx_http_stub_status_module` (the `requests` counter) and Apache's `mod_status`.

/// What a domain name is for: a paragraph.
pub const DOMAIN_NAME: &str = "A domain name is a site's stable, human-readable identity: \
people type it and links point at it, while the machines and addresses behind it may change. \
Its owner registers it with a registrar and publishes its records on name servers; names \
inside it, such as `www`, are subdomains that can each point somewhere else.";

/// Why a site is served over HTTPS, and what a certificate is: a paragraph.
pub const HTTPS_WHY: &str = "Serving a site over HTTPS encrypts everything between the \
browser and the site and proves to the browser, through the certificate, that it talks to the \
site whose name it asked for and not to an impostor: without it, passwords, cookies and pages \
can be read and changed by anyone on the path, and browsers mark the site \"not secure\". A \
certificate is issued by a certificate authority for a name; the element that holds it and its \
private key is where TLS ends.";

/// How a monitoring agent collects data on its server: a paragraph.
pub const AGENT_COLLECTION: &str = "A monitoring client (agent) runs on its server as a \
background service. It reads the operating system's counters (CPU, memory, disk, network) at \
a fixed interval, queries the status pages or statistics that the programs on the server \
expose, and follows (tails) the log files it is told to watch, such as the web server's access \
and error logs and the database's error and slow-query logs. It buffers what it gathers and \
sends it in batches to the monitoring service, so a short network outage loses nothing.";

/// How to watch the requests per second that a web server answers: a paragraph.
pub const QUERIES_PER_SECOND: &str = "To watch how many requests per second each web server \
answers: enable the web server's status counter (Nginx's `stub_status`, Apache's \
`mod_status`) on an address that only the server itself can reach; it reports the total \
number of requests handled since start. The monitoring client reads it every few seconds, and \
the rate is the difference between two readings divided by the interval between them. Counting \
the lines that the access log gains each second gives the same figure, split by status code. \
Graph it for each server and for the whole site, and set alerts when it drops to zero or \
climbs past what the servers can take.";
