//! What each value of the typed attributes means.
//!
//! Load-balancing algorithms follow the HAProxy configuration manual, section 4.2, keyword
//! `balance`. Replication modes follow the MySQL reference manual ("Replication", and
//! "Semisynchronous Replication") and PostgreSQL's "High Availability, Load Balancing, and
//! Replication" chapter.

use crate::model::{
    Access, Algorithm, Direction, Failover, Replication, Role, Setup, Signal, Tls, Trust,
};

/// The explanation of one value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The value as written in `.arch` files.
    pub name: &'static str,
    /// A short phrase that completes a sentence: `one serves, the others stand by`.
    pub short: &'static str,
    /// How it works and what it means, in a few sentences.
    pub detail: &'static str,
}

const fn entry(name: &'static str, short: &'static str, detail: &'static str) -> Entry {
    Entry {
        name,
        short,
        detail,
    }
}

/// The explanation of a load-balancing algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlgorithmInfo {
    /// The spelling: `roundrobin`.
    pub name: &'static str,
    /// A phrase: `each server in turn, in proportion to its weight`.
    pub short: &'static str,
    /// How it chooses a server, in a few sentences.
    pub how: &'static str,
    /// Whether server weights may change at run time (HAProxy's "dynamic" algorithms).
    pub dynamic: bool,
    /// The most active servers a backend may have with it, when limited.
    pub max_servers: Option<u32>,
    /// Whether it sends the same key (client address, URI, header, cookie) to the same server
    /// while the set of servers is unchanged.
    pub sticky: bool,
    /// Whether it needs to read HTTP requests (and so cannot work on an encrypted stream that
    /// the load balancer passes through).
    pub needs_http: bool,
    /// What traffic it suits.
    pub suits: &'static str,
}

/// HAProxy's algorithm when `balance` is not given.
pub const DEFAULT_ALGORITHM: Algorithm = Algorithm::RoundRobin;

