//! The names the write-up gives elements (`Label (`id`)`, or `` `id` `` once named), and the small
//! facts about an element that sentences use: its kind, address, links and protocols.

use std::fmt::Write as _;

use super::{code, dedup, escape, Doc};
use crate::knowledge;
use crate::model::{ComponentKind as C, ElementId, Kind, LinkId};
use crate::render::english::join_and;

impl Doc<'_> {
    /// `Label (`id`)`, or `` `id` `` when the label is the identifier; below `--detail full`,
    /// `` `id` `` once the document has named the element in full.
    pub(super) fn name(&self, id: ElementId) -> String {
        let seen = !self.full && std::mem::replace(&mut self.named.borrow_mut()[id.0], true);
        // A summarised document's Elements table gives its zones' and clusters' labels; the
        // text names them by identifier, so that alike steps stay alike.
        let container = matches!(self.m.element(id).kind, Kind::Container(_));
        if seen || container && self.summarised {
            code(&self.m.element(id).id)
        } else {
            self.full_name(id)
        }
    }

    /// `Label (`id`)`, or `` `id` `` when the label is the identifier, wherever it is written.
    pub(super) fn full_name(&self, id: ElementId) -> String {
        crate::model::naming::name(self.m, id, &super::escaping::Markdown)
    }

    /// The names of `ids` as one list ("`a`, `b` and `c`"); below `--detail full`, a long list
    /// by its ends and size.
    pub(super) fn names(&self, ids: &[ElementId]) -> String {
        if !self.full && ids.len() > 5 {
            // A long list: its ends and its size, under its one label when it has one.
            if self.shares_label(ids) {
                let fresh = ids.iter().any(|&i| !self.named.borrow()[i.0]);
                for &i in ids {
                    self.named.borrow_mut()[i.0] = true;
                }
                let e = |i: ElementId| code(&self.m.element(i).id);
                let list = format!("{}, {} … {}", e(ids[0]), e(ids[1]), e(ids[ids.len() - 1]));
                return if fresh {
                    format!(
                        "{} ({list}; {} in all)",
                        escape(&self.m.element(ids[0]).label),
                        ids.len()
                    )
                } else {
                    format!("{list} ({} in all)", ids.len())
                };
            }
            let shown: Vec<String> = [ids[0], ids[1], ids[ids.len() - 1]]
                .iter()
                .map(|&i| self.name(i))
                .collect();
            for &i in ids {
                self.named.borrow_mut()[i.0] = true;
            }
            return format!(
                "{}, {} … {} ({} in all)",
                shown[0],
                shown[1],
                shown[2],
                ids.len()
            );
        }
        self.names_with(ids, |i| code(&self.m.element(i).id))
    }

    /// Whether `ids` are two or more elements of one label (not their identifier), named as a
    /// group below `--detail full`.
    pub(super) fn shares_label(&self, ids: &[ElementId]) -> bool {
        let m = self.m;
        !self.full
            && ids.len() > 1
            && ids.iter().all(|&i| {
                let e = m.element(i);
                e.label == m.element(ids[0]).label && e.label != e.id
            })
    }

    /// The names of `ids`; below `--detail full`, members that share one label are named once
    /// as a group: `Nginx (`nginx-1` and `nginx-2`)`, each identifier written by `each`.
    pub(super) fn names_with(
        &self,
        ids: &[ElementId],
        each: impl Fn(ElementId) -> String,
    ) -> String {
        let m = self.m;
        if self.shares_label(ids) {
            let label = &m.element(ids[0]).label;
            let fresh = ids.iter().any(|&i| !self.named.borrow()[i.0]);
            for &i in ids {
                self.named.borrow_mut()[i.0] = true;
            }
            let list = join_and(&ids.iter().map(|&i| each(i)).collect::<Vec<_>>());
            return if fresh {
                format!("{} ({list})", escape(label))
            } else {
                list
            };
        }
        join_and(&ids.iter().map(|&i| self.name(i)).collect::<Vec<_>>())
    }

    /// The name, followed by ` on HOST` when the element is in a host.
    pub(super) fn name_on(&self, id: ElementId) -> String {
        match self.m.host_of(id) {
            // A summarised document says where each component runs in its Servers section.
            Some(_) if self.summarised => self.name(id),
            Some(h) => format!("{} on {}", self.name(id), self.host_name(id, h)),
            None => self.name(id),
        }
    }

    /// The name of `h`, the host of `id`, by its identifier alone when both share one label
    /// (never "Application server (`app`) on Application server (`app-server`)").
    pub(super) fn host_name(&self, id: ElementId, h: ElementId) -> String {
        if self.m.element(h).label == self.m.element(id).label {
            self.named.borrow_mut()[h.0] = true;
            code(&self.m.element(h).id)
        } else {
            self.name(h)
        }
    }

    /// The name, with ` on HOST` when its host differs from `from`'s.
    pub(super) fn name_from(&self, id: ElementId, from: ElementId) -> String {
        match self.m.host_of(id) {
            Some(_) if self.summarised => self.name(id),
            Some(h) if self.m.host_of(from) != Some(h) => {
                format!("{} on {}", self.name(id), self.host_name(id, h))
            }
            _ => self.name(id),
        }
    }

    /// The name, with ` on HOST` unless every one of `from` is on the same host.
    pub(super) fn name_from_all(&self, id: ElementId, from: &[ElementId]) -> String {
        match self.m.host_of(id) {
            Some(_) if self.summarised => self.name(id),
            Some(h) if from.iter().any(|&f| self.m.host_of(f) != Some(h)) => {
                format!("{} on {}", self.name(id), self.host_name(id, h))
            }
            _ => self.name(id),
        }
    }

    /// `the cluster NAME`, or just the name when its label already says what it is.
    pub(super) fn the_kind(&self, id: ElementId) -> String {
        let noun = self.kind_noun(id);
        if self.m.element(id).label.to_lowercase().contains(noun) {
            self.name(id)
        } else {
            format!("the {noun} {}", self.name(id))
        }
    }

    /// The noun for the element's kind ("web server", "zone").
    pub(super) fn kind_noun(&self, id: ElementId) -> &'static str {
        match self.m.element(id).kind {
            Kind::Component(k) => knowledge::component(k).noun,
            Kind::Container(k) => knowledge::container(k).noun,
        }
    }

    /// Whether the element is a component of `kind`.
    pub(super) fn is(&self, id: ElementId, kind: C) -> bool {
        self.m.element(id).is(kind)
    }

    /// The element's own address, or its host's.
    pub(super) fn address(&self, id: ElementId) -> Option<&str> {
        let e = self.m.element(id);
        e.attrs
            .ip
            .as_deref()
            .or(e.attrs.vip.as_deref())
            .or_else(|| {
                self.m
                    .host_of(id)
                    .and_then(|h| self.m.element(h).attrs.ip.as_deref())
            })
    }

    /// Whether a monitoring component is an agent (inside a host).
    pub(super) fn is_agent(&self, id: ElementId) -> bool {
        self.is(id, C::Monitoring) && self.m.host_of(id).is_some()
    }

    /// What a monitoring agent collects, as words.
    pub(super) fn collects(&self, id: ElementId) -> String {
        let signals = &self.m.element(id).attrs.collects;
        if signals.is_empty() {
            "metrics and logs".to_string()
        } else {
            join_and(
                &signals
                    .iter()
                    .map(|s| s.as_str().to_string())
                    .collect::<Vec<_>>(),
            )
        }
    }

    /// What the element links to, each once, in link order.
    pub(super) fn targets(&self, id: ElementId) -> Vec<ElementId> {
        dedup(self.m.outgoing(id).map(|l| self.m.link(l).to))
    }

    /// What links to the element, each once, in link order.
    pub(super) fn sources(&self, id: ElementId) -> Vec<ElementId> {
        dedup(self.m.incoming(id).map(|l| self.m.link(l).from))
    }

    /// The backends of a load balancer: what it forwards to, monitoring aside.
    pub(super) fn backends(&self, lb: ElementId) -> Vec<ElementId> {
        self.targets(lb)
            .into_iter()
            .filter(|&t| !self.is(t, C::Monitoring))
            .collect()
    }

    /// How a link carries its traffic: " over HTTPS (port 443)", encrypted or not.
    pub(super) fn protocol_phrase(&self, link: LinkId) -> String {
        let l = self.m.link(link);
        let mut text = match l.protocol.as_deref() {
            Some(p) => match knowledge::protocol(p) {
                Some(info) => format!(" over {}", info.display),
                None => format!(" over {}", code(p)),
            },
            None => String::new(),
        };
        if let Some(port) = l.port {
            let _ = write!(text, " (port {port})");
        }
        if l.encrypted
            && !l
                .protocol
                .as_deref()
                .is_some_and(|p| crate::model::ENCRYPTED_PROTOCOLS.contains(&p))
        {
            text.push_str(", encrypted");
        }
        text
    }
}
