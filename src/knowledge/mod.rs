//! The knowledge stage: what the write-up explains, in archc's own words, in one place.
//!
//! Every kind, every value of every typed attribute, the DNS record types, the protocols that
//! links name, and every review rule has an entry here. The renderers read these entries; they
//! never read the model from here, and this module never reads the model either: it is a
//! dictionary, not an analysis.
//!
//! Each lookup over a vocabulary of [`crate::model::kinds`] is an exhaustive `match`, so a value
//! added to the language without an explanation does not compile.
//!
//! Sources for the load-balancing facts: the HAProxy configuration manual, section 4.2,
//! keyword `balance`. For replication: the MySQL reference manual, chapter "Replication"
//! (semisynchronous replication, section 19.4.10 in 8.0), and PostgreSQL's documentation,
//! chapter 27 "High Availability, Load Balancing, and Replication".

mod dns;
mod general;
mod kinds;
mod operations;
mod protocols;
mod reasons;
mod values;

pub use dns::{dns_record, dns_record_type, DnsRecord, RecordType, RECORD_TYPES};
pub use general::{AGENT_COLLECTION, DOMAIN_NAME, HTTPS_WHY, QUERIES_PER_SECOND};
pub use kinds::{component, container, KindInfo};
pub use operations::{
    backend_counters, is_postgres, recovery_point, recovery_time, ADMIN_ACCESS, BACKUPS, HEADROOM,
    HTTPS_REDIRECT, RECOVERY_POINT_NO_COPY, VRRP_HANDOVER,
};
pub use protocols::{default_port, protocol, protocols, transport_port, ProtocolInfo};
pub use reasons::{fill, Reason};
pub use values::{
    access, algorithm, cluster_failover, direction, failover, replication, role, setup, signal,
    tls, trust, AlgorithmInfo, Entry, DEFAULT_ALGORITHM,
};

#[cfg(test)]
mod tests;
