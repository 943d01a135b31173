//! The vocabulary of the language: element kinds and the typed values of attributes.
//!
//! Each enum knows its spelling in `.arch` files (`as_str`) and parses it back (`parse`), and
//! lists its variants (`ALL`) so that errors can name the accepted values.

use serde::Serialize;

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum $name { $($(#[$vmeta])* #[serde(rename = $text)] $variant),+ }

        impl $name {
            /// Every value, in documentation order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The spelling in `.arch` files.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses a spelling or one of its documented aliases.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text $(| $alias)* => Some($name::$variant),)+ _ => None }
            }

            /// The accepted spellings, aliases included.
            pub fn spellings() -> Vec<&'static str> {
                vec![$($text $(, $alias)*),+]
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// What a component is (the language reference, "Component kinds").
    ComponentKind {
        /// Users, browsers, external callers: where traffic enters; always untrusted.
        Client = "client",
        /// A DNS service.
        Dns = "dns",
        /// A content delivery network.
        Cdn = "cdn",
        /// A packet filter, security group or web application firewall.
        Firewall = "firewall",
        /// HAProxy, Nginx as a proxy, a cloud load balancer.
        LoadBalancer = "load_balancer",
        /// Nginx, Apache: serves HTTP, static files, and proxies to the application.
        WebServer = "web_server",
        /// The runtime that executes the application.
        AppServer = "app_server",
        /// The application's files.
        Codebase = "codebase",
        /// MySQL, PostgreSQL.
        Database = "database",
        /// Redis, Memcached.
        Cache = "cache",
        /// RabbitMQ, Kafka.
        Queue = "queue",
        /// Object or file storage.
        Storage = "storage",
        /// A monitoring agent (inside a host) or a monitoring service.
        Monitoring = "monitoring",
        /// Anything else.
        Service = "service",
    }
}

vocabulary! {
    /// What a container is (the language reference, "Container kinds").
    ContainerKind {
        /// One machine: a failure domain.
        Host = "host",
        /// A network and trust boundary.
        Zone = "zone",
        /// A redundant group doing one job.
        Cluster = "cluster",
        /// A labelled box around elements, drawn and meaning nothing else (draft 0.2).
        Group = "group",
    }
}

vocabulary! {
    /// A load balancer's distribution algorithm: HAProxy's `balance` algorithms.
    Algorithm {
        /// Each server in turn, by weight; dynamic.
        RoundRobin = "roundrobin" | "round-robin",
        /// Each server in turn, by weight; static.
        StaticRr = "static-rr",
        /// The server with the fewest connections.
        LeastConn = "leastconn" | "least-connections",
        /// The first server with a free connection slot.
        First = "first",
        /// A hash of the client's address.
        Source = "source" | "ip-hash",
        /// A hash of the request's URI.
        Uri = "uri",
        /// A hash of a URL parameter.
        UrlParam = "url_param",
        /// A hash of an HTTP header.
        Hdr = "hdr",
        /// A random server (power of two choices).
        Random = "random",
        /// An RDP cookie.
        RdpCookie = "rdp-cookie",
    }
}

vocabulary! {
    /// How a load balancer uses its backends, or how a cluster's members share the work.
    Setup {
        /// Every member serves.
        ActiveActive = "active-active",
        /// One member serves; the others stand by and take over when it fails.
        ActivePassive = "active-passive",
    }
}

vocabulary! {
    /// What a proxy or web server does with TLS.
    Tls {
        /// Decrypts here; what it forwards is plain.
        Terminate = "terminate",
        /// Forwards the encrypted stream untouched.
        Passthrough = "passthrough",
        /// Decrypts, then encrypts again towards the backend.
        Reencrypt = "reencrypt",
        /// No TLS here.
        None = "none",
    }
}

vocabulary! {
    /// A database node's role.
    Role {
        /// Accepts writes; its changes are replicated.
        Primary = "primary",
        /// A copy of a primary; serves reads.
        Replica = "replica",
        /// A single node, no replication.
        Standalone = "standalone",
    }
}

vocabulary! {
    /// How a primary's changes reach its replicas.
    Replication {
        /// The primary commits without waiting for replicas.
        Async = "async",
        /// The primary waits for at least one replica to receive the change.
        SemiSync = "semi-sync",
        /// The primary waits for replicas to apply the change.
        Sync = "sync",
    }
}

vocabulary! {
    /// How a replica becomes the primary, or a passive member takes over.
    Failover {
        /// Nothing takes over.
        None = "none",
        /// A person promotes a replica.
        Manual = "manual",
        /// An orchestrator promotes a replica by itself.
        Automatic = "automatic",
    }
}

vocabulary! {
    /// The trust level of a zone.
    Trust {
        /// The internet, or anything not under the design's control.
        Untrusted = "untrusted",
        /// A demilitarised zone: reachable from outside, isolated from the inside.
        Dmz = "dmz",
        /// The private network.
        Trusted = "trusted",
    }
}

vocabulary! {
    /// What a link into a database, cache or storage does.
    Access {
        /// Reads only.
        Read = "read",
        /// Writes only.
        Write = "write",
        /// Both (the default).
        ReadWrite = "read-write",
    }
}

vocabulary! {
    /// The main flow of the diagram.
    Direction {
        /// Top to bottom (the default).
        Down = "down",
        /// Left to right.
        Right = "right",
    }
}

vocabulary! {
    /// What a monitoring agent collects.
    Signal {
        /// Numbers over time: CPU, memory, requests per second.
        Metrics = "metrics",
        /// Log lines.
        Logs = "logs",
        /// Request traces.
        Traces = "traces",
    }
}

impl ComponentKind {
    /// Whether the kind keeps state that can be replicated (`role`, `replicates`,
    /// `replication` and `failover` apply): a database, cache, queue or storage.
    pub fn is_stateful(self) -> bool {
        matches!(
            self,
            ComponentKind::Database
                | ComponentKind::Cache
                | ComponentKind::Queue
                | ComponentKind::Storage
        )
    }

    /// Whether the kind is an application component for the rules: a web server, an
    /// application server or a `service`.
    pub fn is_server(self) -> bool {
        matches!(
            self,
            ComponentKind::WebServer | ComponentKind::AppServer | ComponentKind::Service
        )
    }
}

impl Access {
    /// Whether the link carries reads.
    pub fn reads(self) -> bool {
        matches!(self, Access::Read | Access::ReadWrite)
    }

    /// Whether the link carries writes.
    pub fn writes(self) -> bool {
        matches!(self, Access::Write | Access::ReadWrite)
    }

    /// Whether two accesses share a direction (`read` and `read-write` do; `read` and `write`
    /// do not).
    pub fn overlaps(self, other: Access) -> bool {
        (self.reads() && other.reads()) || (self.writes() && other.writes())
    }
}

/// The protocols that are encrypted by themselves (the language reference, "Links").
pub const ENCRYPTED_PROTOCOLS: [&str; 4] = ["https", "tls", "ssh", "grpcs"];

/// What a link carries (language draft 0.2, "Links that carry no requests").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    /// `a -> b`: requests, responses implied.
    Request,
    /// `a ~> b`, or a link from a monitoring component to a monitoring service: telemetry,
    /// control, management, backups. Flows and availability ignore it; the security rules check
    /// it.
    NonRequest,
    /// A `replication` link, or any link between two databases: state copied from a primary to
    /// a replica. Carries no requests.
    Replication,
}

/// An entry of a link's `flows = [...]`: a built-in flow or a declared one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FlowRef {
    /// The built-in `reads`.
    Reads,
    /// The built-in `writes`.
    Writes,
    /// The built-in `background` (consumers pulling from queues).
    Background,
    /// A declared `flow`, by index into [`crate::model::Model::flows`].
    Named(usize),
}

/// What an element is: a component or a container.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(untagged)]
pub enum Kind {
    /// A component (a box in the diagram).
    Component(ComponentKind),
    /// A container (a box around boxes).
    Container(ContainerKind),
}

impl Kind {
    /// Parses a kind name.
    pub fn parse(text: &str) -> Option<Kind> {
        ComponentKind::parse(text)
            .map(Kind::Component)
            .or_else(|| ContainerKind::parse(text).map(Kind::Container))
    }

    /// The kind's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Component(k) => k.as_str(),
            Kind::Container(k) => k.as_str(),
        }
    }

    /// Every kind name, components first.
    pub fn names() -> Vec<&'static str> {
        let mut names = ComponentKind::spellings();
        names.extend(ContainerKind::spellings());
        names
    }
}

impl Kind {
    /// The kind's name with its indefinite article: `a database`, `an app_server`.
    pub fn a(self) -> String {
        crate::diagnostic::kind::with_article(self.as_str())
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
