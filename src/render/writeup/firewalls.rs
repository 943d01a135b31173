//! The "Firewalls" part of "How it works": what each firewall admits.

use std::fmt::Write as _;

use super::tree::Blocks;
use super::{code, Doc};
use crate::knowledge;
use crate::model::ComponentKind as C;
use crate::render::english::join_and;

impl Doc<'_> {
    /// The "Firewalls" part: what each firewall guards and what it allows.
    pub(super) fn firewalls(&self) -> Blocks {
        let m = self.m;
        let fws: Vec<_> = m.components_of(C::Firewall).collect();
        let mut out = Blocks::default();
        if fws.is_empty() {
            return out;
        }
        out.heading(3, "Firewalls");
        if self.full {
            out.paragraph(knowledge::component(C::Firewall).what);
        }
        for fw in fws {
            let e = m.element(fw);
            let mut line = match m.host_of(fw) {
                Some(h) => {
                    let guarded: Vec<_> = m
                        .components_in(h)
                        .into_iter()
                        .filter(|&c| {
                            c != fw
                                && !self.is(c, C::Firewall)
                                && m.incoming(c).any(|l| m.host_of(m.link(l).from) != Some(h))
                        })
                        .collect();
                    // Not "(to X)" after the host: a name may end in brackets itself.
                    if guarded.is_empty() {
                        format!(
                            "{} guards every connection into {}",
                            self.name(fw),
                            self.name(h)
                        )
                    } else {
                        let fw_name = self.name(fw);
                        let to = self.names(&guarded);
                        // Never "Application server (`app`) on Application server (…)".
                        let host = match guarded
                            .iter()
                            .find(|&&g| m.element(g).label == m.element(h).label)
                        {
                            Some(&g) => self.host_name(g, h),
                            None => self.name(h),
                        };
                        format!("{fw_name} guards every connection that reaches {to} on {host}")
                    }
                }
                None => {
                    let through: Vec<_> = self.targets(fw);
                    let mut l = format!(
                        "{} guards the traffic that passes through it",
                        self.name(fw)
                    );
                    if !through.is_empty() {
                        let _ = write!(l, " on its way to {}", self.names(&through));
                    }
                    l
                }
            };
            if e.attrs.allow.is_empty() {
                line.push_str("; the design does not list what it allows.");
            } else {
                let rules: Vec<_> = e.attrs.allow.iter().map(|a| code(a)).collect();
                let _ = write!(
                    line,
                    ": it allows {} and drops everything else.",
                    join_and(&rules)
                );
            }
            match e.attrs.waf {
                Some(true) => line.push_str(" It is also a web application firewall: it reads the HTTP requests and blocks known attacks (SQL injection, cross-site scripting) before they reach the servers."),
                Some(false) => line.push_str(" It filters connections only; it does not inspect HTTP requests (no WAF)."),
                None => {}
            }
            let _ = write!(line, "{}", self.why_clause(fw));
            out.item(line);
        }
        out
    }
}
