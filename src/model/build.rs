//! From the AST to the [`Model`]: three passes over the file.
//!
//! 1. declare every element (kinds, nesting, duplicate identifiers);
//! 2. type every attribute (which needs every name, for `replicates`);
//! 3. expand and resolve every link and `allow`, then build the graph.

use std::collections::BTreeMap;

use petgraph::graph::DiGraph;

use super::attrs::*;
use super::*;
use crate::diagnostic::{closest, Diagnostic, DiagnosticKind as K, Span, ValueShape};
use crate::syntax::ast::{self, Item};
use crate::syntax::limits;

impl Model {
    /// Builds the model of a parsed file.
    ///
    /// `stem` is the default title (the file name without extension). Returns the model and its
    /// warnings, or every error found (codes `E02xx`), in source order.
    ///
    /// Linear in the size of the file: what an error needs from the whole design (the closest
    /// name for a "did you mean", the zones, flows or components its hint lists) is looked up
    /// only for the first [`limits::MAX_ERRORS`] errors, those [`crate::compile`] shows (it
    /// counts the others in one `E0109`), so a file with many errors and many names is not
    /// quadratic. The errors after them say what is wrong without those hints.
    pub fn build(
        file: &ast::File,
        stem: &str,
    ) -> Result<(Model, Vec<Diagnostic>), Vec<Diagnostic>> {
        let mut b = Builder::default();
        b.header(file);
        b.declare(&file.items, None);
        b.type_attributes();
        b.links_and_allows(&file.items);
        b.check_clusters();
        b.check_placement();
        b.check_absent_needed();
        if b.diags.iter().any(Diagnostic::is_error) {
            let mut errors = std::mem::take(&mut b.diags);
            errors.sort_by_key(|d| d.primary().map(|s| s.start));
            for d in errors.iter_mut().take(limits::MAX_ERRORS) {
                b.complete(d);
            }
            return Err(errors);
        }
        let Builder {
            title,
            description,
            direction,
            elements,
            mut diags,
            links,
            allows,
            by_name,
            flows,
            ..
        } = b;
        let has_errors = diags.iter().any(Diagnostic::is_error);
        if !has_errors
            && !elements.iter().any(|e| e.is(ComponentKind::Client))
            && !elements.is_empty()
        {
            diags.push(Diagnostic::new(K::NoClient).at(elements[0].span));
        }
        diags.sort_by_key(|d| d.primary().map(|s| s.start));
        let mut graph = DiGraph::new();
        let nodes: Vec<_> = elements
            .iter()
            .enumerate()
            .map(|(i, e)| match e.kind {
                Kind::Component(_) => Some(graph.add_node(ElementId(i))),
                Kind::Container(_) => None,
            })
            .collect();
        for (i, l) in links.iter().enumerate() {
            graph.add_edge(nodes[l.from.0].unwrap(), nodes[l.to.0].unwrap(), LinkId(i));
        }
        let mut replicas = vec![Vec::new(); elements.len()];
        for (i, e) in elements.iter().enumerate() {
            if let Some(p) = e.attrs.replicates {
                replicas[p.0].push(ElementId(i));
            }
        }
        let model = Model {
            title: title.map(|t| t.value).unwrap_or_else(|| stem.to_string()),
            description: description.map(|d| d.value),
            direction: direction.unwrap_or(Direction::Down),
            elements,
            links,
            allows,
            flows,
            graph,
            nodes,
            by_name,
            replicas,
        };
        Ok((model, diags))
    }
}

#[derive(Default)]
struct Builder<'a> {
    title: Option<ast::Str>,
    description: Option<ast::Str>,
    direction: Option<Direction>,
    elements: Vec<Element>,
    /// The declaration of each element, for the attribute pass.
    decls: Vec<&'a ast::Declaration>,
    by_name: BTreeMap<String, ElementId>,
    links: Vec<Link>,
    allows: Vec<Allow>,
    diags: Vec<Diagnostic>,
    statements: usize,
    flows: Vec<FlowDecl>,
    flow_by_name: BTreeMap<String, usize>,
    /// The next `|` group number.
    alternatives: usize,
    /// Whether the link cap was reported.
    too_many_links: bool,
}

impl<'a> Builder<'a> {
    fn header(&mut self, file: &ast::File) {
        for item in &file.items {
            match item {
                Item::Title(s, span) => once(&mut self.title, s, *span, "title", &mut self.diags),
                Item::Description(s, span) => once(
                    &mut self.description,
                    s,
                    *span,
                    "description",
                    &mut self.diags,
                ),
                Item::Direction(word, span) => {
                    if self.direction.is_some() {
                        self.diags
                            .push(Diagnostic::new(K::GivenTwice { what: "direction" }).at(*span));
                    }
                    match Direction::parse(&word.name) {
                        Some(d) => self.direction = Some(d),
                        None => {
                            const DIRECTIONS: [&str; 2] = ["down", "right"];
                            self.diags.push(
                                Diagnostic::new(K::BadValue {
                                    key: "direction".into(),
                                    value: word.name.clone(),
                                    expected: ValueShape::Direction,
                                    suggestion: closest(&word.name, DIRECTIONS).map(str::to_string),
                                })
                                .at(word.span),
                            )
                        }
                    }
                }
                Item::Attribute(a) => self.diags.push(
                    Diagnostic::new(K::AttributeOutside {
                        key: a.key.name.clone(),
                    })
                    .at(a.span),
                ),
                _ => {}
            }
        }
    }

