//! The reason archc gives for an element of each kind where the design gives no `why`: one
//! sentence template per situation, whose `{marker}`s the render stage fills with the design's
//! own names (see [`Reason::template`]). The render stage decides which situation an element is
//! in; the words are here.

/// The situation an element is in, as far as its default reason goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// A client.
    Client,
    /// A DNS service whose records name something (`{names}`).
    DnsNamed,
    /// A DNS service with no record that names anything.
    DnsUnnamed,
    /// A content delivery network.
    Cdn,
    /// A firewall inside a host (`{host}`).
    HostFirewall,
    /// A firewall outside hosts.
    NetworkFirewall,
    /// An active-passive load balancer: `{first}` serves, `{rest}` take over.
    BalancerFailover,
    /// A load balancer over two or more backends (`{backends}`).
    BalancerSpread,
    /// A load balancer with one backend (`{backend}`).
    BalancerOne,
    /// A load balancer with no backend.
    BalancerNone,
    /// A web server that passes dynamic requests to application servers (`{apps}`).
    WebPasses,
    /// A web server with no application server behind it.
    WebAlone,
    /// An application server that runs a codebase (`{code}`).
    AppRunsCode,
    /// An application server with no codebase.
    AppAlone,
    /// A codebase that application servers (`{sources}`) execute.
    CodebaseRun,
    /// A codebase that nothing runs.
    CodebaseAlone,
    /// A primary whose replicas (`{replicas}`) copy it.
    PrimaryReplicated,
    /// A primary with no replica.
    PrimaryAlone,
    /// A replica of a known primary (`{primary}`).
    ReplicaOf,
    /// A replica whose primary the design does not name.
    ReplicaOfUnknown,
    /// A database that is neither primary nor replica.
    Standalone,
    /// A cache.
    Cache,
    /// A queue.
    Queue,
    /// Storage.
    Storage,
    /// A monitoring agent on a host (`{host}`) that collects `{collects}` and sends it to
    /// monitoring services (`{to}`).
    AgentSends,
    /// A monitoring agent on a host that sends nowhere.
    AgentAlone,
    /// A monitoring service that nothing sends to.
    MonitoringWatches,
    /// A monitoring service that agents (`{sources}`) send to.
    MonitoringStores,
    /// A service that one element (`{sources}`) relies on.
    ServiceUsedByOne,
    /// A service that several elements (`{sources}`) rely on.
    ServiceUsedByMany,
    /// A service that nothing uses.
    ServiceAlone,
    /// A host that runs components (`{inside}`).
    HostRuns,
    /// A host with nothing in it.
    HostEmpty,
    /// A failure-domain zone.
    FailureZone,
    /// A trust zone, whose trust level `{trust}` describes.
    TrustZone,
    /// A cluster of members (`{members}`).
    Cluster,
    /// A group of elements (`{inside}`).
    Group,
}

impl Reason {
    /// The sentence, with `{marker}`s for the names the render stage writes in. Each template
    /// is one or more complete sentences ending in a full stop.
    pub fn template(self) -> &'static str {
        match self {
            Reason::Client => "Where the requests come from: the people who use the site.",
            Reason::DnsNamed => {
                "Turns {names} into an address, so that people use a name instead of an IP address."
            }
            Reason::DnsUnnamed => {
                "Turns the site's name into an address, so that people use a name instead of an IP address."
            }
            Reason::Cdn => {
                "Serves the static files from near the users and takes that load off the servers."
            }
            Reason::HostFirewall => {
                "Lets only the traffic that {host} needs reach it, and drops the rest."
            }
            Reason::NetworkFirewall => {
                "Filters the traffic that passes through it, and drops what is not allowed."
            }
            Reason::BalancerFailover => {
                "Sends the requests to {first} and moves them to {rest} when it fails, so that the site survives the loss of a server."
            }
            Reason::BalancerSpread => {
                "Spreads the requests over {backends}, so that one can fail or be updated while the others keep serving."
            }
            Reason::BalancerOne => {
                "Gives the site one entry point in front of {backend}, where more backends can be added later."
            }
            Reason::BalancerNone => {
                "Gives the site one entry point, where backends can be added and removed."
            }
            Reason::WebPasses => {
                "Answers the HTTP requests, serves the static files and passes the dynamic requests to {apps}."
            }
            Reason::WebAlone => "Answers the HTTP requests and serves the static files.",
            Reason::AppRunsCode => "Runs the application code in {code} to build the dynamic pages.",
            Reason::AppAlone => "Runs the application code that builds the dynamic pages.",
            Reason::CodebaseRun => "The application's code, which {sources} executes.",
            Reason::CodebaseAlone => "The application's code.",
            Reason::PrimaryReplicated => {
                "Stores the site's data and accepts every write; {replicas} copies its changes."
            }
            Reason::PrimaryAlone => "Stores the site's data and accepts its writes.",
            Reason::ReplicaOf => {
                "Keeps a copy of {primary} that answers reads and can take its place if it fails."
            }
            Reason::ReplicaOfUnknown => {
                "Keeps a copy of the primary that answers reads and can take its place if it fails."
            }
            Reason::Standalone => "Stores the site's data and answers the application's queries.",
            Reason::Cache => {
                "Keeps frequently read data in memory, so that the database is asked less often."
            }
            Reason::Queue => {
                "Holds work to be done later, so that requests do not wait for slow tasks."
            }
            Reason::Storage => {
                "Keeps files outside the servers, so that every server can read them and none of them is lost with a server."
            }
            Reason::AgentSends => {
                "Collects the {collects} of {host} and of what runs on it, and sends them to {to}."
            }
            Reason::AgentAlone => "Collects the {collects} of {host} and of what runs on it.",
            Reason::MonitoringWatches => "Watches the design and alerts when something goes wrong.",
            Reason::MonitoringStores => {
                "Stores what {sources} send, draws graphs of it and raises alerts."
            }
            Reason::ServiceUsedByOne => "Provides a function that {sources} relies on.",
            Reason::ServiceUsedByMany => "Provides a function that {sources} rely on.",
            Reason::ServiceAlone => "Provides a function that the design relies on.",
            Reason::HostRuns => "The machine that runs {inside}.",
            Reason::HostEmpty => "A machine of the design.",
            Reason::FailureZone => {
                "A failure domain: everything in it, and everything that joins it with `zone =`, fails together, as in an availability zone, a rack or a data centre."
            }
            Reason::TrustZone => "Separates what it holds from the rest of the network: {trust}.",
            Reason::Cluster => "Groups {members} so that the job goes on when one of them fails.",
            Reason::Group => "Draws {inside} together.",
        }
    }
}

/// `template` with each `{marker}` replaced by `fill(marker)`, called once per marker, left to
/// right (so that names written first are named in full first). Text outside markers is kept
/// as it is; a `{` without a closing `}` is kept too.
pub fn fill(template: &str, mut fill: impl FnMut(&str) -> String) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&fill(&rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}
