//! The "DNS" part of "How it works": the names the design's DNS servers answer, and their records.

use std::fmt::Write as _;

use super::tree::Blocks;
use super::{code, dedup, escape, Doc};
use crate::knowledge;
use crate::model::{ComponentKind as C, ElementId};
use crate::render::english::{capitalize, join_and};

impl Doc<'_> {
    /// "The domain name and DNS": the site's domain names, who runs DNS, and each record.
    pub(super) fn dns(&self) -> Blocks {
        let m = self.m;
        let dns: Vec<_> = m.components_of(C::Dns).collect();
        let mut out = Blocks::default();
        if dns.is_empty() {
            return out;
        }
        out.heading(3, "The domain name and DNS");
        let records: Vec<(ElementId, String, knowledge::DnsRecord)> = dns
            .iter()
            .flat_map(|&d| {
                m.element(d)
                    .attrs
                    .records
                    .iter()
                    .map(move |r| (d, r.clone(), knowledge::dns_record(r)))
            })
            .filter_map(|(d, raw, rec)| rec.map(|r| (d, raw, r)))
            .collect();
        let domains = dedup(
            records
                .iter()
                .filter(|(_, _, r)| r.points_somewhere())
                .map(|(_, _, r)| r.domain()),
        );
        let domain_text = match domains.as_slice() {
            [] => "The site's domain name is its".to_string(),
            [one] => format!("The domain name {} is the site's", escape(one)),
            many => format!(
                "The domain names {} are the site's",
                join_and(&many.iter().map(|d| escape(d)).collect::<Vec<_>>())
            ),
        };
        if self.full {
            out.paragraph(format!(
                "{domain_text} stable, human-readable identity: people type it and links point at it, while the machines and addresses behind it may change. Its owner registers it with a registrar and publishes its records on name servers; names inside it, such as `www`, are subdomains that can each point somewhere else.",
            ));
            out.paragraph(knowledge::component(C::Dns).what);
        } else {
            let lead = match domains.as_slice() {
                [] => "DNS turns the site's domain name into addresses".to_string(),
                [one] => format!("{} is the site's domain name, and DNS turns the names in it into addresses", escape(one)),
                many => format!(
                    "{} are the site's domain names, and DNS turns the names in them into addresses",
                    join_and(&many.iter().map(|d| escape(d)).collect::<Vec<_>>())
                ),
            };
            out.paragraph(format!(
                "{lead} ([what a domain name is](#the-domain-name))."
            ));
        }
        for &d in dns.iter().filter(|_| self.full) {
            let managed = m.managed(d);
            if managed && m.element(d).attrs.managed.is_none() {
                self.assume(format!(
                    "{} is a managed service (the default for DNS): its provider runs several name servers, so it is not reported as a single point of failure.",
                    self.name(d)
                ));
            }
            out.paragraph(format!(
                "{} {}.",
                capitalize(&self.name(d)),
                if managed {
                    "is run by a DNS provider (managed)"
                } else {
                    "is run by the design itself (not managed)"
                }
            ));
        }
        let unparsed: Vec<&String> = dns
            .iter()
            .flat_map(|&d| m.element(d).attrs.records.iter())
            .filter(|r| knowledge::dns_record(r).is_none())
            .collect();
        if records.is_empty() && unparsed.is_empty() {
            out.paragraph("The design lists no DNS record: add `records = [\"www.example.com A 203.0.113.10\"]` to show where the name points.");
        }
        for (_, raw, rec) in &records {
            let mut line = format!("{}: ", code(raw));
            let article = if matches!(
                rec.kind.as_str(),
                "A" | "AAAA" | "MX" | "NS" | "SOA" | "SRV"
            ) {
                "an"
            } else {
                "a"
            };
            match rec.subdomain().filter(|_| rec.points_somewhere()) {
                Some(sub) => {
                    let _ = write!(line, "{} in {} is {article} ", code(sub), escape(&rec.name));
                }
                None => {
                    let _ = write!(line, "{} has {article} ", escape(&rec.name));
                }
            }
            match rec.known {
                Some(t) if !self.full => {
                    let _ = write!(line, "**{} record** ({}).", t.name, t.long);
                }
                Some(t) => {
                    let _ = write!(line, "**{} record** ({}). {}", t.name, t.long, t.what);
                }
                None => {
                    let _ = write!(
                        line,
                        "{} record, a type archc does not describe.",
                        escape(&rec.kind)
                    );
                }
            }
            let _ = write!(line, " Here its value is {}", code(&rec.value));
            match self.owner_of_address(&rec.value) {
                Some(o) => {
                    let _ = write!(line, ", the address of {}.", self.name(o));
                }
                None => line.push('.'),
            }
            out.item(line);
        }
        for raw in unparsed {
            out.item(format!(
                "{}: archc cannot read this record; it expects `NAME TYPE VALUE`.",
                code(raw)
            ));
        }
        out
    }
}