    /// Pass 1: registers the declarations in `items` (recursively), children of `parent`.
    fn declare(&mut self, items: &'a [Item], parent: Option<ElementId>) {
        for item in items {
            let Item::Declaration(d) = item else { continue };
            if d.kind.name == "flow" {
                self.flow(d, parent);
                continue;
            }
            let Some(kind) = Kind::parse(&d.kind.name) else {
                let mut kinds = Kind::names();
                kinds.push("flow");
                self.diags.push(
                    Diagnostic::new(K::UnknownKind {
                        kind: d.kind.name.clone(),
                        suggestion: closest(&d.kind.name, kinds.iter().copied())
                            .map(str::to_string),
                        kinds,
                    })
                    .at(d.kind.span),
                );
                continue;
            };
            if let Some(p) = parent {
                self.check_nesting(p, kind, d);
            }
            if self.duplicate(&d.id) {
                continue;
            }
            let id = ElementId(self.elements.len());
            self.by_name.insert(d.id.name.clone(), id);
            self.elements.push(Element {
                id: d.id.name.clone(),
                label: d
                    .label
                    .as_ref()
                    .map_or_else(|| d.id.name.clone(), |l| l.value.clone()),
                kind,
                parent,
                children: Vec::new(),
                span: d.id.span,
                decl_span: d.span,
                attrs: Attrs::default(),
            });
            self.decls.push(d);
            if let Some(p) = parent {
                self.elements[p.0].children.push(id);
            }
            match kind {
                Kind::Container(_) => self.declare(&d.body, Some(id)),
                Kind::Component(_) => {
                    for inner in &d.body {
                        if let Item::Declaration(n) = inner {
                            self.diags.push(
                                Diagnostic::new(K::InsideComponent {
                                    name: n.id.name.clone(),
                                    component: d.id.name.clone(),
                                    component_kind: kind.as_str(),
                                })
                                .at(n.span)
                                .and_at(d.id.span),
                            );
                        }
                    }
                }
            }
        }
    }

    /// Reports an identifier declared before (as an element or a flow); true when it was.
    fn duplicate(&mut self, id: &ast::Ident) -> bool {
        let first_span = match (self.by_name.get(&id.name), self.flow_by_name.get(&id.name)) {
            (Some(&first), _) => self.elements[first.0].span,
            (None, Some(&f)) => self.flows[f].span,
            (None, None) => return false,
        };
        self.diags.push(
            Diagnostic::new(K::Duplicate {
                name: id.name.clone(),
            })
            .at(id.span)
            .and_at(first_span),
        );
        true
    }

    /// `flow ID "LABEL" { access = ... }`, at top level only.
    fn flow(&mut self, d: &ast::Declaration, parent: Option<ElementId>) {
        if let Some(p) = parent {
            self.diags.push(
                Diagnostic::new(K::FlowInContainer {
                    flow: d.id.name.clone(),
                    container: self.elements[p.0].id.clone(),
                })
                .at(d.kind.span),
            );
            return;
        }
        if matches!(d.id.name.as_str(), "reads" | "writes" | "background") {
            self.diags.push(
                Diagnostic::new(K::BuiltinFlow {
                    name: d.id.name.clone(),
                })
                .at(d.id.span),
            );
            return;
        }
        if self.duplicate(&d.id) {
            return;
        }
        let mut access = Access::ReadWrite;
        let mut label = d.label.as_ref().map(|l| l.value.clone());
        let mut why = None;
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        for item in &d.body {
            let Item::Attribute(a) = item else {
                self.diags
                    .push(Diagnostic::new(K::FlowBody { keys: &FLOW_KEYS }).at(item.span()));
                continue;
            };
            if !first_setting(&mut seen, a, &mut self.diags) {
                continue;
            }
            let dg = &mut self.diags;
            match a.key.name.as_str() {
                "access" => {
                    if let Some(v) =
                        enum_value("access", &a.value, Access::parse, &Access::spellings(), dg)
                    {
                        access = v;
                    }
                }
                "label" => label = text_value("label", &a.value, dg).or(label),
                "why" => why = text_value("why", &a.value, dg),
                k if k.starts_with("x-") => {}
                _ => dg.push(unknown_key(a, "a flow", &FLOW_KEYS)),
            }
        }
        self.flow_by_name
            .insert(d.id.name.clone(), self.flows.len());
        self.flows.push(FlowDecl {
            id: d.id.name.clone(),
            label: label.unwrap_or_else(|| d.id.name.clone()),
            access,
            why,
            span: d.id.span,
        });
    }

    fn check_nesting(&mut self, parent: ElementId, kind: Kind, d: &ast::Declaration) {
        use ContainerKind::*;
        // A group is transparent: what matters is the container around it.
        let mut outer_id = Some(parent);
        while let Some(o) = outer_id {
            if self.elements[o.0].kind != Kind::Container(Group) {
                break;
            }
            outer_id = self.elements[o.0].parent;
        }
        let in_host = std::iter::successors(Some(parent), |&p| self.elements[p.0].parent)
            .any(|p| self.elements[p.0].kind == Kind::Container(Host));
        let Some(outer_id) = outer_id else { return };
        let outer = self.elements[outer_id.0].kind;
        let ok = match (outer, kind) {
            (_, Kind::Container(Host | Zone)) if in_host => false,
            (Kind::Container(Host), Kind::Component(_) | Kind::Container(Cluster | Group)) => true,
            (Kind::Container(Host), _) => false,
            (Kind::Container(Cluster), Kind::Container(Zone)) => false,
            (Kind::Container(Zone | Cluster | Group), _) => true,
            (Kind::Component(_), _) => false,
        };
        if !ok {
            self.diags.push(
                Diagnostic::new(K::BadNesting {
                    kind: kind.as_str(),
                    outer: outer.as_str(),
                    outer_id: self.elements[outer_id.0].id.clone(),
                    host_in_host: in_host && kind == Kind::Container(Host),
                })
                .at(d.kind.span),
            );
        }
    }

