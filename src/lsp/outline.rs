//! The document's outline: its zones, groups, clusters, hosts, components and flows as nested
//! LSP document symbols, from the syntax tree alone (so that the outline stays while the
//! design has semantic errors).

use lsp_types::{DocumentSymbol, SymbolKind};

use crate::model::{ContainerKind, Kind};
use crate::syntax::ast::{Declaration, Item};

use super::text::LineIndex;

/// The symbols of `items` (a file's or a body's), in source order, each declaration with the
/// declarations of its body as children.
pub fn symbols(text: &str, index: &LineIndex, items: &[Item]) -> Vec<DocumentSymbol> {
    items
        .iter()
        .filter_map(|item| match item {
            Item::Declaration(d) => Some(symbol(text, index, d)),
            _ => None,
        })
        .collect()
}

/// How a kind is shown in outlines: zones and groups as namespaces, clusters as structs,
/// hosts as modules, components as objects and flows as events.
pub fn symbol_kind(kind: &str) -> SymbolKind {
    match Kind::parse(kind) {
        Some(Kind::Container(ContainerKind::Zone)) => SymbolKind::NAMESPACE,
        Some(Kind::Container(ContainerKind::Cluster)) => SymbolKind::STRUCT,
        Some(Kind::Container(ContainerKind::Host)) => SymbolKind::MODULE,
        Some(Kind::Container(ContainerKind::Group)) => SymbolKind::NAMESPACE,
        Some(Kind::Component(_)) => SymbolKind::OBJECT,
        None if kind == "flow" => SymbolKind::EVENT,
        None => SymbolKind::OBJECT,
    }
}

fn symbol(text: &str, index: &LineIndex, d: &Declaration) -> DocumentSymbol {
    let children = symbols(text, index, &d.body);
    let detail = match &d.label {
        Some(label) => format!("{} \"{}\"", d.kind.name, label.value),
        None => d.kind.name.clone(),
    };
    #[allow(deprecated)] // `deprecated` is a required field of the struct, superseded by `tags`.
    DocumentSymbol {
        name: d.id.name.clone(),
        detail: Some(detail),
        kind: symbol_kind(&d.kind.name),
        tags: None,
        deprecated: None,
        range: index.range(text, d.span),
        selection_range: index.range(text, d.id.span),
        children: (!children.is_empty()).then_some(children),
    }
}
