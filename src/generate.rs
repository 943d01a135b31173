//! Synthetic architectures of any size, for benchmarks and tests.
//!
//! [`architecture`] writes `.arch` source text with the shape of real designs: users and DNS at
//! the top, then a tree of services. Each service has a DMZ zone holding a cluster of two load
//! balancer hosts, and a trusted zone holding a web tier (hosts of one to four components), an
//! application tier (on the web hosts with the application files, or a cluster of
//! its own), a cache, a database primary
//! with replicas on hosts of their own, and sometimes a queue with a worker and object storage.
//! Links fan out from tier to tier, carry protocols and often labels; some skip a tier (web
//! server to cache or storage), some go back up (workers and child services calling a load
//! balancer above them). Services form a random recursive tree: service `s` is called by an
//! application server of an earlier service, so the drawing stays a few services deep.
//!
//! [`cloud`] writes the other shape, a large cloud deployment unlike the project's own designs:
//! three failure-domain zones and services that are each a chain of ten clusters of two hosts
//! (a load-balancer tier, eight application tiers, a database tier whose primary fails over to
//! its replica) spread over the zones with `zone = ID`; every host runs one server component and
//! a monitoring agent that ships to a managed monitoring service over a `~>` link, and each
//! tier calls the next as a link between clusters, about 1.4 links per component once those
//! are expanded to their members.
//!
//! The output is a pure function of the arguments (a SplitMix64 generator, Steele, Lea &
//! Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014) and always compiles
//! with [`crate::compile`].

use std::fmt::Write as _;

/// SplitMix64: a tiny, fast, well-distributed 64-bit generator.
#[derive(Clone, Debug)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.range(0, items.len() - 1)]
    }
}

/// One declared element.
struct Elem {
    kind: &'static str,
    id: String,
    label: Option<String>,
    attrs: Vec<(&'static str, String)>,
    /// `replicates = ...`, kept only when the primary is kept.
    replicates: Option<usize>,
    parent: Option<usize>,
    component: bool,
}

/// One link statement.
struct LinkSpec {
    from: usize,
    to: usize,
    protocol: Option<&'static str>,
    label: Option<&'static str>,
    attrs: &'static str,
}

#[derive(Default)]
struct Design {
    elems: Vec<Elem>,
    links: Vec<LinkSpec>,
}

impl Design {
    fn add(
        &mut self,
        kind: &'static str,
        id: String,
        label: Option<&str>,
        parent: Option<usize>,
    ) -> usize {
        let component = !matches!(kind, "host" | "zone" | "cluster");
        self.elems.push(Elem {
            kind,
            id,
            label: label.map(str::to_string),
            attrs: Vec::new(),
            replicates: None,
            parent,
            component,
        });
        self.elems.len() - 1
    }

    fn attr(&mut self, e: usize, key: &'static str, value: impl Into<String>) {
        self.elems[e].attrs.push((key, value.into()));
    }

    fn link(
        &mut self,
        from: usize,
        to: usize,
        protocol: Option<&'static str>,
        label: Option<&'static str>,
    ) {
        self.links.push(LinkSpec {
            from,
            to,
            protocol,
            label,
            attrs: "",
        });
    }

    fn link_with(
        &mut self,
        from: usize,
        to: usize,
        protocol: &'static str,
        label: Option<&'static str>,
        attrs: &'static str,
    ) {
        self.links.push(LinkSpec {
            from,
            to,
            protocol: Some(protocol),
            label,
            attrs,
        });
    }