    /// Pass 2: types the attributes of every declared element.
    fn type_attributes(&mut self) {
        for index in 0..self.elements.len() {
            let decl = self.decls[index];
            let kind = self.elements[index].kind;
            let mut attrs = Attrs::default();
            let mut label = None;
            let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
            for item in &decl.body {
                let Item::Attribute(a) = item else {
                    if let Item::Link(_) | Item::Declaration(_) = item {
                        continue;
                    }
                    if let Item::Allow(_) = item {
                        continue;
                    }
                    self.diags
                        .push(Diagnostic::new(K::HeaderInBody).at(item.span()));
                    continue;
                };
                if !first_setting(&mut seen, a, &mut self.diags) {
                    continue;
                }
                self.attribute(index, kind, a, &mut attrs, &mut label);
            }
            if let Some(l) = label {
                self.elements[index].label = l;
            }
            self.elements[index].attrs = attrs;
        }
    }

    fn attribute(
        &mut self,
        index: usize,
        kind: Kind,
        a: &ast::Attribute,
        attrs: &mut Attrs,
        label: &mut Option<String>,
    ) {
        let key = a.key.name.as_str();
        let v = &a.value;
        let d = &mut self.diags;
        if key.starts_with("x-") {
            attrs.extra.push((key.to_string(), free_text(v)));
            return;
        }
        if !accepted_keys(kind).contains(&key) {
            let what = kind.a();
            d.push(unknown_key(a, &what, &accepted_keys(kind)));
            return;
        }
        match key {
            "label" => *label = text_value(key, v, d),
            "why" => attrs.why = text_value(key, v, d),
            "software" => attrs.software = text_value(key, v, d),
            "ip" => attrs.ip = address_value(key, v, d),
            "port" => attrs.port = port_value(key, v, d),
            "availability" => attrs.availability = availability_value(key, v, d),
            "managed" => attrs.managed = bool_value(key, v, d),
            "records" => {
                attrs.records = string_list(key, v, d);
                check_records(v, d);
            }
            "allow" => attrs.allow = string_list(key, v, d),
            "waf" => attrs.waf = bool_value(key, v, d),
            "algorithm" => {
                attrs.algorithm = enum_value(key, v, Algorithm::parse, &Algorithm::spellings(), d)
            }
            "setup" => attrs.setup = enum_value(key, v, Setup::parse, &Setup::spellings(), d),
            "tls" => attrs.tls = enum_value(key, v, Tls::parse, &Tls::spellings(), d),
            "certificate" => attrs.certificate = text_value(key, v, d),
            "role" => attrs.role = enum_value(key, v, Role::parse, &Role::spellings(), d),
            "replication" => {
                attrs.replication =
                    enum_value(key, v, Replication::parse, &Replication::spellings(), d)
            }
            "failover" => {
                attrs.failover = enum_value(key, v, Failover::parse, &Failover::spellings(), d)
            }
            "trust" => attrs.trust = enum_value(key, v, Trust::parse, &Trust::spellings(), d),
            "provider" => attrs.provider = text_value(key, v, d),
            "region" => attrs.region = text_value(key, v, d),
            "vip" => attrs.vip = address_value(key, v, d),
            "instances" => attrs.instances = instances_value(key, v, d),
            "failure_domain" => attrs.failure_domain = bool_value(key, v, d),
            "trusted" => attrs.trusted = bool_value(key, v, d),
            "replicas" => attrs.replicas = count_value(key, v, 1, 1000, d),
            "zone" => {
                if let Some(zone) = self.zone_ref(index, v) {
                    if matches!(kind, Kind::Component(_))
                        && self.host_of_raw(ElementId(index)).is_some()
                    {
                        self.diags
                            .push(Diagnostic::new(K::ZoneOnHostedComponent).at(a.span));
                    } else {
                        attrs.zone = Some(zone);
                    }
                }
            }
            "zones" => match &v.kind {
                ast::ValueKind::List(items) => {
                    attrs.zones = items
                        .iter()
                        .filter_map(|z| self.zone_ref(index, z))
                        .collect();
                }
                _ => self
                    .diags
                    .push(bad_value(key, v, ValueShape::ZoneList, &[])),
            },
            "collects" => {
                if let ast::ValueKind::List(items) = &v.kind {
                    attrs.collects = items
                        .iter()
                        .filter_map(|item| {
                            enum_value(key, item, Signal::parse, &Signal::spellings(), d)
                        })
                        .collect();
                } else {
                    d.push(bad_value(key, v, ValueShape::SignalList, &[]));
                }
            }
            "replicates" => {
                let target = match &v.kind {
                    ast::ValueKind::Word(w) => Some(w.as_str()),
                    _ => None,
                };
                let Some(target) = target else {
                    d.push(bad_value(key, v, ValueShape::PrimaryId, &[]));
                    return;
                };
                let own = self.elements[index].kind;
                match self.by_name.get(target) {
                    None => d.push(unknown_name(target, v.span, &own.a())),
                    Some(&t) if self.elements[t.0].kind != own => d.push(
                        Diagnostic::new(K::ReplicatesOtherKind {
                            target: target.to_string(),
                            own: own.as_str(),
                            target_kind: self.elements[t.0].kind.as_str(),
                        })
                        .at(v.span)
                        .and_at(self.elements[t.0].span),
                    ),
                    Some(&t) if t.0 == index => d.push(
                        Diagnostic::new(K::ReplicatesItself {
                            target: target.to_string(),
                            own: own.as_str(),
                        })
                        .at(v.span),
                    ),
                    Some(&t) => attrs.replicates = Some(t),
                }
            }
            _ => unreachable!("every accepted key is handled: {key}"),
        }
    }