/// The explanation of a load-balancing algorithm.
pub fn algorithm(a: Algorithm) -> AlgorithmInfo {
    match a {
        Algorithm::RoundRobin => AlgorithmInfo {
            name: "roundrobin",
            short: "each server in turn, in proportion to its weight",
            how: "Round robin hands each new request to the next server in the list, going \
                  round and round, so that with equal weights every server receives the same \
                  share; a server with twice the weight receives twice as many. It is \
                  dynamic: a server's weight may be changed at run time (with `slowstart` on a \
                  server, HAProxy uses this to bring a recovered server back gradually), and \
                  with `check` on a server, a failed server is skipped until its health \
                  check passes again; without `check`, HAProxy keeps sending it requests. By design HAProxy limits it to 4095 active \
                  servers per backend.",
            dynamic: true,
            max_servers: Some(4095),
            sticky: false,
            needs_http: false,
            suits: "short requests of similar cost, such as most web pages",
        },
        Algorithm::StaticRr => AlgorithmInfo {
            name: "static-rr",
            short: "each server in turn, in proportion to a fixed weight",
            how: "Static round robin also hands each request to the next server in turn, by \
                  weight, but it is static: changing a server's weight at run time has no \
                  effect. In exchange it has no limit on the number of servers in a backend, \
                  it puts a recovered server back into rotation at once, and it costs \
                  slightly less CPU than `roundrobin`.",
            dynamic: false,
            max_servers: None,
            sticky: false,
            needs_http: false,
            suits: "large backends whose weights never change at run time",
        },
        Algorithm::LeastConn => AlgorithmInfo {
            name: "leastconn",
            short: "the server with the fewest open connections",
            how: "Least connections sends each new connection to the server that has the \
                  fewest open at that moment, taking turns among servers that are equally \
                  loaded. A slow server keeps its connections longer and so receives fewer \
                  new ones. It is dynamic: weights may change at run time.",
            dynamic: true,
            max_servers: None,
            sticky: false,
            needs_http: false,
            suits: "long sessions (WebSocket, database or LDAP connections) and requests of \
                    very uneven cost; for short HTTP requests it brings little over round \
                    robin",
        },
        Algorithm::First => AlgorithmInfo {
            name: "first",
            short: "the first server that still has a free connection slot",
            how: "First fills the servers in order: every connection goes to the first server \
                  (by its id) that has not reached its `maxconn`, and only when it is full \
                  does the next one receive any. It is meaningless without a `maxconn` on the \
                  servers and ignores weights. Its purpose is to keep as few servers busy as \
                  possible, so that the others can be switched off when traffic is low.",
            dynamic: false,
            max_servers: None,
            sticky: false,
            needs_http: false,
            suits: "long sessions on servers that a cloud controller starts and stops with \
                    the load",
        },
        Algorithm::Source => AlgorithmInfo {
            name: "source",
            short: "a hash of the client's IP address",
            how: "Source hashes the client's IP address and divides the hash by the total \
                  weight of the running servers to choose one, so a client keeps reaching the \
                  same server while the set of servers is unchanged. When a server goes down \
                  or comes back, the division changes and many clients move to another \
                  server (unless consistent hashing is configured). Clients behind one proxy \
                  or NAT share an address and all land on one server.",
            dynamic: false,
            max_servers: None,
            sticky: true,
            needs_http: false,
            suits: "keeping a client on one server when cookies cannot be used, for example \
                    in TCP mode",
        },
        Algorithm::Uri => AlgorithmInfo {
            name: "uri",
            short: "a hash of the requested URI",
            how: "URI hashes the path of the request (the part before the `?`, or the whole \
                  URI if configured) to choose a server, so the same URI always reaches the \
                  same server while the set of servers is unchanged. Each server sees a stable \
                  share of the URIs, which maximises the hit rate of caches on the servers. \
                  It reads the HTTP request, so it works only in HTTP mode.",
            dynamic: false,
            max_servers: None,
            sticky: true,
            needs_http: true,
            suits: "caching proxies and servers that keep per-URI state",
        },
        Algorithm::UrlParam => AlgorithmInfo {
            name: "url_param",
            short: "a hash of a parameter of the URL",
            how: "URL parameter looks a named parameter up in the query string (and, if asked, \
                  in the body of a POST) and hashes its value, so requests carrying the same \
                  value (a user or session id) reach the same server while the set of servers \
                  is unchanged. Requests without the parameter are spread in round robin. It \
                  reads the HTTP request, so it works only in HTTP mode.",
            dynamic: false,
            max_servers: None,
            sticky: true,
            needs_http: true,
            suits: "keeping one user's requests on one server when the URL carries their id",
        },
        Algorithm::Hdr => AlgorithmInfo {
            name: "hdr",
            short: "a hash of an HTTP header",
            how: "Header hashing reads a named HTTP header of each request (for example `Host`) \
                  and hashes its value, so requests with the same value reach the same server \
                  while the set of servers is unchanged; requests without the header are \
                  spread in round robin. It reads the HTTP request, so it works only in HTTP \
                  mode.",
            dynamic: false,
            max_servers: None,
            sticky: true,
            needs_http: true,
            suits: "routing by site or by an identifier that a header carries",
        },
        Algorithm::Random => AlgorithmInfo {
            name: "random",
            short: "the less loaded of servers drawn at random",
            how: "Random draws servers at random, in proportion to their weights, and by \
                  default draws two and keeps the less loaded of the pair (the \"power of two \
                  choices\", Mitzenmacher 2001). It spreads load almost as evenly as least \
                  connections without tracking every server, and it behaves well when servers \
                  are often added or removed, or when several load balancers share the same \
                  servers without seeing each other's load. It is dynamic: weights may change \
                  at run time.",
            dynamic: true,
            max_servers: None,
            sticky: false,
            needs_http: false,
            suits: "large or changing farms, and several load balancers in front of the same \
                    servers",
        },
        Algorithm::RdpCookie => AlgorithmInfo {
            name: "rdp-cookie",
            short: "a hash of the Remote Desktop cookie",
            how: "RDP cookie reads the cookie that Microsoft's Remote Desktop client sends when \
                  it connects (`mstshash` by default) and hashes it, so a user reconnecting \
                  reaches the same server while the set of servers is unchanged; connections \
                  without the cookie are spread in round robin.",
            dynamic: false,
            max_servers: None,
            sticky: true,
            needs_http: false,
            suits: "Remote Desktop (Terminal Services) farms, not web traffic",
        },
    }
}

