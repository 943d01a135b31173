//! Prints a design as Graphviz DOT, the same graph that archc lays out: `cargo run --release
//! --example to-dot -- FILE.arch`.
//!
//! One node per laid-out component (badges are drawn inside their host's title and are not
//! nodes), each a fixed-size box of archc's own size (in inches, 72 units each); one
//! `subgraph cluster_…` per host, cluster and zone, nested as in the design; one edge per
//! link, labelled as archc labels it. archc's tier pairs (which keep a host's monitoring
//! agent in its host's entry tier) are left out, so dot draws the plain graph.

use std::fmt::Write as _;

fn quote(text: &str) -> String {
    let mut s = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                s.push('\\');
                s.push(c);
            }
            '\n' => s.push_str("\\n"),
            _ => s.push(c),
        }
    }
    s.push('"');
    s
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: to-dot FILE.arch");
        std::process::exit(2);
    };
    let source = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let compiled = match archc::compile(&source, "design") {
        Ok(c) => c,
        Err(errors) => {
            eprintln!("{path}: {} errors", errors.len());
            std::process::exit(1);
        }
    };
    let (input, _) = archc::render::diagram::layout_input(&compiled.model);
    let mut out = String::from("digraph G {\n");
    let rankdir = match input.direction {
        archc::layout::Direction::Down => "TB",
        archc::layout::Direction::Right => "LR",
    };
    let _ = writeln!(
        out,
        "  rankdir={rankdir}; compound=true; node [shape=box, fixedsize=true, fontsize=12]; edge [fontsize=10];"
    );
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); input.containers.len()];
    let mut root_containers = Vec::new();
    for (j, c) in input.containers.iter().enumerate() {
        match c.parent.filter(|&p| p < input.containers.len()) {
            Some(p) => children[p].push(j),
            None => root_containers.push(j),
        }
    }
    let mut nodes_in: Vec<Vec<usize>> = vec![Vec::new(); input.containers.len()];
    let mut root_nodes = Vec::new();
    for (i, n) in input.nodes.iter().enumerate() {
        match n.parent.filter(|&p| p < input.containers.len()) {
            Some(p) => nodes_in[p].push(i),
            None => root_nodes.push(i),
        }
    }
    let node = |out: &mut String, i: usize, indent: &str| {
        let n = &input.nodes[i];
        let _ = writeln!(
            out,
            "{indent}{} [width={:.3}, height={:.3}];",
            quote(&n.id),
            n.width / 72.0,
            n.height / 72.0
        );
    };
    fn container(
        out: &mut String,
        j: usize,
        depth: usize,
        input: &archc::layout::LayoutInput,
        children: &[Vec<usize>],
        nodes_in: &[Vec<usize>],
        node: &dyn Fn(&mut String, usize, &str),
    ) {
        let indent = "  ".repeat(depth);
        let c = &input.containers[j];
        let _ = writeln!(
            out,
            "{indent}subgraph {} {{ label={};",
            quote(&format!("cluster_{}", c.id)),
            quote(&c.id)
        );
        for &i in &nodes_in[j] {
            node(out, i, &format!("{indent}  "));
        }
        for &k in &children[j] {
            container(out, k, depth + 1, input, children, nodes_in, node);
        }
        let _ = writeln!(out, "{indent}}}");
    }
    for &i in &root_nodes {
        node(&mut out, i, "  ");
    }
    for &j in &root_containers {
        container(&mut out, j, 1, &input, &children, &nodes_in, &node);
    }
    for e in &input.edges {
        let _ = write!(
            out,
            "  {} -> {}",
            quote(&input.nodes[e.from].id),
            quote(&input.nodes[e.to].id)
        );
        if let Some(label) = &e.label {
            let _ = write!(out, " [label={}]", quote(&label.text));
        }
        out.push_str(";\n");
    }
    out.push_str("}\n");
    print!("{out}");
}