    /// The host around an element, from the declarations (before the model exists).
    fn host_of_raw(&self, id: ElementId) -> Option<ElementId> {
        std::iter::successors(self.elements[id.0].parent, |&p| self.elements[p.0].parent)
            .find(|&p| self.elements[p.0].kind == Kind::Container(ContainerKind::Host))
    }

    /// Resolves a `zone`/`zones` value to a zone, reporting anything else (`E0215`, with the
    /// closest zone's name).
    fn zone_ref(&mut self, _index: usize, v: &ast::Value) -> Option<ElementId> {
        let ast::ValueKind::Word(name) = &v.kind else {
            self.diags
                .push(bad_value("zone", v, ValueShape::ZoneId, &[]));
            return None;
        };
        // The zones and the closest one are found by `complete`, for the errors shown.
        match self.by_name.get(name) {
            Some(&z) if self.elements[z.0].kind == Kind::Container(ContainerKind::Zone) => Some(z),
            Some(&other) => {
                let d = Diagnostic::new(K::NotAZone {
                    name: name.clone(),
                    kind: self.elements[other.0].kind.as_str(),
                    suggestion: None,
                    zones: Vec::new(),
                })
                .at(v.span)
                .and_at(self.elements[other.0].span);
                self.diags.push(d);
                None
            }
            None => {
                self.diags.push(
                    Diagnostic::new(K::UnknownZone {
                        name: name.clone(),
                        suggestion: None,
                        zones: Vec::new(),
                    })
                    .at(v.span),
                );
                None
            }
        }
    }

    /// Pass 3: links and allows, wherever they are written.
    fn links_and_allows(&mut self, items: &[Item]) {
        for item in items {
            match item {
                Item::Link(l) => self.link(l),
                Item::Allow(a) => self.allow(a),
                Item::Declaration(d) => self.links_and_allows(&d.body),
                _ => {}
            }
        }
    }

    fn link(&mut self, stmt: &ast::LinkStmt) {
        let statement = self.statements;
        self.statements += 1;
        let protocol = stmt.protocol.as_ref().map(|p| p.name.clone());
        let mut label = stmt.label.as_ref().map(|l| l.value.clone());
        let mut encrypted = protocol
            .as_deref()
            .is_some_and(|p| ENCRYPTED_PROTOCOLS.contains(&p));
        let mut port = None;
        let mut access = Access::ReadWrite;
        let mut optional = false;
        let mut flows: Option<Vec<FlowRef>> = None;
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        let non_request = stmt.arrows.contains(&ast::Arrow::NonRequest);
        for item in &stmt.body {
            let Item::Attribute(a) = item else {
                self.diags
                    .push(Diagnostic::new(K::LinkBody { keys: &LINK_KEYS }).at(item.span()));
                continue;
            };
            if !first_setting(&mut seen, a, &mut self.diags) {
                continue;
            }
            let key = a.key.name.as_str();
            if non_request && matches!(key, "optional" | "flows") {
                self.diags.push(
                    Diagnostic::new(K::NonRequestAttribute {
                        key: key.to_string(),
                    })
                    .at(a.key.span),
                );
                continue;
            }
            let d = &mut self.diags;
            match key {
                "label" => label = text_value("label", &a.value, d),
                "encrypted" => {
                    encrypted = bool_value("encrypted", &a.value, d).unwrap_or(encrypted)
                }
                "port" => port = port_value("port", &a.value, d),
                "access" => {
                    access = enum_value("access", &a.value, Access::parse, &Access::spellings(), d)
                        .unwrap_or(access)
                }
                "optional" => optional = bool_value("optional", &a.value, d).unwrap_or(false),
                "flows" => flows = Some(self.flow_refs(&a.value)),
                k if k.starts_with("x-") => {}
                _ => d.push(unknown_key(a, "a link", &LINK_KEYS)),
            }
        }
        // Resolve every step of the chain to components: each endpoint becomes its targets,
        // with the container named and, for `a | b`, a shared alternatives group.
        // Per step, per endpoint: the components and the container named.
        type Targets = Vec<(ElementId, Option<ElementId>)>;
        let mut steps: Vec<Vec<Targets>> = Vec::new();
        for (i, step) in stmt.chain.iter().enumerate() {
            let arrow_in = i.checked_sub(1).map(|j| stmt.arrows[j]);
            let arrow_out = stmt.arrows.get(i).copied();
            let mut resolved = Vec::new();
            for endpoint in step {
                if endpoint.alternatives.len() > 1 {
                    let misplaced = if arrow_out.is_some() {
                        Some(false)
                    } else if arrow_in == Some(ast::Arrow::NonRequest) {
                        Some(true)
                    } else {
                        None
                    };
                    if let Some(after_non_request) = misplaced {
                        self.diags.push(
                            Diagnostic::new(K::MisplacedAlternatives { after_non_request })
                                .at(endpoint.span),
                        );
                        continue;
                    }
                }
                let side = if arrow_out.is_some() {
                    Side::From
                } else {
                    Side::To
                };
                let mut targets = Vec::new();
                for name in &endpoint.alternatives {
                    targets.extend(self.endpoint(name, side, protocol.as_deref()));
                }
                if endpoint.alternatives.len() > 1 {
                    self.check_alternatives(endpoint, &targets);
                }
                resolved.push(targets);
            }
            steps.push(resolved);
        }
        for (i, pair) in steps.windows(2).enumerate() {
            let arrow = stmt.arrows[i];
            for &(from, from_via) in pair[0].iter().flatten() {
                for (e, targets) in pair[1].iter().enumerate() {
                    let alternatives = (stmt.chain[i + 1][e].alternatives.len() > 1).then(|| {
                        // One group per (statement step, endpoint): the analysis keys it with
                        // the source, so `a, b -> c | d` gives `a` and `b` a group each.
                        self.alternatives + e
                    });
                    for &(to, to_via) in targets {
                        if self.links.len() >= MAX_LINKS {
                            if !self.too_many_links {
                                self.too_many_links = true;
                                self.diags.push(
                                    Diagnostic::new(K::TooManyLinks { max: MAX_LINKS })
                                        .at(stmt.span),
                                );
                            }
                            return;
                        }
                        let kind = self.link_kind(arrow, protocol.as_deref(), from, to);
                        self.links.push(Link {
                            kind,
                            optional,
                            flows: flows.clone(),
                            alternatives,
                            from,
                            to,
                            protocol: protocol.clone(),
                            label: label.clone(),
                            encrypted,
                            port,
                            access,
                            span: stmt.span,
                            via: [from_via, to_via],
                            statement,
                        });
                    }
                }
            }
            self.alternatives += pair[1].len();
        }
        // A replication link declares replication.
        if protocol.as_deref() == Some("replication") {
            for pair in steps.windows(2) {
                for &(from, _) in pair[0].iter().flatten() {
                    for &(to, _) in pair[1].iter().flatten() {
                        let (f, t) = (&self.elements[from.0], &self.elements[to.0]);
                        let same_state = f.kind == t.kind
                            && f.component_kind().is_some_and(ComponentKind::is_stateful);
                        if same_state && t.attrs.replicates.is_none() && from != to {
                            self.elements[to.0].attrs.replicates = Some(from);
                        }
                    }
                }
            }
        }
    }

