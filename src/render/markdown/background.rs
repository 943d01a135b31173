//! The Background appendix (`--detail standard` and `full`): the general explanations of every kind,
//! protocol and value the design uses, from [`crate::knowledge`], each once. Designs share
//! these paragraphs; the body of the document does not depend on them.

use std::fmt::Write as _;

use super::{code, Doc};
use crate::knowledge;
use crate::model::{Kind, Replication, Setup};

impl Doc<'_> {
    pub(super) fn background_appendix(&self) -> String {
        let m = self.m;
        let mut out = String::from("## Background\n\nGeneral explanations of what this design uses; nothing here is specific to it.\n\n");
        let mut kinds: Vec<Kind> = Vec::new();
        for i in m.ids() {
            let k = m.element(i).kind;
            if !kinds.contains(&k) {
                kinds.push(k);
            }
        }
        for k in &kinds {
            let info = match *k {
                Kind::Component(c) => knowledge::component(c),
                Kind::Container(c) => knowledge::container(c),
            };
            let _ = writeln!(out, "### {}\n\n{}\n", info.title, info.what);
        }
        let mut protocols: Vec<&str> = Vec::new();
        for l in &m.links {
            if let Some(p) = l.protocol.as_deref().and_then(knowledge::protocol) {
                if !protocols.contains(&p.name) {
                    protocols.push(p.name);
                    let _ = writeln!(out, "### {}\n\n{}\n", p.display, p.what);
                }
            }
        }
        let mut setups: Vec<Setup> = Vec::new();
        let mut modes: Vec<Replication> = Vec::new();
        for i in m.ids() {
            let a = &m.element(i).attrs;
            if let Some(s) = a.setup {
                if !setups.contains(&s) {
                    setups.push(s);
                }
            }
            if let Some(r) = a.replication {
                if !modes.contains(&r) {
                    modes.push(r);
                }
            }
        }
        for s in setups {
            let e = knowledge::setup(s);
            let _ = writeln!(out, "### {}\n\n{}\n", code(e.name), e.detail);
        }
        for r in modes {
            let e = knowledge::replication(r);
            let _ = writeln!(out, "### {} replication\n\n{}\n", code(e.name), e.detail);
        }
        let _ = writeln!(
            out,
            "### Running it\n\n{} {} {} {}\n",
            knowledge::BACKUPS,
            knowledge::ADMIN_ACCESS,
            knowledge::HTTPS_REDIRECT,
            knowledge::HEADROOM
        );
        out
    }
}