/// What a setup means, for a load balancer's backends or a cluster's members.
pub fn setup(s: Setup) -> Entry {
    match s {
        Setup::ActiveActive => entry(
            "active-active",
            "every member serves at the same time",
            "In an active-active setup every member serves traffic at the same time and the \
             work is shared between them. All the capacity that is paid for is used, and when \
             one member fails the others simply take its share; but each member must have \
             room for that extra share, or the failure of one overloads the rest, and state \
             (sessions, caches) must be shared or tolerated on every member.",
        ),
        Setup::ActivePassive => entry(
            "active-passive",
            "one member serves while the others stand by",
            "In an active-passive setup one member serves all the traffic while the others \
             stand by, kept in sync and watching it; when the active member fails, a passive \
             one takes over (for a pair of load balancers, by taking over their shared virtual \
             IP address, usually with keepalived and VRRP: only the master sends VRRP \
             adverts, and a backup claims the address when they stop; keepalived notices a \
             dead HAProxy process, rather than a dead machine, only with a `track_script` \
             that checks it). It is simpler to reason about and \
             keeps spare capacity ready, but the standby's capacity sits idle, and the switch \
             takes a moment during which connections in flight are lost.",
        ),
    }
}

/// What a TLS mode means on a load balancer or web server.
pub fn tls(t: Tls) -> Entry {
    match t {
        Tls::Terminate => entry(
            "terminate",
            "decrypts HTTPS here and forwards plain traffic",
            "TLS terminates here: this element holds the certificate and its private key, \
             decrypts the HTTPS traffic, and can read the HTTP requests inside (to route them, \
             add headers, or choose a server by URI or cookie). What it forwards is no longer \
             encrypted, so the network behind it must be trusted.",
        ),
        Tls::Passthrough => entry(
            "passthrough",
            "forwards the encrypted stream without decrypting it",
            "TLS passes through: this element forwards the encrypted stream as it is, at the \
             TCP level, and the backend holds the certificate and decrypts. Traffic stays \
             encrypted end to end, but this element cannot read the requests, so it cannot \
             route by URL, header or cookie.",
        ),
        Tls::Reencrypt => entry(
            "reencrypt",
            "decrypts, then encrypts again towards the backend",
            "TLS is re-encrypted here: this element decrypts the traffic with its certificate, \
             reads the requests, then opens a new TLS connection to the backend. The hop to \
             the backend is encrypted as well as the client's, at the cost of a second \
             handshake and of a certificate on each backend; other hops are encrypted only \
             if they use TLS themselves.",
        ),
        Tls::None => entry(
            "none",
            "does not handle TLS",
            "No TLS here: this element receives and sends plain, unencrypted traffic, which \
             anyone on the path can read and change.",
        ),
    }
}

/// What a database role means.
pub fn role(r: Role) -> Entry {
    match r {
        Role::Primary => entry(
            "primary",
            "accepts the writes and sends its changes to its replicas",
            "The primary (formerly called the master) is the one node that accepts writes: \
             every INSERT, UPDATE and DELETE runs on it. It records each committed change in \
             its log (MySQL's binary log, PostgreSQL's write-ahead log) and its replicas \
             replay that log to stay copies of it. It also answers reads.",
        ),
        Role::Replica => entry(
            "replica",
            "a copy of its primary that serves reads",
            "A replica (formerly called a slave) is a copy of a primary: it receives the \
             primary's log and applies every change in the same order. The application may \
             read from it (SELECT) but must never write to it. A PostgreSQL standby refuses \
             writes by itself; a MySQL replica accepts them unless `read_only` and \
             `super_read_only` are set, and both are off by default. It can be promoted to \
             primary if the primary is lost.",
        ),
        Role::Standalone => entry(
            "standalone",
            "a single node with no copy",
            "A standalone database is a single node with no replica: it takes every read and \
             every write, and if its disk or server is lost, so is every change since the \
             last backup.",
        ),
    }
}