    /// What a link carries: `replication` (the protocol, or two databases), no requests (`~>`,
    /// or monitoring to monitoring), or requests.
    fn link_kind(
        &self,
        arrow: ast::Arrow,
        protocol: Option<&str>,
        from: ElementId,
        to: ElementId,
    ) -> LinkKind {
        let (f, t) = (&self.elements[from.0], &self.elements[to.0]);
        if protocol == Some("replication")
            || (f.is(ComponentKind::Database) && t.is(ComponentKind::Database))
        {
            LinkKind::Replication
        } else if arrow == ast::Arrow::NonRequest
            || (f.is(ComponentKind::Monitoring) && t.is(ComponentKind::Monitoring))
        {
            LinkKind::NonRequest
        } else {
            LinkKind::Request
        }
    }

    /// Resolves `flows = [ID, ...]`: declared flows, or `reads`, `writes`, `background`.
    fn flow_refs(&mut self, v: &ast::Value) -> Vec<FlowRef> {
        let ast::ValueKind::List(items) = &v.kind else {
            self.diags
                .push(bad_value("flows", v, ValueShape::FlowList, &[]));
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            let name = match &item.kind {
                ast::ValueKind::Word(w) => w.as_str(),
                _ => {
                    self.diags
                        .push(bad_value("flows", item, ValueShape::FlowId, &[]));
                    continue;
                }
            };
            let r = match name {
                "reads" => FlowRef::Reads,
                "writes" => FlowRef::Writes,
                "background" => FlowRef::Background,
                _ => match self.flow_by_name.get(name) {
                    Some(&i) => FlowRef::Named(i),
                    None => {
                        // The flows and the closest one are found by `complete`.
                        self.diags.push(
                            Diagnostic::new(K::UnknownFlow {
                                name: name.to_string(),
                                suggestion: None,
                                flows: Vec::new(),
                            })
                            .at(item.span),
                        );
                        continue;
                    }
                },
            };
            if !out.contains(&r) {
                out.push(r);
            }
        }
        out
    }

    /// Alternatives stand in for each other: their components must be of kinds that can
    /// (request handlers — CDNs, load balancers, web and application servers, services — with
    /// each other; any other kind only with its own kind).
    fn check_alternatives(
        &mut self,
        endpoint: &ast::Endpoint,
        targets: &[(ElementId, Option<ElementId>)],
    ) {
        fn class(k: ComponentKind) -> ComponentKind {
            use ComponentKind as C;
            match k {
                C::Cdn | C::LoadBalancer | C::WebServer | C::AppServer | C::Service => C::Service,
                other => other,
            }
        }
        let Some(&(first, _)) = targets.first() else {
            return;
        };
        let Some(fk) = self.elements[first.0].component_kind() else {
            return;
        };
        if let Some(&(other, _)) = targets
            .iter()
            .find(|(t, _)| self.elements[t.0].component_kind().map(class) != Some(class(fk)))
        {
            self.diags.push(
                Diagnostic::new(K::IncompatibleAlternatives {
                    first: self.elements[first.0].id.clone(),
                    other: self.elements[other.0].id.clone(),
                    first_kind: fk.as_str(),
                    other_kind: self.elements[other.0].kind.as_str(),
                })
                .at(endpoint.span),
            );
        }
    }