    fn components(&self) -> usize {
        self.elems.iter().filter(|e| e.component).count()
    }
}

/// Adds service `s` to the design; returns its load balancer cluster and its application
/// servers (the callers of child services).
fn service(d: &mut Design, rng: &mut Rng, s: usize, metrics: usize) -> (usize, Vec<usize>) {
    let dmz = d.add(
        "zone",
        format!("dmz-{s}"),
        Some(&format!("Service {s} DMZ")),
        None,
    );
    d.attr(dmz, "trust", "dmz");
    let lbs = d.add(
        "cluster",
        format!("lbs-{s}"),
        Some(&format!("Service {s} load balancers")),
        Some(dmz),
    );
    d.attr(lbs, "setup", rng.pick(&["active-active", "active-passive"]));
    let algorithm = rng.pick(&["roundrobin", "leastconn", "source"]);
    let firewalled = rng.chance(0.5);
    for i in 0..2 {
        let host = d.add("host", format!("lbh-{s}-{i}"), None, Some(lbs));
        let lb = d.add(
            "load_balancer",
            format!("lb-{s}-{i}"),
            Some("HAProxy"),
            Some(host),
        );
        d.attr(lb, "algorithm", algorithm);
        if firewalled {
            d.add(
                "firewall",
                format!("fw-lb-{s}-{i}"),
                Some("ufw"),
                Some(host),
            );
        }
    }

    let net = d.add(
        "zone",
        format!("net-{s}"),
        Some(&format!("Service {s} private network")),
        None,
    );
    d.attr(net, "trust", "trusted");
    let web_hosts = rng.range(2, 5);
    let colocated = rng.chance(0.5);
    let mut nginxes = Vec::new();
    let mut apps = Vec::new();
    let mut agents = Vec::new();
    for i in 0..web_hosts {
        let host = d.add(
            "host",
            format!("web-{s}-{i}"),
            Some(&format!("Web server {s}.{i}")),
            Some(net),
        );
        nginxes.push(d.add(
            "web_server",
            format!("nginx-{s}-{i}"),
            Some("Nginx"),
            Some(host),
        ));
        if colocated {
            apps.push(d.add(
                "app_server",
                format!("app-{s}-{i}"),
                Some("Application server"),
                Some(host),
            ));
            if rng.chance(0.7) {
                let code = d.add(
                    "codebase",
                    format!("code-{s}-{i}"),
                    Some("Application files"),
                    Some(host),
                );
                d.link(apps[i], code, None, None);
            }
        }
        if rng.chance(0.4) {
            agents.push(d.add(
                "monitoring",
                format!("mon-web-{s}-{i}"),
                Some("Collector"),
                Some(host),
            ));
        }
    }
    let mut app_cluster = None;
    if !colocated {
        let cluster = d.add(
            "cluster",
            format!("apps-{s}"),
            Some(&format!("Service {s} application servers")),
            Some(net),
        );
        d.attr(cluster, "setup", "active-active");
        for i in 0..rng.range(2, 4) {
            let host = d.add("host", format!("apph-{s}-{i}"), None, Some(cluster));
            let app = d.add(
                "app_server",
                format!("app-{s}-{i}"),
                Some("Application server"),
                Some(host),
            );
            apps.push(app);
            if rng.chance(0.5) {
                d.add(
                    "firewall",
                    format!("fw-app-{s}-{i}"),
                    Some("ufw"),
                    Some(host),
                );
            }
            if rng.chance(0.3) {
                agents.push(d.add(
                    "monitoring",
                    format!("mon-app-{s}-{i}"),
                    Some("Collector"),
                    Some(host),
                ));
            }
        }
        app_cluster = Some(cluster);
    }
    let cache = rng.chance(0.7).then(|| {
        let host = d.add("host", format!("cacheh-{s}"), None, Some(net));
        d.add("cache", format!("cache-{s}"), Some("Redis"), Some(host))
    });
    let dbh = d.add("host", format!("dbh-{s}-p"), None, Some(net));
    let primary = d.add(
        "database",
        format!("db-{s}-p"),
        Some("PostgreSQL"),
        Some(dbh),
    );
    let replicas: Vec<usize> = (0..rng.range(0, 2))
        .map(|r| {
            let host = d.add("host", format!("dbh-{s}-r{r}"), None, Some(net));
            let db = d.add(
                "database",
                format!("db-{s}-r{r}"),
                Some("PostgreSQL replica"),
                Some(host),
            );
            d.attr(db, "role", "replica");
            d.elems[db].replicates = Some(primary);
            db
        })
        .collect();
    if !replicas.is_empty() {
        d.attr(primary, "role", "primary");
        d.attr(primary, "failover", rng.pick(&["manual", "automatic"]));
    }
    let queue = rng.chance(0.4).then(|| {
        let host = d.add("host", format!("qh-{s}"), None, Some(net));
        let q = d.add("queue", format!("queue-{s}"), Some("RabbitMQ"), Some(host));
        let wh = d.add("host", format!("wkh-{s}"), None, Some(net));
        let worker = d.add(
            "app_server",
            format!("worker-{s}"),
            Some("Worker"),
            Some(wh),
        );
        (q, worker)
    });
    let storage = rng.chance(0.4).then(|| {
        let st = d.add(
            "storage",
            format!("files-{s}"),
            Some("Object storage"),
            Some(net),
        );
        d.attr(st, "managed", "true");
        st
    });

    // Links, tier by tier.
    for &nginx in &nginxes {
        d.link(lbs, nginx, Some("http"), None);
    }
    match app_cluster {
        None => {
            for (&nginx, &app) in nginxes.iter().zip(&apps) {
                d.link(nginx, app, Some("http"), None);
            }
        }
        Some(cluster) => {
            for &nginx in &nginxes {
                d.link(nginx, cluster, Some("http"), Some("proxy"));
            }
        }
    }
    for (i, &app) in apps.iter().enumerate() {
        if let Some(cache) = cache {
            d.link(app, cache, Some("redis"), Some("sessions"));
        }
        d.link_with(
            app,
            primary,
            "postgres",
            Some("writes"),
            "{ access = write }",
        );
        if !replicas.is_empty() {
            let r = replicas[i % replicas.len()];
            d.link_with(app, r, "postgres", Some("reads"), "{ access = read }");
        }
        if let Some((q, _)) = queue {
            d.link(app, q, Some("amqp"), Some("publish"));
        }
    }
    for &r in &replicas {
        if rng.chance(0.7) {
            d.link_with(primary, r, "replication", None, "{ encrypted = true }");
        } else {
            d.link(primary, r, Some("replication"), None);
        }
    }
    // Skip-tier links.
    if let (Some(cache), true) = (cache, rng.chance(0.3)) {
        d.link(nginxes[0], cache, Some("redis"), Some("page cache"));
    }
    if let Some(st) = storage {
        d.link(nginxes[0], st, Some("https"), Some("static files"));
        d.link(apps[0], st, Some("https"), Some("uploads"));
    }
    // The worker, and a back link from it to the service's own load balancers.
    if let Some((q, worker)) = queue {
        d.link(worker, q, Some("amqp"), Some("consume"));
        d.link_with(worker, primary, "postgres", None, "{ access = write }");
        if rng.chance(0.4) {
            d.link(worker, lbs, Some("https"), Some("callbacks"));
        }
    }
    for &agent in &agents {
        d.link(agent, metrics, Some("https"), Some("metrics"));
    }
    (lbs, apps)
}

/// The `.arch` source of a synthetic architecture of exactly `components` components (at least
/// one), drawn from `seed`: see the module documentation for its shape.
///
/// Deterministic: the same arguments give the same text. The design compiles with
/// [`crate::compile`] (warnings aside) for every size and seed; the last service is cut short
/// to reach the exact size, dropping the links, containers and attributes that would name a
/// dropped element.
///
/// ```
/// let source = archc::generate::architecture(100, 7);
/// let compiled = archc::compile(&source, "generated").unwrap();
/// assert_eq!(compiled.model.components().count(), 100);
/// ```
pub fn architecture(components: usize, seed: u64) -> String {
    let components = components.max(1);
    let mut rng = Rng(seed ^ 0x5EED_A2C4_0000_0000);
    let mut d = Design::default();
    let user = d.add("client", "user".into(), Some("Users"), None);
    let dns = d.add("dns", "dns".into(), Some("DNS"), None);
    d.link(user, dns, Some("dns"), Some("resolve"));
    let metrics = d.add(
        "monitoring",
        "metrics".into(),
        Some("Metrics service"),
        None,
    );
    d.attr(metrics, "managed", "true");
    let mut callers: Vec<Vec<usize>> = Vec::new();
    let mut balancers: Vec<usize> = Vec::new();
    let mut s = 0;
    while d.components() < components {
        let (lbs, apps) = service(&mut d, &mut rng, s, metrics);
        if s < 2 {
            d.link(user, lbs, Some("https"), Some("www"));
        } else {
            // A random recursive tree: the parent is any earlier service.
            let parent = rng.range(0, s - 1);
            let caller = callers[parent][rng.range(0, callers[parent].len() - 1)];
            d.link(caller, lbs, Some("https"), Some("API calls"));
            if rng.chance(0.2) {
                // A back link: the child calls its parent back.
                d.link(apps[0], balancers[parent], Some("https"), Some("callbacks"));
            }
        }
        callers.push(apps);
        balancers.push(lbs);
        s += 1;
    }
    emit(&d, components, seed)
}

/// Clusters in each service's chain of [`cloud`].
const CLOUD_TIERS: usize = 10;
/// Components in each service of [`cloud`]: two hosts per tier, each with a server and an agent.
pub const CLOUD_SERVICE_COMPONENTS: usize = CLOUD_TIERS * 4;

/// The `.arch` source of the cloud-shaped design (see the module documentation) with about
/// `components` components: `components / 40` services rounded to the nearest, at least one,
/// each of [`CLOUD_SERVICE_COMPONENTS`] components, plus the users and the monitoring service.
///
/// Deterministic, and it compiles with [`crate::compile`] for every size.
///
/// ```
/// let source = archc::generate::cloud(1_000);
/// let compiled = archc::compile(&source, "cloud").unwrap();
/// assert_eq!(compiled.model.components().count(), 1_002);
/// ```
pub fn cloud(components: usize) -> String {
    let services = ((components + CLOUD_SERVICE_COMPONENTS / 2) / CLOUD_SERVICE_COMPONENTS).max(1);
    let mut s = String::from(
        "title \"Cloud\"\nclient user\nmonitoring metrics { managed = true }\n\
         zone az-a { failure_domain = true }\nzone az-b { failure_domain = true }\nzone az-c { failure_domain = true }\n",
    );
    let zones = ["az-a", "az-b", "az-c"];
    let mut host = 0usize;
    for k in 0..services {
        for t in 0..CLOUD_TIERS {
            let kind = match t {
                0 => "load_balancer",
                t if t == CLOUD_TIERS - 1 => "database",
                _ => "app_server",
            };
            let _ = writeln!(s, "cluster s{k}-t{t} {{");
            for m in 0..2 {
                let zone = zones[host % 3];
                host += 1;
                let attrs = match (kind, m) {
                    ("database", 0) => " { role = primary; failover = automatic }".to_string(),
                    ("database", _) => format!(" {{ replicates = s{k}-t{t}-0 }}"),
                    _ => String::new(),
                };
                let _ = writeln!(
                    s,
                    "  host s{k}-t{t}-h{m} {{ zone = {zone}; {kind} s{k}-t{t}-{m}{attrs}; monitoring s{k}-t{t}-a{m} }}"
                );
                let _ = writeln!(s, "  s{k}-t{t}-a{m} ~> metrics : https");
            }
            let _ = writeln!(s, "}}");
            if t + 1 < CLOUD_TIERS {
                let _ = writeln!(s, "s{k}-t{t} -> s{k}-t{} : https", t + 1);
            }
        }
        let _ = writeln!(s, "user -> s{k}-t0 : https");
    }
    s
}

/// Writes the first `components` components (in creation order) and what they need.
fn emit(d: &Design, components: usize, seed: u64) -> String {
    let n = d.elems.len();
    let mut kept = vec![false; n];
    let mut count = 0;
    for (i, e) in d.elems.iter().enumerate() {
        if e.component && count < components {
            kept[i] = true;
            count += 1;
        }
    }
    // A container is kept when it holds a kept component; a cluster can be linked to when it
    // holds a kept member (a component other than a firewall or monitoring agent).
    let mut linkable = kept.clone();
    for i in 0..n {
        if !kept[i] || !d.elems[i].component {
            continue;
        }
        let member = !matches!(d.elems[i].kind, "firewall" | "monitoring");
        let mut p = d.elems[i].parent;
        while let Some(c) = p {
            kept[c] = true;
            if member && d.elems[c].kind == "cluster" {
                linkable[c] = true;
            }
            p = d.elems[c].parent;
        }
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut roots = Vec::new();
    for (i, e) in d.elems.iter().enumerate() {
        if kept[i] {
            match e.parent {
                Some(p) => children[p].push(i),
                None => roots.push(i),
            }
        }
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "title \"Generated architecture ({components} components, seed {seed})\""
    );
    for &r in &roots {
        write_elem(&mut out, d, &kept, &children, r, 0);
    }
    for l in &d.links {
        if !linkable[l.from] || !linkable[l.to] {
            continue;
        }
        let _ = write!(out, "{} -> {}", d.elems[l.from].id, d.elems[l.to].id);
        if let Some(p) = l.protocol {
            let _ = write!(out, " : {p}");
        }
        if let Some(label) = l.label {
            let _ = write!(out, " \"{label}\"");
        }
        if !l.attrs.is_empty() {
            let _ = write!(out, " {}", l.attrs);
        }
        out.push('\n');
    }
    out
}

fn write_elem(
    out: &mut String,
    d: &Design,
    kept: &[bool],
    children: &[Vec<usize>],
    i: usize,
    depth: usize,
) {
    let e = &d.elems[i];
    let indent = "  ".repeat(depth);
    let _ = write!(out, "{indent}{} {}", e.kind, e.id);
    if let Some(label) = &e.label {
        let _ = write!(out, " \"{label}\"");
    }
    let mut attrs: Vec<String> = e.attrs.iter().map(|(k, v)| format!("{k} = {v}")).collect();
    if let Some(p) = e.replicates.filter(|&p| kept[p]) {
        attrs.push(format!("replicates = {}", d.elems[p].id));
    } else if e.replicates.is_some() {
        attrs.retain(|a| a != "role = replica");
    }
    if children[i].is_empty() {
        if !attrs.is_empty() {
            let _ = write!(out, " {{ {} }}", attrs.join("; "));
        }
        out.push('\n');
        return;
    }
    out.push_str(" {\n");
    for a in &attrs {
        let _ = writeln!(out, "{indent}  {a}");
    }
    for &c in &children[i] {
        write_elem(out, d, kept, children, c, depth + 1);
    }
    let _ = writeln!(out, "{indent}}}");
}

#[cfg(test)]
mod tests {
    use super::{architecture, cloud, CLOUD_SERVICE_COMPONENTS};

    #[test]
    fn generated_designs_compile_with_the_exact_size() {
        for size in [1, 2, 5, 10, 37, 100, 1000, 2000, 10_000] {
            for seed in [0, 1, 2, 42] {
                let source = architecture(size, seed);
                let compiled = match crate::compile(&source, "generated") {
                    Ok(c) => c,
                    Err(errors) => panic!(
                        "size {size}, seed {seed}: {} errors, first: {:?}\n{source}",
                        errors.len(),
                        errors.first()
                    ),
                };
                assert_eq!(compiled.model.components().count(), size, "seed {seed}");
            }
        }
    }

    #[test]
    fn cloud_designs_have_zones_of_clusters_of_hosts_with_agents() {
        let compiled = crate::compile(&cloud(2_000), "c").unwrap();
        let model = &compiled.model;
        use crate::model::ContainerKind;
        assert_eq!(
            model.components().count(),
            50 * CLOUD_SERVICE_COMPONENTS + 2
        );
        assert_eq!(model.containers(ContainerKind::Host).count(), 50 * 20);
        assert_eq!(model.containers(ContainerKind::Cluster).count(), 50 * 10);
        assert_eq!(model.containers(ContainerKind::Zone).count(), 3);
        assert_eq!(cloud(10), cloud(1));
        assert_eq!(cloud(2_000), cloud(2_000));
        assert!(cloud(100).len() < cloud(140).len());
    }

    #[test]
    fn generation_is_deterministic_and_depends_on_the_seed() {
        assert_eq!(architecture(300, 5), architecture(300, 5));
        assert_ne!(architecture(300, 5), architecture(300, 6));
    }

    #[test]
    fn generated_designs_have_the_shape_of_real_ones() {
        let compiled = crate::compile(&architecture(1000, 3), "g").unwrap();
        let model = &compiled.model;
        use crate::model::ContainerKind;
        let hosts = model.containers(ContainerKind::Host).count();
        let zones = model.containers(ContainerKind::Zone).count();
        let clusters = model.containers(ContainerKind::Cluster).count();
        assert!(
            hosts > 100 && zones > 10 && clusters > 10,
            "{hosts} {zones} {clusters}"
        );
        let labelled = model.links.iter().filter(|l| l.label.is_some()).count();
        assert!(
            labelled * 3 > model.links.len(),
            "{labelled} of {}",
            model.links.len()
        );
        assert!(model.links.len() > 1000, "{}", model.links.len());
    }
}
