//! From the AST to the [`Model`]: three passes over the file.
//!
//! 1. declare every element (kinds, nesting, duplicate identifiers);
//! 2. type every attribute (which needs every name, for `replicates`);
//! 3. expand and resolve every link and `allow`, then build the graph.

use std::collections::BTreeMap;

use petgraph::graph::DiGraph;

use super::attrs::*;
use super::*;
use crate::diagnostic::{closest, Diagnostic, Span};
use crate::syntax::ast::{self, Item};

impl Model {
    /// Builds the model of a parsed file.
    ///
    /// `stem` is the default title (the file name without extension). Returns the model and its
    /// warnings, or every error found (codes `E02xx`), in source order.
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
        let Builder {
            title,
            description,
            direction,
            elements,
            mut diags,
            links,
            allows,
            by_name,
            ..
        } = b;
        diags.sort_by_key(|d| d.primary().map(|s| s.start));
        if diags.iter().any(Diagnostic::is_error) {
            return Err(diags);
        }
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
        let model = Model {
            title: title.map(|t| t.value).unwrap_or_else(|| stem.to_string()),
            description: description.map(|d| d.value),
            direction: direction.unwrap_or(Direction::Down),
            elements,
            links,
            allows,
            graph,
            nodes,
            by_name,
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
                        self.diags.push(
                            Diagnostic::error("E0206", "`direction` is given twice")
                                .with_label(*span, "second `direction`")
                                .with_help("keep one `direction` statement"),
                        );
                    }
                    match Direction::parse(&word.name) {
                        Some(d) => self.direction = Some(d),
                        None => self.diags.push(
                            Diagnostic::error(
                                "E0205",
                                format!("`{}` is not a valid value for `direction`", word.name),
                            )
                            .with_label(word.span, "expected `down` or `right`")
                            .with_help(match closest(&word.name, ["down", "right"]) {
                                Some(c) => format!("did you mean `{c}`? `direction` takes `down` (the default) or `right`"),
                                None => "`direction` takes `down` (the default) or `right`".to_string(),
                            }),
                        ),
                    }
                }
                Item::Attribute(a) => self.diags.push(
                    Diagnostic::error(
                        "E0207",
                        format!("the attribute `{}` is outside any declaration", a.key.name),
                    )
                    .with_label(a.span, "not inside `{ }`")
                    .with_help(
                        "attributes go inside the body of a declaration: `KIND ID { key = value }`",
                    ),
                ),
                _ => {}
            }
        }
    }

    /// Pass 1: registers the declarations in `items` (recursively), children of `parent`.
    fn declare(&mut self, items: &'a [Item], parent: Option<ElementId>) {
        for item in items {
            let Item::Declaration(d) = item else { continue };
            let Some(kind) = Kind::parse(&d.kind.name) else {
                let mut diag =
                    Diagnostic::error("E0201", format!("unknown kind `{}`", d.kind.name))
                        .with_label(d.kind.span, "not a kind");
                let names = Kind::names();
                diag = diag.with_help(match closest(&d.kind.name, names.iter().copied()) {
                    Some(c) => format!("did you mean `{c}`? the kinds are {}", list(&names)),
                    None => format!("the kinds are {}", list(&names)),
                });
                self.diags.push(diag);
                continue;
            };
            if let Some(p) = parent {
                self.check_nesting(p, kind, d);
            }
            if let Some(&first) = self.by_name.get(&d.id.name) {
                let first_span = self.elements[first.0].span;
                self.diags.push(
                    Diagnostic::error("E0202", format!("`{}` is declared twice", d.id.name))
                        .with_label(d.id.span, "declared again here")
                        .with_label(first_span, "first declared here")
                        .with_help("an identifier names exactly one element in the whole file: rename one of them"),
                );
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
                                Diagnostic::error(
                                    "E0207",
                                    format!("`{}` is declared inside the component `{}`", n.id.name, d.id.name),
                                )
                                .with_label(n.span, "a component cannot hold other elements")
                                .with_label(d.id.span, format!("`{}` is a {kind}", d.id.name))
                                .with_help("put both in a `host`, `cluster` or `zone`, or declare it at top level"),
                            );
                        }
                    }
                }
            }
        }
    }

    fn check_nesting(&mut self, parent: ElementId, kind: Kind, d: &ast::Declaration) {
        let outer = self.elements[parent.0].kind;
        use ContainerKind::*;
        let ok = match (outer, kind) {
            (Kind::Container(Host), Kind::Component(_)) => true,
            (Kind::Container(Host), _) => false,
            (Kind::Container(Cluster), Kind::Container(Zone | Cluster)) => false,
            (Kind::Container(Zone), _) | (Kind::Container(Cluster), _) => true,
            (Kind::Component(_), _) => false,
        };
        if !ok {
            let outer_name = self.elements[parent.0].id.clone();
            self.diags.push(
                Diagnostic::error(
                    "E0207",
                    format!("a {kind} cannot be inside a {outer}"),
                )
                .with_label(d.kind.span, format!("this {kind} is inside the {outer} `{outer_name}`"))
                .with_help("a zone may hold hosts, clusters and components; a cluster may hold hosts or components; a host holds components"),
            );
        }
        // A component is in at most one host: nested hosts are rejected above.
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
                    self.diags.push(
                        Diagnostic::error("E0207", "this statement belongs at the top of the file")
                            .with_label(item.span(), "not allowed inside a declaration")
                            .with_help("write `title`, `description` and `direction` at top level"),
                    );
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
            let what = format!("a {kind}");
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
            "records" => attrs.records = string_list(key, v, d),
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
            "collects" => {
                if let ast::ValueKind::List(items) = &v.kind {
                    attrs.collects = items
                        .iter()
                        .filter_map(|item| {
                            enum_value(key, item, Signal::parse, &Signal::spellings(), d)
                        })
                        .collect();
                } else {
                    d.push(bad_value(key, v, "a list such as `[metrics, logs]`", &[]));
                }
            }
            "replicates" => {
                let target = match &v.kind {
                    ast::ValueKind::Word(w) => Some(w.as_str()),
                    _ => None,
                };
                let Some(target) = target else {
                    d.push(bad_value(
                        key,
                        v,
                        "the identifier of the primary database",
                        &[],
                    ));
                    return;
                };
                match self.by_name.get(target) {
                    None => d.push(unknown_name(target, v.span, &self.by_name, "a database")),
                    Some(&t) if !self.elements[t.0].is(ComponentKind::Database) => d.push(
                        Diagnostic::error(
                            "E0208",
                            format!(
                                "`replicates` must name a database, but `{target}` is a {}",
                                self.elements[t.0].kind
                            ),
                        )
                        .with_label(v.span, "not a database")
                        .with_label(
                            self.elements[t.0].span,
                            format!("`{target}` is declared here"),
                        )
                        .with_help("name the primary database that this replica copies"),
                    ),
                    Some(&t) if t.0 == index => d.push(
                        Diagnostic::error("E0208", format!("`{target}` cannot replicate itself"))
                            .with_label(v.span, "the element's own identifier")
                            .with_help("name the primary database that this replica copies"),
                    ),
                    Some(&t) => attrs.replicates = Some(t),
                }
            }
            _ => unreachable!("every accepted key is handled: {key}"),
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
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        for item in &stmt.body {
            let Item::Attribute(a) = item else {
                self.diags.push(
                    Diagnostic::error("E0211", "a link's body holds attributes only")
                        .with_label(item.span(), "not an attribute")
                        .with_help(format!("a link accepts {}", list(&LINK_KEYS))),
                );
                continue;
            };
            if !first_setting(&mut seen, a, &mut self.diags) {
                continue;
            }
            let d = &mut self.diags;
            match a.key.name.as_str() {
                "label" => label = text_value("label", &a.value, d),
                "encrypted" => {
                    encrypted = bool_value("encrypted", &a.value, d).unwrap_or(encrypted)
                }
                "port" => port = port_value("port", &a.value, d),
                "access" => {
                    access = enum_value("access", &a.value, Access::parse, &Access::spellings(), d)
                        .unwrap_or(access)
                }
                k if k.starts_with("x-") => {}
                _ => d.push(unknown_key(a, "a link", &LINK_KEYS)),
            }
        }
        // Resolve every step of the chain to components.
        let mut steps: Vec<Vec<(ElementId, Option<ElementId>)>> = Vec::new();
        for step in &stmt.chain {
            let mut resolved = Vec::new();
            for name in step.iter().flat_map(|e| &e.alternatives) {
                resolved.extend(self.endpoint(name));
            }
            steps.push(resolved);
        }
        for pair in steps.windows(2) {
            for &(from, from_via) in &pair[0] {
                for &(to, to_via) in &pair[1] {
                    self.links.push(Link {
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
        // A replication link declares replication.
        if protocol.as_deref() == Some("replication") {
            for pair in steps.windows(2) {
                for &(from, _) in &pair[0] {
                    for &(to, _) in &pair[1] {
                        let both_db = self.elements[from.0].is(ComponentKind::Database)
                            && self.elements[to.0].is(ComponentKind::Database);
                        if both_db && self.elements[to.0].attrs.replicates.is_none() && from != to {
                            self.elements[to.0].attrs.replicates = Some(from);
                        }
                    }
                }
            }
        }
    }

    /// Resolves a link endpoint to the components it stands for, each with the cluster named.
    fn endpoint(&mut self, name: &ast::Ident) -> Vec<(ElementId, Option<ElementId>)> {
        let Some(&id) = self.by_name.get(&name.name) else {
            self.diags.push(unknown_name(
                &name.name,
                name.span,
                &self.by_name,
                "an element",
            ));
            return Vec::new();
        };
        let e = &self.elements[id.0];
        match e.kind {
            Kind::Component(_) => vec![(id, None)],
            Kind::Container(ContainerKind::Cluster) => {
                let members = self.members(id);
                if members.is_empty() {
                    self.diags.push(
                        Diagnostic::error(
                            "E0209",
                            format!("the cluster `{}` has no members to link to", name.name),
                        )
                        .with_label(name.span, "empty cluster")
                        .with_label(e.span, "declared here")
                        .with_help(
                            "declare the cluster's members inside it (directly or in its hosts)",
                        ),
                    );
                }
                members.into_iter().map(|m| (m, Some(id))).collect()
            }
            Kind::Container(k) => {
                let inside: Vec<String> = self
                    .components_in(id)
                    .into_iter()
                    .map(|c| format!("`{}`", self.elements[c.0].id))
                    .collect();
                self.diags.push(
                    Diagnostic::error(
                        "E0209",
                        format!("a link cannot end at the {k} `{}`", name.name),
                    )
                    .with_label(name.span, format!("a {k}, not a component or cluster"))
                    .with_help(if inside.is_empty() {
                        format!("link to a component or a cluster; the {k} holds no component")
                    } else {
                        format!("link to a component inside it: {}", inside.join(", "))
                    }),
                );
                Vec::new()
            }
        }
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
                None => self.diags.push(unknown_name(
                    &name.name,
                    name.span,
                    &self.by_name,
                    "an element",
                )),
            }
        }
        if a.reason.value.trim().is_empty() {
            self.diags.push(
                Diagnostic::error("E0213", "an `allow` needs a reason")
                    .with_label(a.reason.span, "empty reason")
                    .with_help("say why this finding is accepted, e.g. `\"the provider's health checks watch it\"`"),
            );
        }
        self.allows.push(Allow {
            rule: a.rule.name.clone(),
            rule_span: a.rule.span,
            on,
            reason: a.reason.value.clone(),
            span: a.span,
        });
    }

    /// A cluster's members are of one kind.
    fn check_clusters(&mut self) {
        for index in 0..self.elements.len() {
            if self.elements[index].kind != Kind::Container(ContainerKind::Cluster) {
                continue;
            }
            let members = self.members(ElementId(index));
            let Some(&first) = members.first() else {
                continue;
            };
            let kind = self.elements[first.0].kind;
            if let Some(&other) = members.iter().find(|m| self.elements[m.0].kind != kind) {
                let o = &self.elements[other.0];
                self.diags.push(
                    Diagnostic::error(
                        "E0210",
                        format!("the cluster `{}` mixes a {} and a {}", self.elements[index].id, kind, o.kind),
                    )
                    .with_label(o.span, format!("a {}", o.kind))
                    .with_label(self.elements[first.0].span, format!("a {kind}"))
                    .with_help("a cluster's members are of one kind (firewalls and monitoring agents aside): split it into one cluster per kind"),
                );
            }
        }
    }
}

fn once(
    slot: &mut Option<ast::Str>,
    value: &ast::Str,
    span: Span,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) {
    if slot.is_some() {
        diags.push(
            Diagnostic::error("E0206", format!("`{what}` is given twice"))
                .with_label(span, format!("second `{what}`"))
                .with_help(format!("a file has at most one `{what}`")),
        );
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
                Diagnostic::error("E0212", format!("`{}` is set twice", a.key.name))
                    .with_label(a.key.span, "set again here")
                    .with_label(first, "first set here")
                    .with_help("keep one of them"),
            );
            false
        }
    }
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An "unknown identifier" error with a "did you mean" hint.
fn unknown_name(
    name: &str,
    span: Span,
    by_name: &BTreeMap<String, ElementId>,
    what: &str,
) -> Diagnostic {
    let d = Diagnostic::error("E0203", format!("unknown identifier `{name}`"))
        .with_label(span, format!("expected {what} declared in this file"));
    match closest(name, by_name.keys().map(String::as_str)) {
        Some(c) => d.with_help(format!("did you mean `{c}`?")),
        None => d.with_help(format!("declare it first, e.g. `service {name}`")),
    }
}