    /// Resolves a link endpoint to the components it stands for, each with the container
    /// named (a cluster or a host).
    fn endpoint(
        &mut self,
        name: &ast::Ident,
        side: Side,
        protocol: Option<&str>,
    ) -> Vec<(ElementId, Option<ElementId>)> {
        let Some(&id) = self.by_name.get(&name.name) else {
            let d = if self.flow_by_name.contains_key(&name.name) {
                Diagnostic::new(K::FlowEndpoint {
                    name: name.name.clone(),
                })
                .at(name.span)
            } else {
                unknown_name(&name.name, name.span, "an element")
            };
            self.diags.push(d);
            return Vec::new();
        };
        let e = &self.elements[id.0];
        match e.kind {
            Kind::Component(_) => vec![(id, None)],
            Kind::Container(ContainerKind::Cluster) => {
                let members: Vec<ElementId> = if self.is_server_cluster_raw(id) {
                    self.hosts_in(id)
                        .into_iter()
                        .filter_map(|h| self.host_endpoint(h, side, protocol))
                        .collect()
                } else {
                    self.members(id)
                };
                if members.is_empty() {
                    self.diags.push(
                        Diagnostic::new(K::EmptyCluster {
                            name: name.name.clone(),
                        })
                        .at(name.span)
                        .and_at(e.span),
                    );
                }
                members.into_iter().map(|m| (m, Some(id))).collect()
            }
            Kind::Container(ContainerKind::Host) => match self.host_endpoint(id, side, protocol) {
                Some(c) => vec![(c, Some(id))],
                None => {
                    self.diags.push(
                        Diagnostic::new(K::EmptyHost {
                            name: name.name.clone(),
                        })
                        .at(name.span),
                    );
                    Vec::new()
                }
            },
            Kind::Container(k) => {
                // The components inside are listed by `complete`.
                self.diags.push(
                    Diagnostic::new(K::ContainerEndpoint {
                        container: k.as_str(),
                        name: name.name.clone(),
                        components: Vec::new(),
                    })
                    .at(name.span),
                );
                Vec::new()
            }
        }
    }

    /// The component of a host that a link written to (or from) the host reaches: the first
    /// one of the kind the protocol names (`mysql` a database, `redis` a cache, `amqp` a
    /// queue), otherwise the first of the host's front-most tier (load balancer, web server,
    /// application server, service, …) for a target, and of its back-most application tier
    /// (application server, service, web server, …) for a source. Firewalls and monitoring
    /// agents come last.
    fn host_endpoint(
        &self,
        host: ElementId,
        side: Side,
        protocol: Option<&str>,
    ) -> Option<ElementId> {
        use ComponentKind as C;
        let inside = self.components_in(host);
        let by_protocol = match protocol {
            Some("mysql" | "postgres" | "postgresql" | "sql") => Some(C::Database),
            Some("redis" | "memcached") => Some(C::Cache),
            Some("amqp" | "kafka" | "mqtt" | "sqs") => Some(C::Queue),
            Some("s3" | "nfs") => Some(C::Storage),
            _ => None,
        };
        let order: &[C] = match side {
            Side::To => &[
                C::LoadBalancer,
                C::WebServer,
                C::AppServer,
                C::Service,
                C::Cdn,
                C::Dns,
                C::Cache,
                C::Queue,
                C::Database,
                C::Storage,
                C::Codebase,
                C::Client,
                C::Monitoring,
                C::Firewall,
            ],
            Side::From => &[
                C::AppServer,
                C::Service,
                C::WebServer,
                C::LoadBalancer,
                C::Cache,
                C::Queue,
                C::Database,
                C::Storage,
                C::Codebase,
                C::Cdn,
                C::Dns,
                C::Client,
                C::Monitoring,
                C::Firewall,
            ],
        };
        let find = |k: C| inside.iter().copied().find(|&c| self.elements[c.0].is(k));
        by_protocol
            .and_then(find)
            .or_else(|| order.iter().find_map(|&k| find(k)))
    }

    fn hosts_in(&self, container: ElementId) -> Vec<ElementId> {
        let mut out = Vec::new();
        for &c in &self.elements[container.0].children {
            match self.elements[c.0].kind {
                Kind::Container(ContainerKind::Host) => out.push(c),
                Kind::Container(_) => out.extend(self.hosts_in(c)),
                Kind::Component(_) => {}
            }
        }
        out
    }

    /// [`Model::is_server_cluster`] before the model exists.
    fn is_server_cluster_raw(&self, cluster: ElementId) -> bool {
        if self.host_of_raw(cluster).is_some() {
            return false;
        }
        let members = self.members(cluster);
        let Some(&first) = members.first() else {
            return false;
        };
        let kind = self.elements[first.0].kind;
        !self.hosts_in(cluster).is_empty()
            && members.iter().any(|&m| self.elements[m.0].kind != kind)
    }

    fn components_in(&self, container: ElementId) -> Vec<ElementId> {
        let mut out = Vec::new();
        for &c in &self.elements[container.0].children {
            match self.elements[c.0].kind {
                Kind::Component(_) => out.push(c),
                Kind::Container(_) => out.extend(self.components_in(c)),
            }
        }
        out
    }

    fn members(&self, cluster: ElementId) -> Vec<ElementId> {
        self.components_in(cluster)
            .into_iter()
            .filter(|c| {
                !matches!(
                    self.elements[c.0].component_kind(),
                    Some(ComponentKind::Firewall | ComponentKind::Monitoring)
                )
            })
            .collect()
    }