/// What a replication mode means.
pub fn replication(r: Replication) -> Entry {
    match r {
        Replication::Async => entry(
            "async",
            "the primary commits without waiting for its replicas",
            "With asynchronous replication the primary confirms a commit to the application \
             at once and ships the change to its replicas afterwards. Writes are fast and a \
             slow or absent replica never holds the primary up, but the replicas lag behind: \
             usually by milliseconds, by seconds or more under heavy writes. A read from a \
             replica right after a write may not see it, and if the primary fails, the \
             changes it had not yet shipped are lost when a replica takes its place.",
        ),
        Replication::SemiSync => entry(
            "semi-sync",
            "the primary waits until a replica has received each change",
            "With semi-synchronous replication (MySQL) the primary waits, before confirming a \
             commit, until at least one replica acknowledges that it has received the change \
             and written it to its relay log. A committed change therefore exists on two \
             machines and survives the loss of the primary, at the cost of a network round \
             trip on every commit. The replica may not have applied it yet, so reads from it \
             can still be slightly stale. The guarantee holds only while a replica stays \
             semi-synchronous: if none answers within `rpl_semi_sync_source_timeout` (10 \
             seconds by default) the primary falls back to asynchronous replication, and \
             writes acknowledged from then on may exist on the primary alone.",
        ),
        Replication::Sync => entry(
            "sync",
            "the primary waits until its replicas have applied each change",
            "With synchronous replication a commit is confirmed to the application only once \
             the replicas have the change: no confirmed write is lost with the primary, and \
             when the replicas must also apply it first (PostgreSQL's `synchronous_commit = \
             remote_apply`, or Galera with causal reads), a read from a replica sees every \
             confirmed write. Every commit waits for the slowest replica required, and if \
             that replica is unreachable, writes stall until it returns or is removed from \
             the synchronous set.",
        ),
    }
}

/// What a failover mode means, for a database or a cluster.
pub fn failover(f: Failover) -> Entry {
    match f {
        Failover::None => entry(
            "none",
            "nothing takes over when the primary fails",
            "No failover: when the primary fails, nothing takes its place. \
             Replicas keep serving reads of data that no longer changes, and writes fail \
             until someone repairs or rebuilds the failed node.",
        ),
        Failover::Manual => entry(
            "manual",
            "an operator promotes a replica by hand",
            "Manual failover: when the primary fails, an operator promotes a replica (stops \
             its replication, makes it writable), points the application's writes and the \
             other replicas at it, and fences the old primary so that it cannot come back as \
             a second primary. Writes are down from the failure until that is done: minutes \
             if someone is on call with a tested runbook, hours otherwise.",
        ),
        Failover::Automatic => entry(
            "automatic",
            "an orchestrator promotes a replica by itself",
            "Automatic failover: an orchestrator (Orchestrator or MySQL InnoDB Cluster for \
             MySQL, Patroni for PostgreSQL, keepalived for a virtual IP) watches the primary, \
             and when it stops answering, promotes the most up-to-date replica and moves the \
             writes to it, within seconds to a minute. It must fence the old primary to avoid \
             two primaries (split brain), and with asynchronous replication the changes the \
             old primary had not shipped are lost.",
        ),
    }
}

/// What a zone's trust level means.
pub fn trust(t: Trust) -> Entry {
    match t {
        Trust::Untrusted => entry(
            "untrusted",
            "open to anyone, like the internet",
            "Untrusted: anyone may be there, as on the internet. Traffic from an untrusted \
             place must be filtered by a firewall and encrypted.",
        ),
        Trust::Dmz => entry(
            "dmz",
            "reachable from outside, isolated from the inside",
            "A demilitarised zone (DMZ) holds what the internet must reach, such as load \
             balancers and proxies, and is separated from the private network by a second \
             filter, so that a compromised machine in it does not open the way to the \
             databases.",
        ),
        Trust::Trusted => entry(
            "trusted",
            "a private network, reachable only through the paths the design opens",
            "Trusted: a private network that only the design's own elements can reach, \
             through the paths that the design opens into it.",
        ),
    }
}

