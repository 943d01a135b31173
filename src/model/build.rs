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
        b.check_placement();
        b.check_absent_needed();
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
            diags.push(
                Diagnostic::warning("W0201", "the design has no client: no flow starts")
                    .with_label(elements[0].span, "the first element")
                    .with_help("declare where traffic enters, e.g. `client user \"User\"` linked to the first component, or `client job { trusted = true }` for an internal caller"),
            );
        }
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
            if d.kind.name == "flow" {
                self.flow(d, parent);
                continue;
            }
            let Some(kind) = Kind::parse(&d.kind.name) else {
                let mut diag =
                    Diagnostic::error("E0201", format!("unknown kind `{}`", d.kind.name))
                        .with_label(d.kind.span, "not a kind");
                let mut names = Kind::names();
                names.push("flow");
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
                                Diagnostic::error(
                                    "E0207",
                                    format!("`{}` is declared inside the component `{}`", n.id.name, d.id.name),
                                )
                                .with_label(n.span, "a component cannot hold other elements")
                                .with_label(d.id.span, format!("`{}` is {}", d.id.name, kind.a()))
                                .with_help("put both in a `host`, `cluster` or `zone`, or declare it at top level"),
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
            Diagnostic::error("E0202", format!("`{}` is declared twice", id.name))
                .with_label(id.span, "declared again here")
                .with_label(first_span, "first declared here")
                .with_help(
                    "an identifier names exactly one element in the whole file: rename one of them",
                ),
        );
        true
    }

    /// `flow ID "LABEL" { access = ... }`, at top level only.
    fn flow(&mut self, d: &ast::Declaration, parent: Option<ElementId>) {
        if let Some(p) = parent {
            self.diags.push(
                Diagnostic::error(
                    "E0207",
                    format!(
                        "the flow `{}` is declared inside `{}`",
                        d.id.name, self.elements[p.0].id
                    ),
                )
                .with_label(d.kind.span, "a flow is not part of a container")
                .with_help(
                    "declare flows at top level: `flow checkout \"Checkout\" { access = write }`",
                ),
            );
            return;
        }
        if matches!(d.id.name.as_str(), "reads" | "writes" | "background") {
            self.diags.push(
                Diagnostic::error("E0218", format!("`{}` is a built-in flow", d.id.name))
                    .with_label(d.id.span, "already declared by archc")
                    .with_help("name the journey after what the user does (`checkout`, `browse`); `reads`, `writes` and `background` exist in every design"),
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
                self.diags.push(
                    Diagnostic::error("E0207", "a flow's body holds attributes only")
                        .with_label(item.span(), "not an attribute")
                        .with_help(format!("a flow accepts {}", list(&FLOW_KEYS))),
                );
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
            let outer_name = self.elements[outer_id.0].id.clone();
            let help = if in_host && kind == Kind::Container(Host) {
                "a component is in at most one host: declare the inner host outside, or make it a `cluster` of processes"
            } else {
                "a zone may hold anything; a cluster may hold hosts, clusters and components; a host holds components and clusters of processes; a group may hold what its container may"
            };
            self.diags.push(
                Diagnostic::error(
                    "E0207",
                    format!("{} cannot be inside {}", kind.a(), outer.a()),
                )
                .with_label(
                    d.kind.span,
                    format!("this {kind} is inside the {outer} `{outer_name}`"),
                )
                .with_help(help),
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
                        self.diags.push(
                            Diagnostic::error(
                                "E0215",
                                "a component inside a host cannot join a zone of its own",
                            )
                            .with_label(a.span, "`zone` on a component in a host")
                            .with_help(
                                "set `zone` on the host: everything in it is in the host's zones",
                            ),
                        );
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
                _ => self.diags.push(bad_value(
                    key,
                    v,
                    "a list of failure-domain zones such as `[az-a, az-b]`",
                    &[],
                )),
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
                let own = self.elements[index].kind;
                match self.by_name.get(target) {
                    None => d.push(unknown_name(target, v.span, &self.by_name, &own.a())),
                    Some(&t) if self.elements[t.0].kind != own => d.push(
                        Diagnostic::error(
                            "E0208",
                            format!(
                                "`replicates` must name {}, but `{target}` is {}",
                                own.a(),
                                self.elements[t.0].kind.a()
                            ),
                        )
                        .with_label(v.span, format!("not {}", own.a()))
                        .with_label(
                            self.elements[t.0].span,
                            format!("`{target}` is declared here"),
                        )
                        .with_help(format!("name the primary {own} that this replica copies")),
                    ),
                    Some(&t) if t.0 == index => d.push(
                        Diagnostic::error("E0208", format!("`{target}` cannot replicate itself"))
                            .with_label(v.span, "the element's own identifier")
                            .with_help(format!("name the primary {own} that this replica copies")),
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
        let zones: Vec<&str> = self
            .elements
            .iter()
            .filter(|e| e.kind == Kind::Container(ContainerKind::Zone))
            .map(|e| e.id.as_str())
            .collect();
        let hint = |name: &str| match closest(name, zones.iter().copied()) {
            Some(c) => format!("did you mean `{c}`? the zones are {}", list(&zones)),
            None if zones.is_empty() => {
                "declare the zone first: `zone az-a \"eu-west-1a\" { failure_domain = true }`"
                    .to_string()
            }
            None => format!("the zones are {}", list(&zones)),
        };
        let ast::ValueKind::Word(name) = &v.kind else {
            self.diags
                .push(bad_value("zone", v, "the identifier of a zone", &[]));
            return None;
        };
        match self.by_name.get(name) {
            Some(&z) if self.elements[z.0].kind == Kind::Container(ContainerKind::Zone) => Some(z),
            Some(&other) => {
                let kind = self.elements[other.0].kind;
                let help = hint(name);
                self.diags.push(
                    Diagnostic::error("E0215", format!("`{name}` is {}, not a zone", kind.a()))
                        .with_label(v.span, "expected a zone")
                        .with_label(
                            self.elements[other.0].span,
                            format!("`{name}` is declared here"),
                        )
                        .with_help(help),
                );
                None
            }
            None => {
                let help = hint(name);
                self.diags.push(
                    Diagnostic::error("E0215", format!("no zone is named `{name}`"))
                        .with_label(v.span, "expected a zone declared in this file")
                        .with_help(help),
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
            let key = a.key.name.as_str();
            if non_request && matches!(key, "optional" | "flows") {
                self.diags.push(
                    Diagnostic::error(
                        "E0211",
                        format!("a link that carries no requests (`~>`) takes no `{key}`"),
                    )
                    .with_label(a.key.span, "only request links (`->`) carry flows")
                    .with_help(
                        "write the link with `->` if it carries requests, or remove the attribute",
                    ),
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
                        Some("alternatives `|` are targets: write them after `->`, not before it")
                    } else if arrow_in == Some(ast::Arrow::NonRequest) {
                        Some("a link that carries no requests (`~>`) has no alternatives: list its targets with `,`")
                    } else {
                        None
                    };
                    if let Some(help) = misplaced {
                        self.diags.push(
                            Diagnostic::error("E0214", "alternatives `|` cannot be written here")
                                .with_label(endpoint.span, "alternatives")
                                .with_help(help),
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
                                    Diagnostic::error("E0217", format!("the design expands to more than {MAX_LINKS} links"))
                                        .with_label(stmt.span, "this statement passes the limit")
                                        .with_help("link clusters rather than every member, and split fan-out lists; a design people draw has far fewer links"),
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
            self.diags.push(bad_value(
                "flows",
                v,
                "a list of flows such as `[checkout, browse]`",
                &[],
            ));
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            let name = match &item.kind {
                ast::ValueKind::Word(w) => w.as_str(),
                _ => {
                    self.diags
                        .push(bad_value("flows", item, "the identifier of a flow", &[]));
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
                        let mut names: Vec<&str> =
                            self.flows.iter().map(|f| f.id.as_str()).collect();
                        names.extend(["reads", "writes", "background"]);
                        let help = match closest(name, names.iter().copied()) {
                            Some(c) => format!("did you mean `{c}`? the flows are {}", list(&names)),
                            None => format!("declare it: `flow {name} \"{name}\" {{ access = read }}`; the flows are {}", list(&names)),
                        };
                        self.diags.push(
                            Diagnostic::error("E0203", format!("no flow is named `{name}`"))
                                .with_label(item.span, "expected a flow declared in this file")
                                .with_help(help),
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
            let ok = self.elements[other.0].kind;
            self.diags.push(
                Diagnostic::error(
                    "E0214",
                    format!("`{}` and `{}` cannot be alternatives: {} and {} do not stand in for each other", self.elements[first.0].id, self.elements[other.0].id, Kind::Component(fk).a(), ok.a()),
                )
                .with_label(endpoint.span, "alternatives of different kinds")
                .with_help("alternatives are copies that each serve the same requests (`web-1 | web-2`); link to different kinds with `,` when both are needed"),
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
            let help_flow = self.flow_by_name.contains_key(&name.name);
            let mut d = unknown_name(&name.name, name.span, &self.by_name, "an element");
            if help_flow {
                d = Diagnostic::error(
                    "E0209",
                    format!(
                        "`{}` is a flow, not an element a link can end at",
                        name.name
                    ),
                )
                .with_label(name.span, "a flow")
                .with_help(format!(
                    "name the flow in the link's body instead: `{{ flows = [{}] }}`",
                    name.name
                ));
            }
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
            Kind::Container(ContainerKind::Host) => match self.host_endpoint(id, side, protocol) {
                Some(c) => vec![(c, Some(id))],
                None => {
                    self.diags.push(
                        Diagnostic::error("E0209", format!("the host `{}` holds no component to link to", name.name))
                            .with_label(name.span, "empty host")
                            .with_help("declare what runs on the host inside it, e.g. `host web-01 { web_server nginx }`"),
                    );
                    Vec::new()
                }
            },
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
                    .with_label(
                        name.span,
                        format!("a {k}, not a component, host or cluster"),
                    )
                    .with_help(if inside.is_empty() {
                        format!(
                            "link to a component, a host or a cluster; the {k} holds no component"
                        )
                    } else {
                        format!("link to a component inside it: {}", inside.join(", "))
                    }),
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
                    let missing: Vec<String> = want
                        .iter()
                        .filter(|k| !have.contains(k))
                        .map(|k| k.a())
                        .collect();
                    let extra: Vec<String> = have
                        .iter()
                        .filter(|k| !want.contains(k))
                        .map(|k| k.a())
                        .collect();
                    let what = match (missing.is_empty(), extra.is_empty()) {
                        (false, _) => format!("has no {}", missing.join(" or ")),
                        _ => format!("also runs {}", extra.join(" and ")),
                    };
                    self.diags.push(
                        Diagnostic::error("E0210", format!("the hosts of the cluster `{id}` do not run the same kinds: `{}` {what}", self.elements[odd.0].id))
                            .with_label(self.elements[odd.0].span, format!("differs from `{}`", self.elements[hosts[0].0].id))
                            .with_label(self.elements[hosts[0].0].span, "the first host")
                            .with_help("each host of a cluster of servers is one copy of the stack: give every host the same kinds, or put the odd host outside the cluster"),
                    );
                }
                continue;
            }
            let o = &self.elements[other.0];
            self.diags.push(
                Diagnostic::error(
                    "E0210",
                    format!("the cluster `{id}` mixes {} and {}", kind.a(), o.kind.a()),
                )
                .with_label(o.span, o.kind.a())
                .with_label(self.elements[first.0].span, kind.a())
                .with_help("a cluster's members are of one kind (firewalls and monitoring agents aside), or are hosts that each run the same kinds: put each copy of the stack in a host of its own (`host web-1 { web_server n1; app_server a1 }`)"),
            );
        }
    }

    /// Checks what needs the whole model's attributes: `zones` name failure-domain zones and
    /// go with `instances`; an element is in at most one chain of trust zones.
    fn check_placement(&mut self) {
        for index in 0..self.elements.len() {
            let e = &self.elements[index];
            if !e.attrs.zones.is_empty() && e.attrs.instances.is_none() {
                let span = e.span;
                self.diags.push(
                    Diagnostic::error("E0215", format!("`{}` spreads its copies over `zones` but declares no `instances`", e.id))
                        .with_label(span, "no `instances`")
                        .with_help("add `instances = 2` (or a range such as `2..6`), or join one zone with `zone = ID`"),
                );
            }
            for &z in &self.elements[index].attrs.zones.clone() {
                if self.elements[z.0].attrs.failure_domain != Some(true) {
                    let (zid, zspan, span) = (
                        self.elements[z.0].id.clone(),
                        self.elements[z.0].span,
                        self.elements[index].span,
                    );
                    self.diags.push(
                        Diagnostic::error(
                            "E0215",
                            format!("`zones` names `{zid}`, which is not a failure domain"),
                        )
                        .with_label(span, "copies spread over it")
                        .with_label(zspan, format!("`{zid}` is declared here"))
                        .with_help(format!(
                            "make it one: `zone {zid} {{ failure_domain = true }}`"
                        )),
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
                            self.diags.push(
                                Diagnostic::error("E0215", format!("`{}` is in two trust zones, `{}` and `{}`", e.id, self.elements[a.0].id, self.elements[b.0].id))
                                    .with_label(e.span, "joined with `zone = `")
                                    .with_help("an element is in at most one trust zone: join a failure-domain zone without `trust`, or move the element"),
                            );
                        }
                    }
                }
            }
        }
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
                Diagnostic::error("E0216", format!("`{}` may be absent (`instances` starts at 0), but `{}` needs it", t.id, self.elements[l.from.0].id))
                    .with_label(l.span, "a dependency of its own")
                    .with_label(t.span, "may have no copy")
                    .with_help("mark the link `{ optional = true }`, write an alternative with `|`, or give it at least one instance"),
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
            None => diags.push(bad_value(
                "records",
                item,
                "an entry written `NAME TYPE VALUE`, such as `\"www.example.com A 203.0.113.10\"`",
                &[],
            )),
            Some(r) if r.known.is_none() => {
                let help = match closest(&r.kind, types.iter().copied()) {
                    Some(c) => format!("did you mean `{c}`? the record types are {}", list(&types)),
                    None => format!("the record types are {}", list(&types)),
                };
                diags.push(
                    Diagnostic::error("E0205", format!("`{}` is not a DNS record type", r.kind))
                        .with_label(item.span, "unknown record type")
                        .with_help(help),
                );
            }
            Some(_) => {}
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
