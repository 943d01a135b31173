//! `no-https`: an untrusted client talks to the site (anything but DNS) over an unencrypted
//! link.

use std::collections::BTreeMap;

use crate::analysis::{describe, finding, name_list, Context, Finding, Severity};
use crate::model::{ComponentKind, ElementId};

use super::{Group, RuleInfo};

/// The rule's documentation.
pub const INFO: RuleInfo = RuleInfo {
    name: "no-https",
    group: Group::Security,
    severity: Severity::High,
    severities: &[Severity::High],
    summary: "An untrusted client talks to the site over an unencrypted protocol.",
    why: "Plain HTTP crosses networks that the site does not control: a café's Wi-Fi, an \
internet provider, a compromised router. Anyone on the way can read passwords and cookies and \
change the pages; browsers mark such sites \"Not secure\".",
    fix: "Serve the site over HTTPS: give the element that receives the client's requests a \
certificate (`certificate = \"www.example.com\"`, e.g. from Let's Encrypt), write the link \
`: https`, and redirect HTTP to HTTPS.",
    example: r#"client user
host server { web_server nginx }
user -> nginx : http"#,
};

/// Reports, per element receiving them, the unencrypted links from clients.
pub fn check(cx: &Context) -> Vec<Finding> {
    let model = cx.model;
    let mut by_target: BTreeMap<ElementId, (Vec<ElementId>, Option<String>)> = BTreeMap::new();
    for client in model
        .components_of(ComponentKind::Client)
        .filter(|&c| model.trust(c) == crate::model::Trust::Untrusted)
    {
        for l in model.outgoing(client) {
            let link = model.link(l);
            let to = model.element(link.to);
            if link.encrypted || to.is(ComponentKind::Dns) || to.is(ComponentKind::Client) {
                continue;
            }
            let entry = by_target.entry(link.to).or_default();
            if !entry.0.contains(&client) {
                entry.0.push(client);
            }
            if entry.1.is_none() {
                entry.1 = link.protocol.clone();
            }
        }
    }
    by_target
        .into_iter()
        .map(|(target, (clients, protocol))| {
            let over = match protocol {
                Some(p) => format!("unencrypted `{p}`"),
                None => "an unencrypted link".to_string(),
            };
            let mut elements = vec![target];
            elements.extend(clients.iter().copied());
            finding(
                model,
                INFO.name,
                INFO.severity,
                elements,
                format!(
                    "{} talk{} to {} over {over}: anyone on the network between them can read and change the traffic.",
                    name_list(model, &clients),
                    if clients.len() == 1 { "s" } else { "" },
                    describe(model, target)
                ),
            )
        })
        .collect()
}