    fn allow(&mut self, a: &ast::AllowStmt) {
        let mut on = Vec::new();
        for name in &a.on {
            match self.by_name.get(&name.name) {
                Some(&id) => on.push(id),
                None => self
                    .diags
                    .push(unknown_name(&name.name, name.span, "an element")),
            }
        }
        if a.reason.value.trim().is_empty() {
            self.diags
                .push(Diagnostic::new(K::EmptyReason).at(a.reason.span));
        }
        self.allows.push(Allow {
            rule: a.rule.name.clone(),
            rule_span: a.rule.span,
            on,
            reason: a.reason.value.clone(),
            span: a.span,
        });
    }

    /// A cluster's members are of one kind, or are hosts that each run the same kinds (a
    /// cluster of servers).
    fn check_clusters(&mut self) {
        for index in 0..self.elements.len() {
            if self.elements[index].kind != Kind::Container(ContainerKind::Cluster) {
                continue;
            }
            let cluster = ElementId(index);
            let members = self.members(cluster);
            let Some(&first) = members.first() else {
                continue;
            };
            let kind = self.elements[first.0].kind;
            let Some(&other) = members.iter().find(|m| self.elements[m.0].kind != kind) else {
                continue;
            };
            let hosts = self.hosts_in(cluster);
            let host_set: std::collections::BTreeSet<ElementId> = hosts.iter().copied().collect();
            let loose: Vec<ElementId> = members
                .iter()
                .copied()
                .filter(|&m| self.host_of_raw(m).is_none_or(|h| !host_set.contains(&h)))
                .collect();
            let id = self.elements[index].id.clone();
            if self.host_of_raw(cluster).is_none() && !hosts.is_empty() && loose.is_empty() {
                // A cluster of servers: every host runs the same kinds.
                let kinds = |h: ElementId| -> Vec<Kind> {
                    let mut ks: Vec<Kind> = self
                        .members(h)
                        .iter()
                        .map(|&c| self.elements[c.0].kind)
                        .collect();
                    ks.sort();
                    ks.dedup();
                    ks
                };
                let want = kinds(hosts[0]);
                if let Some(&odd) = hosts.iter().find(|&&h| kinds(h) != want) {
                    let have = kinds(odd);
                    let missing: Vec<&'static str> = want
                        .iter()
                        .filter(|k| !have.contains(k))
                        .map(|k| k.as_str())
                        .collect();
                    let extra: Vec<&'static str> = have
                        .iter()
                        .filter(|k| !want.contains(k))
                        .map(|k| k.as_str())
                        .collect();
                    self.diags.push(
                        Diagnostic::new(K::UnevenHosts {
                            cluster: id,
                            host: self.elements[odd.0].id.clone(),
                            first_host: self.elements[hosts[0].0].id.clone(),
                            missing,
                            extra,
                        })
                        .at(self.elements[odd.0].span)
                        .and_at(self.elements[hosts[0].0].span),
                    );
                }
                continue;
            }
            let o = &self.elements[other.0];
            self.diags.push(
                Diagnostic::new(K::MixedCluster {
                    cluster: id,
                    kind: kind.as_str(),
                    other: o.kind.as_str(),
                })
                .at(o.span)
                .and_at(self.elements[first.0].span),
            );
        }
    }

    /// Checks what needs the whole model's attributes: `zones` name failure-domain zones and
    /// go with `instances`; an element is in at most one chain of trust zones.
    fn check_placement(&mut self) {
        for index in 0..self.elements.len() {
            let e = &self.elements[index];
            if !e.attrs.zones.is_empty() && e.attrs.instances.is_none() {
                let d = Diagnostic::new(K::ZonesWithoutInstances {
                    element: e.id.clone(),
                })
                .at(e.span);
                self.diags.push(d);
            }
            for &z in &self.elements[index].attrs.zones.clone() {
                if self.elements[z.0].attrs.failure_domain != Some(true) {
                    let (zid, zspan, span) = (
                        self.elements[z.0].id.clone(),
                        self.elements[z.0].span,
                        self.elements[index].span,
                    );
                    self.diags.push(
                        Diagnostic::new(K::NotAFailureDomain { zone: zid })
                            .at(span)
                            .and_at(zspan),
                    );
                }
            }
            // Trust zones around the element (written around it or joined) must nest.
            if self.elements[index].attrs.zone.is_some() {
                let id = ElementId(index);
                let trust: Vec<ElementId> = self
                    .zones_around(id)
                    .into_iter()
                    .filter(|&z| {
                        let a = &self.elements[z.0].attrs;
                        a.failure_domain != Some(true) || a.trust.is_some()
                    })
                    .collect();
                for (i, &a) in trust.iter().enumerate() {
                    for &b in &trust[i + 1..] {
                        if !self.zones_around(a).contains(&b) && !self.zones_around(b).contains(&a)
                        {
                            let e = &self.elements[index];
                            let d = Diagnostic::new(K::TwoTrustZones {
                                element: e.id.clone(),
                                first: self.elements[a.0].id.clone(),
                                second: self.elements[b.0].id.clone(),
                            })
                            .at(e.span);
                            self.diags.push(d);
                        }
                    }
                }
            }
        }
    }

