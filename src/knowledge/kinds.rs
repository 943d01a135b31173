//! What each kind of element is and what it does in a web infrastructure.

use crate::model::{ComponentKind, ContainerKind};

/// The explanation of one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindInfo {
    /// The kind's name in prose, singular: `load balancer`.
    pub noun: &'static str,
    /// The plural: `load balancers`.
    pub plural: &'static str,
    /// A heading for the kind's role: `Load balancer`.
    pub title: &'static str,
    /// What it is and the role it plays, in a few sentences.
    pub what: &'static str,
}

const fn info(
    noun: &'static str,
    plural: &'static str,
    title: &'static str,
    what: &'static str,
) -> KindInfo {
    KindInfo {
        noun,
        plural,
        title,
        what,
    }
}

/// The explanation of a component kind.
pub fn component(kind: ComponentKind) -> KindInfo {
    use ComponentKind as C;
    match kind {
        C::Client => info(
            "client",
            "clients",
            "Client",
            "A client is where requests come from: a person's browser, a mobile application or \
             another system calling the site. It runs on the user's own computer, on the \
             internet, so archc never trusts it: everything it sends may be hostile, and \
             everything sent to it crosses networks that nobody in the design controls.",
        ),
        C::Dns => info(
            "DNS service",
            "DNS services",
            "DNS",
            "The Domain Name System turns names that people can remember, such as \
             www.foobar.com, into the addresses that computers use to reach each other. Before \
             a browser can send a request, it asks a DNS resolver for the name; the resolver \
             finds the domain's authoritative name servers and returns the record that they \
             hold. Answers are cached for the record's time to live, so a change of address \
             takes that long to reach every user.",
        ),
        C::Cdn => info(
            "content delivery network",
            "content delivery networks",
            "Content delivery network",
            "A content delivery network keeps copies of the site's static files (images, \
             scripts, style sheets, sometimes whole pages) on servers spread around the world, \
             and answers each user from a location near them. Pages load faster, and the \
             requests it answers never reach the design's own servers.",
        ),
        C::Firewall => info(
            "firewall",
            "firewalls",
            "Firewall",
            "A firewall filters network traffic against a list of rules: each packet or \
             connection is let through only if a rule allows its protocol, port and source, \
             and everything else is dropped. It shrinks what an attacker can reach to the few \
             services that must be public. A firewall on a host (ufw, iptables, nftables, a \
             cloud security group) guards that host; a network firewall guards the paths that \
             pass through it; a web application firewall (WAF) also reads HTTP requests and \
             blocks known attacks such as SQL injection.",
        ),
        C::LoadBalancer => info(
            "load balancer",
            "load balancers",
            "Load balancer",
            "A load balancer receives the requests meant for the site and passes each one to \
             one of several backend servers, chosen by its distribution algorithm. It checks \
             the backends' health and stops sending to one that fails, so the site keeps \
             answering while a server is down or being updated, and more servers can be added \
             when the load grows. It is often also where HTTPS is decrypted.",
        ),
        C::WebServer => info(
            "web server",
            "web servers",
            "Web server",
            "A web server (Nginx, Apache) speaks HTTP with the outside world: it accepts \
             connections, answers requests for static content (images, style sheets, scripts) \
             straight from disk, and passes the requests that need the application to the \
             application server, returning its answer to the client. It is also where \
             connection limits, compression, caching headers and often TLS are handled.",
        ),
        C::AppServer => info(
            "application server",
            "application servers",
            "Application server",
            "An application server runs the application's code (PHP-FPM, Gunicorn, Node.js, \
             a Java servlet container): for each request that the web server passes on, it \
             executes the code, queries the database, and builds the dynamic page or the API \
             answer. It holds the business logic; the web server in front of it holds the \
             HTTP plumbing.",
        ),
        C::Codebase => info(
            "codebase",
            "codebases",
            "Application files",
            "The codebase is the application itself: the source files, templates and \
             libraries that the application server loads and executes. Deploying a new \
             version means replacing these files and restarting or reloading the application \
             server.",
        ),
        C::Database => info(
            "database",
            "databases",
            "Database",
            "A database (MySQL, PostgreSQL) stores the site's data durably and answers the \
             application's queries: it reads rows for pages and records the changes that users \
             make, keeping them consistent through transactions. It is the one part of the \
             stack whose content cannot be rebuilt from the code, so its copies and its \
             failover decide whether data survives a failure.",
        ),
        C::Cache => info(
            "cache",
            "caches",
            "Cache",
            "A cache (Redis, Memcached) keeps recently used data in memory, so that the \
             application can answer from it instead of asking the database again. It takes \
             read load off the database and shortens response times; its content is a copy \
             that may be lost or stale, and the application must cope with both.",
        ),
        C::Queue => info(
            "queue",
            "queues",
            "Queue",
            "A message queue (RabbitMQ, Kafka) holds work to be done later: a producer puts a \
             message in and returns at once, and a consumer takes it out when it is ready. \
             Slow tasks (emails, image processing) leave the request path, and a burst of work \
             waits in the queue instead of overloading the workers.",
        ),
        C::Storage => info(
            "storage",
            "storages",
            "Storage",
            "Object or file storage (Amazon S3, a network file system) keeps files such as \
             uploads, backups and static assets outside the servers, so that any server can \
             read them and losing a server does not lose them.",
        ),
        C::Monitoring => info(
            "monitoring",
            "monitoring elements",
            "Monitoring",
            "Monitoring watches the design while it runs. An agent on each server collects \
             metrics (numbers over time: CPU, memory, disk, requests per second, error rates) \
             and logs (the lines that programs write), and sends them to a monitoring service \
             that stores them, draws graphs and raises alerts when a value crosses a \
             threshold. Without it, a failure is noticed when users complain.",
        ),
        C::Service => info(
            "service",
            "services",
            "Service",
            "A service is any other part that the design relies on: an internal API, a \
             third-party payment or mail provider, a search engine. It is shown so that the \
             design's requests and failures can follow it.",
        ),
    }
}

/// The explanation of a container kind.
pub fn container(kind: ContainerKind) -> KindInfo {
    use ContainerKind as C;
    match kind {
        C::Host => info(
            "server",
            "servers",
            "Server",
            "A server is a computer, physical or virtual, that runs programs which answer \
             requests from other computers over a network. It has an operating system (usually Linux), \
             a CPU, memory, disks and one or more network addresses. Everything that \
             runs on one server shares its resources and fails with it: a broken disk, a \
             kernel crash or a power cut stops every program on it at once, which is why archc \
             treats each server as one failure domain.",
        ),
        C::Zone => info(
            "zone",
            "zones",
            "Zone",
            "A zone is a network and trust boundary: a private network, a demilitarised zone \
             (DMZ) or a cloud VPC. What is inside can only be reached through the paths that \
             the design opens into it, so its trust level says how much an attacker must break \
             through before reaching what it holds.",
        ),
        C::Cluster => info(
            "cluster",
            "clusters",
            "Cluster",
            "A cluster is a group of redundant members doing one job, so that the job \
             survives the loss of a member. Its setup says whether every member serves at once \
             (active-active) or one serves while the others stand by (active-passive); a \
             virtual IP address, moved between members, often gives clients one address for \
             the whole group.",
        ),
        C::Group => info(
            "group",
            "groups",
            "Group",
            "A group is a labelled box drawn around elements that belong together in the \
             reader's mind: a team's services, a subsystem, a tier. It means nothing else: it \
             is no failure domain, no network boundary and no redundant set.",
        ),
    }
}
