//! The "HTTPS" part of "How it works": where TLS ends, certificates and encrypted links.

use std::fmt::Write as _;

use super::tree::Blocks;
use super::{code, dedup, escape, Doc};
use crate::knowledge;
use crate::model::{ComponentKind as C, ElementId, LinkId, Tls};
use crate::render::english::join_and;

impl Doc<'_> {
    /// "HTTPS, certificates and TLS": whether users reach the site encrypted, what each
    /// element that handles TLS does with it, and which links are encrypted.
    pub(super) fn https(&self) -> Blocks {
        let m = self.m;
        let client_links: Vec<_> = (0..m.links.len())
            .map(LinkId)
            .filter(|&l| self.is(m.link(l).from, C::Client) && !self.is(m.link(l).to, C::Dns))
            .collect();
        let tls_elements: Vec<_> = m
            .components()
            .filter(|&c| {
                (self.is(c, C::LoadBalancer) || self.is(c, C::WebServer))
                    && (m.tls(c) != Tls::None || m.element(c).attrs.certificate.is_some())
            })
            .collect();
        if client_links.is_empty() && tls_elements.is_empty() {
            return Blocks::default();
        }
        let mut out = Blocks::default();
        out.heading(3, "HTTPS, certificates and TLS");
        if self.full {
            out.paragraph(knowledge::HTTPS_WHY);
        } else {
            out.paragraph(
                "Why a site is served over HTTPS: [Background](#https-and-certificates).",
            );
        }
        // The users: untrusted clients (a trusted one is an internal caller).
        let plain_in: Vec<_> = client_links
            .iter()
            .copied()
            .filter(|&l| !m.link(l).encrypted)
            .filter(|&l| m.element(m.link(l).from).attrs.trusted != Some(true))
            .collect();
        if !plain_in.is_empty() {
            let pairs: Vec<_> = plain_in
                .iter()
                .map(|&l| {
                    format!(
                        "{} → {}",
                        code(&m.element(m.link(l).from).id),
                        code(&m.element(m.link(l).to).id)
                    )
                })
                .collect();
            let pairs = dedup(pairs.iter()).into_iter().cloned().collect::<Vec<_>>();
            out.paragraph(format!(
                "In this design the users reach the site without encryption ({}): nothing between their browser and the site is protected.",
                pairs.join(", ")
            ));
        }
        let mut tls_lines: Vec<(Vec<ElementId>, String)> = Vec::new();
        for c in tls_elements {
            let e = m.element(c);
            let tls = m.tls(c);
            let info = knowledge::tls(tls);
            let mut line = format!(" — TLS {}", code(tls.as_str()));
            if let Some(cert) = &e.attrs.certificate {
                let _ = write!(line, ", certificate for {}", escape(cert));
            }
            if self.full {
                let _ = write!(line, ". {}", info.detail);
            } else {
                let _ = write!(line, " ({}).", info.short);
            }
            let out_links: Vec<_> = m
                .outgoing(c)
                .filter(|&l| !self.is(m.link(l).to, C::Monitoring))
                .collect();
            let plain: Vec<_> = out_links
                .iter()
                .copied()
                .filter(|&l| !m.link(l).encrypted)
                .collect();
            let enc: Vec<_> = out_links
                .iter()
                .copied()
                .filter(|&l| m.link(l).encrypted)
                .collect();
            if !plain.is_empty() {
                let to = self.names(&dedup(plain.iter().map(|&l| m.link(l).to)));
                match tls {
                    Tls::Passthrough => {
                        let _ = write!(
                            line,
                            " The design marks its links to {to} as unencrypted, but with passthrough they carry the client's encrypted stream: make them `tls`, or say `encrypted = true`."
                        );
                    }
                    Tls::Reencrypt => {
                        let _ = write!(
                            line,
                            " The design marks its links to {to} as unencrypted, although it re-encrypts: make them `https`, or say `encrypted = true`."
                        );
                    }
                    _ => {
                        let _ = write!(line, " Behind it, the traffic to {to} is plain.");
                    }
                }
            }
            if !enc.is_empty() {
                let _ = write!(
                    line,
                    " Behind it, the traffic to {} is encrypted.",
                    self.names(&dedup(enc.iter().map(|&l| m.link(l).to)))
                );
            }
            if tls == Tls::None {
                if let Some(cert) = &e.attrs.certificate {
                    let _ = write!(line, " It is given the certificate for {} but receives no encrypted traffic, so the certificate is not used.", escape(cert));
                }
            }
            match tls_lines.iter_mut().find(|(_, l)| *l == line && !self.full) {
                Some((ids, _)) => ids.push(c),
                None => tls_lines.push((vec![c], line)),
            }
        }
        for (ids, line) in tls_lines {
            let subjects: Vec<String> = ids.iter().map(|&c| self.name_on(c)).collect();
            out.item(format!("{}{line}", join_and(&subjects)));
        }
        let arrows = |keep: &dyn Fn(&crate::model::Link) -> bool| -> Vec<String> {
            m.links
                .iter()
                .filter(|l| keep(l))
                .map(|l| {
                    format!(
                        "{} → {}",
                        code(&m.element(l.from).id),
                        code(&m.element(l.to).id)
                    )
                })
                .collect()
        };
        let encrypted = arrows(&|l| l.encrypted);
        let plain = arrows(&|l| !l.encrypted && l.protocol.is_some());
        if encrypted.is_empty() && !self.full {
            out.paragraph("No link of the design is encrypted.");
            return out;
        }
        if self.summarised && plain.len() > 5 {
            out.paragraph(format!(
                "{} links are unencrypted ({}, {} … {}); every other link is encrypted.",
                plain.len(),
                plain[0],
                plain[1],
                plain[plain.len() - 1]
            ));
            return out;
        }
        if !self.full && !plain.is_empty() {
            out.paragraph(format!(
                "Unencrypted links: {}; every other link is encrypted.",
                plain.join(", ")
            ));
            return out;
        }
        if !self.full && plain.is_empty() {
            out.paragraph("Every link of the design is encrypted.");
            return out;
        }
        if !encrypted.is_empty() {
            out.paragraph(format!("Encrypted links: {}.", encrypted.join(", ")));
        }
        if !plain.is_empty() {
            out.paragraph(format!("Unencrypted links: {}.", plain.join(", ")));
        }
        out
    }
}
