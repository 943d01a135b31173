//! DNS record types (RFC 1035, RFC 3596 for AAAA, RFC 2782 for SRV, RFC 8659 for CAA) and the
//! parsing of the `records` attribute's entries.

/// The explanation of one DNS record type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordType {
    /// The type as written: `A`.
    pub name: &'static str,
    /// Its long name: `address record`.
    pub long: &'static str,
    /// What it does, in a sentence or two.
    pub what: &'static str,
    /// Whether its value is an address that clients connect to.
    pub is_address: bool,
}

const fn rt(
    name: &'static str,
    long: &'static str,
    what: &'static str,
    is_address: bool,
) -> RecordType {
    RecordType {
        name,
        long,
        what,
        is_address,
    }
}

/// Every record type archc explains, most common first.
pub const RECORD_TYPES: [RecordType; 11] = [
    rt(
        "A",
        "address record",
        "An A record maps a name straight to an IPv4 address: a browser that asks for the \
         name receives the address and connects to it.",
        true,
    ),
    rt(
        "AAAA",
        "IPv6 address record",
        "An AAAA record maps a name to an IPv6 address, as an A record does for IPv4.",
        true,
    ),
    rt(
        "CNAME",
        "canonical name record",
        "A CNAME record makes a name an alias of another name: the resolver follows it and \
         returns the other name's addresses. It is how a subdomain points at a provider's \
         host name (a CDN or a cloud load balancer) whose addresses change.",
        false,
    ),
    rt(
        "ALIAS",
        "alias record",
        "An ALIAS record (ANAME at some providers) points a name, often the bare domain, at \
         another name, as a CNAME does; the provider resolves the target itself and answers \
         with its addresses, so it may stand where a CNAME may not, at the apex beside the \
         domain's other records. It is how a domain points at a CDN or a cloud load balancer.",
        false,
    ),
    rt(
        "MX",
        "mail exchange record",
        "An MX record names the servers that receive e-mail for the domain, with a \
         preference order.",
        false,
    ),
    rt(
        "TXT",
        "text record",
        "A TXT record holds free text, used to prove ownership of the domain and to publish \
         mail policies (SPF, DKIM, DMARC).",
        false,
    ),
    rt(
        "NS",
        "name server record",
        "An NS record names the authoritative name servers of a zone: the servers that hold \
         its records and answer for it.",
        false,
    ),
    rt(
        "SOA",
        "start of authority record",
        "The SOA record opens a zone: it names the primary name server and the \
         administrator, and holds the serial number and timers that secondary servers use.",
        false,
    ),
    rt(
        "SRV",
        "service record",
        "An SRV record gives the host and port of a service (for example `_sip._tcp`), with \
         priorities and weights.",
        false,
    ),
    rt(
        "CAA",
        "certification authority authorization record",
        "A CAA record lists the certificate authorities allowed to issue certificates for \
         the domain.",
        false,
    ),
    rt(
        "PTR",
        "pointer record",
        "A PTR record maps an address back to a name, for reverse lookups.",
        false,
    ),
];

/// The explanation of a record type, by name (case-insensitive).
pub fn dns_record_type(name: &str) -> Option<&'static RecordType> {
    RECORD_TYPES
        .iter()
        .find(|t| t.name.eq_ignore_ascii_case(name))
}

/// One entry of a `records` list, split: `www.foobar.com A 8.8.8.8`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DnsRecord {
    /// The name: `www.foobar.com` (a trailing dot removed).
    pub name: String,
    /// The type, upper-cased: `A`.
    pub kind: String,
    /// The value: `8.8.8.8` (the rest of the entry, spaces kept).
    pub value: String,
    /// The explanation of the type, when archc knows it.
    pub known: Option<&'static RecordType>,
}

impl DnsRecord {
    /// Whether the record says where the name points (A, AAAA, CNAME or ALIAS), rather than
    /// describing the domain (MX, TXT, NS, …).
    pub fn points_somewhere(&self) -> bool {
        matches!(self.kind.as_str(), "A" | "AAAA" | "CNAME" | "ALIAS")
    }

    /// The host part of the name when the name has at least three labels: `www` in
    /// `www.foobar.com`.
    pub fn subdomain(&self) -> Option<&str> {
        let (first, rest) = self.name.split_once('.')?;
        rest.contains('.').then_some(first)
    }

    /// The registered domain, taken as the last two labels: `foobar.com`. (Names under
    /// two-label public suffixes such as `co.uk` are not told apart.)
    pub fn domain(&self) -> &str {
        let dots: Vec<usize> = self.name.match_indices('.').map(|(i, _)| i).collect();
        if dots.len() < 2 {
            &self.name
        } else {
            &self.name[dots[dots.len() - 2] + 1..]
        }
    }
}

/// Splits a `records` entry written `NAME TYPE VALUE` (for example
/// `www.foobar.com A 8.8.8.8`; a TTL or class between name and type, as in zone files, is
/// skipped). Returns `None` when the entry does not have that shape.
pub fn dns_record(entry: &str) -> Option<DnsRecord> {
    let mut words = entry.split_whitespace();
    let name = words.next()?.trim_end_matches('.').to_string();
    let mut kind = words.next()?;
    // Skip a TTL and a class (`3600 IN A 1.2.3.4`).
    while kind.chars().all(|c| c.is_ascii_digit()) || kind.eq_ignore_ascii_case("IN") {
        kind = words.next()?;
    }
    let value: Vec<&str> = words.collect();
    if value.is_empty() || name.is_empty() {
        return None;
    }
    let kind = kind.to_ascii_uppercase();
    Some(DnsRecord {
        known: dns_record_type(&kind),
        name,
        kind,
        value: value.join(" ").trim_end_matches('.').to_string(),
    })
}
