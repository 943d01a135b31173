//! `tls-terminated-at-load-balancer`: a load balancer that decrypts TLS (`tls = terminate`,
//! written or implied by an encrypted link into it) and forwards plain text to another host.

use crate::analysis::{describe, finding, flow::is_replication, name_list, Context, Finding, Severity};
use crate::model::{ComponentKind, ElementId, Tls};

use super::{Group, RuleInfo};

/// The rule's documentation.
pub const INFO: RuleInfo = RuleInfo {
    name: "tls-terminated-at-load-balancer",
    group: Group::Security,
    severity: Severity::Medium,
    severities: &[Severity::Medium],
    summary: "TLS ends at a proxy and the traffic behind it travels in plain text.",
    why: "The load balancer decrypts HTTPS and sends the requests on to the servers over plain \
HTTP. Inside a private network that is often accepted, but whoever can listen on that network \
(another tenant, a compromised machine, a mirrored switch port) reads every password and cookie.",
    fix: "Re-encrypt towards the backends (`tls = reencrypt`, with certificates on the web \
servers and `: https` links), pass the encrypted stream through (`tls = passthrough`), or keep \
the plain hop inside a trusted `zone` and accept it with `allow`.",
    example: r#"client user
host lb-host { load_balancer lb { tls = terminate } }
host web { web_server nginx }
user -> lb : https
lb -> nginx : http"#,
};

/// Reports every terminating load balancer with plain links to other hosts.
pub fn check(cx: &Context) -> Vec<Finding> {
    let model = cx.model;
    let mut out = Vec::new();
    for lb in model.components_of(ComponentKind::LoadBalancer) {
        if model.tls(lb) != Tls::Terminate {
            continue;
        }
        let mut plain: Vec<ElementId> = Vec::new();
        for l in model.outgoing(lb) {
            let link = model.link(l);
            if link.encrypted
                || is_replication(model, link)
                || model.failure_domain(link.to) == model.failure_domain(lb)
                || plain.contains(&link.to)
            {
                continue;
            }
            plain.push(link.to);
        }
        if plain.is_empty() {
            continue;
        }
        let mut elements = vec![lb];
        elements.extend(plain.iter().copied());
        out.push(finding(
            model,
            INFO.name,
            INFO.severity,
            elements,
            format!(
                "{} decrypts TLS and forwards plain text to {} on another host: the traffic behind it can be read on the network.",
                describe(model, lb),
                name_list(model, &plain)
            ),
        ));
    }
    out
}