/// What a monitoring signal is.
pub fn signal(s: Signal) -> Entry {
    match s {
        Signal::Metrics => entry(
            "metrics",
            "numbers sampled over time",
            "Metrics are numbers sampled at regular intervals: CPU, memory, disk and network \
             use of the server, and counters that the programs expose, such as requests per \
             second, response times, error rates, open connections or replication lag. They \
             are cheap to keep and to graph, and alerts are set on them.",
        ),
        Signal::Logs => entry(
            "logs",
            "the lines that programs write",
            "Logs are the lines that programs write about what they do: one line per HTTP \
             request in the web server's access log, errors and warnings in the application's \
             and the database's logs. They explain what happened, request by request.",
        ),
        Signal::Traces => entry(
            "traces",
            "the path of single requests through the services",
            "Traces follow single requests through every service they cross, with the time \
             spent in each, to find where a slow request loses its time.",
        ),
    }
}

/// What a link's access means.
pub fn access(a: Access) -> Entry {
    match a {
        Access::Read => entry(
            "read",
            "reads only",
            "The link only reads: SELECT queries, cache lookups, file downloads.",
        ),
        Access::Write => entry(
            "write",
            "writes",
            "The link carries the writes: INSERT, UPDATE and DELETE queries, cache updates, \
             uploads.",
        ),
        Access::ReadWrite => entry(
            "read-write",
            "reads and writes",
            "The link both reads and writes.",
        ),
    }
}

/// What a diagram direction means.
pub fn direction(d: Direction) -> Entry {
    match d {
        Direction::Down => entry(
            "down",
            "from top to bottom",
            "The diagram reads from top to bottom: requests enter at the top and go down \
             towards the data.",
        ),
        Direction::Right => entry(
            "right",
            "from left to right",
            "The diagram reads from left to right: requests enter on the left and go right \
             towards the data.",
        ),
    }
}

/// What a failover mode means for a cluster's members, by the cluster's setup (rather than a
/// database's replicas).
pub fn cluster_failover(s: Setup, f: Failover) -> Entry {
    match (s, f) {
        (Setup::ActivePassive, Failover::None) => entry(
            "none",
            "nothing moves the work to a standby",
            "No failover: when the active member fails, nothing moves its work to the others.",
        ),
        (Setup::ActivePassive, Failover::Manual) => entry(
            "manual",
            "an operator moves the work to a standby",
            "Manual failover: when the active member fails, an operator moves its work (and \
             its virtual IP, if any) to a standby.",
        ),
        (Setup::ActivePassive, Failover::Automatic) => entry(
            "automatic",
            "a standby takes over by itself",
            "Automatic failover: the members watch each other, and when the active one stops \
             answering, a standby takes its work (and its virtual IP, if any) over by itself.",
        ),
        (Setup::ActiveActive, Failover::None) => entry(
            "none",
            "nothing takes a failed member out of service",
            "No failover: when a member fails, nothing takes it out of service, and the \
             requests sent to it fail until it is repaired.",
        ),
        (Setup::ActiveActive, Failover::Manual) => entry(
            "manual",
            "an operator takes a failed member out of service",
            "Manual failover: when a member fails, an operator takes it out of service (and \
             moves the virtual IP, if it held it); until then, the requests sent to it fail.",
        ),
        (Setup::ActiveActive, Failover::Automatic) => entry(
            "automatic",
            "a failed member is taken out of service by itself",
            "Automatic failover: health checks take a failed member out of service by \
             themselves (and move the virtual IP to a survivor, if it held it), so the \
             others carry on without it.",
        ),
    }
}