    /// Adds to an error that is shown what needs the whole design: the closest element, zone
    /// or flow for a "did you mean", and the zones, flows or components its hint lists. Each
    /// costs a pass over the design's names, so it is done for the shown errors only.
    fn complete(&self, d: &mut Diagnostic) {
        let near = |name: &str, names: &[String]| {
            closest(name, names.iter().map(String::as_str)).map(str::to_string)
        };
        d.refine(|kind| match kind {
            K::UnknownIdentifier {
                name, suggestion, ..
            } => {
                *suggestion =
                    closest(name, self.by_name.keys().map(String::as_str)).map(str::to_string)
            }
            K::UnknownZone {
                name,
                suggestion,
                zones,
            }
            | K::NotAZone {
                name,
                suggestion,
                zones,
                ..
            } => {
                *zones = self
                    .elements
                    .iter()
                    .filter(|e| e.kind == Kind::Container(ContainerKind::Zone))
                    .map(|e| e.id.clone())
                    .collect();
                *suggestion = near(name, zones);
            }
            K::UnknownFlow {
                name,
                suggestion,
                flows,
            } => {
                *flows = self.flows.iter().map(|f| f.id.clone()).collect();
                flows.extend(["reads", "writes", "background"].map(String::from));
                *suggestion = near(name, flows);
            }
            K::ContainerEndpoint {
                name, components, ..
            } => {
                if let Some(&id) = self.by_name.get(name.as_str()) {
                    *components = self
                        .components_in(id)
                        .into_iter()
                        .map(|c| self.elements[c.0].id.clone())
                        .collect();
                }
            }
            _ => {}
        });
    }

    /// The zones around an element: enclosing and joined with `zone = ID`, transitively.
    fn zones_around(&self, id: ElementId) -> Vec<ElementId> {
        super::zones_around(&self.elements, id)
    }

    /// An element that may be absent (`instances = 0..N`) is never needed: a request link that
    /// makes it a dependency of its own (not optional, not one of alternatives, not one member
    /// of a cluster with others) is an error.
    fn check_absent_needed(&mut self) {
        let absent = |b: &Self, c: ElementId| {
            let min = |x: ElementId| b.elements[x.0].attrs.instances.map_or(1, |i| i.min);
            min(c) == 0 || b.host_of_raw(c).is_some_and(|h| min(h) == 0)
        };
        // The (source, container, statement) groups that reach some element always present:
        // one pass, so that the check stays linear in the links.
        let covered: std::collections::BTreeSet<(ElementId, ElementId, usize)> = self
            .links
            .iter()
            .filter_map(|o| o.via[1].map(|via| (o, via)))
            .filter(|(o, _)| !absent(self, o.to))
            .map(|(o, via)| (o.from, via, o.statement))
            .collect();
        let mut reported = std::collections::BTreeSet::new();
        for l in &self.links {
            if l.kind != LinkKind::Request
                || l.optional
                || l.alternatives.is_some()
                || !absent(self, l.to)
            {
                continue;
            }
            if let Some(via) = l.via[1] {
                if covered.contains(&(l.from, via, l.statement)) {
                    continue;
                }
            }
            if !reported.insert(l.to) {
                continue;
            }
            let t = &self.elements[l.to.0];
            self.diags.push(
                Diagnostic::new(K::AbsentButNeeded {
                    element: t.id.clone(),
                    needed_by: self.elements[l.from.0].id.clone(),
                })
                .at(l.span)
                .and_at(t.span),
            );
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    From,
    To,
}

/// Each `records` entry is `NAME TYPE VALUE` with a record type archc knows (`E0205`, naming
/// the types and the closest one).
fn check_records(v: &ast::Value, diags: &mut Vec<Diagnostic>) {
    let ast::ValueKind::List(items) = &v.kind else {
        return;
    };
    let types: Vec<&str> = crate::knowledge::RECORD_TYPES
        .iter()
        .map(|t| t.name)
        .collect();
    for item in items {
        let ast::ValueKind::Str(text) = &item.kind else {
            continue;
        };
        match crate::knowledge::dns_record(text) {
            None => diags.push(bad_value("records", item, ValueShape::Record, &[])),
            Some(r) if r.known.is_none() => diags.push(
                Diagnostic::new(K::UnknownRecordType {
                    suggestion: closest(&r.kind, types.iter().copied()).map(str::to_string),
                    record_type: r.kind.clone(),
                    types: types.clone(),
                })
                .at(item.span),
            ),
            Some(_) => {}
        }
    }
}

fn once(
    slot: &mut Option<ast::Str>,
    value: &ast::Str,
    span: Span,
    what: &'static str,
    diags: &mut Vec<Diagnostic>,
) {
    if slot.is_some() {
        diags.push(Diagnostic::new(K::GivenTwice { what }).at(span));
    } else {
        *slot = Some(value.clone());
    }
}

/// Records that `a` sets its key; when the key was already set in the same body, reports
/// `E0212` pointing at both and returns false.
fn first_setting<'a>(
    seen: &mut BTreeMap<&'a str, Span>,
    a: &'a ast::Attribute,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    match seen.insert(a.key.name.as_str(), a.key.span) {
        None => true,
        Some(first) => {
            diags.push(
                Diagnostic::new(K::SetTwice {
                    key: a.key.name.clone(),
                })
                .at(a.key.span)
                .and_at(first),
            );
            false
        }
    }
}

/// An "unknown identifier" error for `name`, where `what` (with its article) was expected;
/// its "did you mean" is found by [`Builder::complete`].
fn unknown_name(name: &str, span: Span, what: &str) -> Diagnostic {
    Diagnostic::new(K::UnknownIdentifier {
        name: name.to_string(),
        expected: what.to_string(),
        suggestion: None,
    })
    .at(span)
}
