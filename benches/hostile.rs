//! Benchmark: `check`, `render` and `doc` on hostile and broken inputs of up to 64 KB.
//!
//! Run with `cargo bench --bench hostile`. The inputs are the shapes that once made parsing
//! exponential (nested `zone zN {` lines that are never closed, blocks followed by stray text
//! at every level), random tokens, long lines, deep lists, many errors, dense links, a cycle of
//! alternatives (the structure function at its costliest), the largest generated
//! design that fits in 64 KB, and 3,000 mutations of the shipped examples (byte flips,
//! deletions, duplications and splices, as a fuzzer makes them). For each input it times what
//! the three commands do in the library: `check` compiles and reviews and prints the review,
//! `render` compiles, lays out and draws the SVG, `doc` compiles, reviews and writes the
//! Markdown write-up. It prints the slowest inputs and exits with status 1 when any command
//! takes 1 s or more on any input.

use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(1);
const MAX: usize = 64 * 1024;

/// Lines `line(i)` for i = 0, 1, … until the text would pass `MAX` bytes.
fn fill(line: impl Fn(usize) -> String) -> String {
    let mut out = String::new();
    for i in 0.. {
        let l = line(i);
        if out.len() + l.len() > MAX {
            break;
        }
        out.push_str(&l);
    }
    out
}

fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

fn inputs() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for n in [14, 18, 20, 30, 100, 1_000] {
        let text: String = (0..n).map(|i| format!("zone z{i} {{\n")).collect();
        out.push((format!("{n} nested unclosed `zone zN {{`"), text));
    }
    out.push((
        "nested unclosed `zone zN {` up to 64 KB".into(),
        fill(|i| format!("zone z{i} {{\n")),
    ));
    out.push((
        "unclosed blocks on one line up to 64 KB".into(),
        fill(|i| format!("host h{i} {{ ")),
    ));
    let mut tails = String::new();
    while tails.len() < MAX - 2_000 {
        for i in 0..60 {
            tails.push_str(&format!("zone z{i} {{\n  client c{i} ?\n"));
        }
        tails.push_str(&"} junk\n".repeat(60));
    }
    out.push((
        "blocks 60 deep with stray text after each `}`".into(),
        tails,
    ));
    out.push((
        "a stray `}` on every line".into(),
        fill(|i| format!("client c{i} }} x\n")),
    ));
    out.push(("64 KB of `{`".into(), "{".repeat(MAX)));
    out.push((
        "64 KB of `[`".into(),
        format!("x-a = {}", "[".repeat(MAX - 6)),
    ));
    out.push(("64 KB of `\"`".into(), "\"".repeat(MAX)));
    out.push((
        "a list of 64 KB".into(),
        format!("service s {{ x-a = [{}1] }}", "1, ".repeat(MAX / 3 - 10)),
    ));
    out.push((
        "one bad line per line".into(),
        fill(|i| format!("client c{i} ) ?\n")),
    ));
    out.push((
        "one unknown kind per line".into(),
        fill(|i| format!("servce s{i}\n")),
    ));
    out.push((
        "a link chain".into(),
        format!(
            "{}\nc0{}\n",
            (0..2_000)
                .map(|i| format!("service c{i}\n"))
                .collect::<String>(),
            (1..2_000).map(|i| format!(" -> c{i}")).collect::<String>()
        ),
    ));
    // Dense request links: 25 services each needing 199 others (the write-up's ranked fixes once
    // ran a what-if per single point of failure).
    out.push((
        "25 services each linked to 199 others".into(),
        format!(
            "client user\nuser -> a0 : https\n{}{}",
            (0..200)
                .map(|i| format!("service a{i}\n"))
                .collect::<String>(),
            (0..200)
                .step_by(8)
                .map(|i| {
                    let to: Vec<String> = (0..200)
                        .filter(|&j| j != i)
                        .map(|j| format!("a{j}"))
                        .collect();
                    format!("a{i} -> {}\n", to.join(", "))
                })
                .collect::<String>()
        ),
    ));
    // A cycle of alternatives over 400 hosts: the greatest fixpoint of its structure function
    // takes many rounds of the BDD (bounded by `bdd::MAX_STEPS`).
    out.push((
        "a cycle of alternatives over 400 hosts".into(),
        format!(
            "client user\n{}user -> {}\n{}",
            (0..400)
                .map(|i| format!("host h{i} {{ service a{i} }}\n"))
                .collect::<String>(),
            (0..400)
                .map(|i| format!("a{i}"))
                .collect::<Vec<_>>()
                .join(" | "),
            (0..399)
                .map(|i| format!("a{i} -> a{} | a{}\n", i + 1, (i * 7 + 3) % 400))
                .collect::<String>()
        ),
    ));
    const TOKENS: [&str; 24] = [
        "{", "}", "}", "->", "~>", "\"x\"", "\"", "# c", "client", "a", "=", "[", "]", "]", ",",
        "|", ";", "\n", "1", "2..6", "8.8.8.8", "99%", ":", "title",
    ];
    for seed in 1..=3u64 {
        let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut text = String::new();
        while text.len() < MAX - 16 {
            text.push_str(TOKENS[(xorshift(&mut state) % 24) as usize]);
            text.push(' ');
        }
        out.push((format!("64 KB of random tokens (seed {seed})"), text));
    }
    // The largest generated design within 64 KB.
    let mut size = 10;
    while archc::generate::architecture(size * 2, 1).len() <= MAX {
        size *= 2;
    }
    out.push((
        format!("generated design of {size} components"),
        archc::generate::architecture(size, 1),
    ));
    // Mutations of the examples.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut examples: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "arch"))
        .collect();
    examples.sort();
    let examples: Vec<Vec<u8>> = examples.iter().map(|p| std::fs::read(p).unwrap()).collect();
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    for k in 0..3_000 {
        let base = &examples[k % examples.len()];
        let mut bytes = base.clone();
        for _ in 0..1 + xorshift(&mut state) % 4 {
            let len = bytes.len().max(1) as u64;
            let i = (xorshift(&mut state) % len) as usize;
            let n = 1 + (xorshift(&mut state) % 64) as usize;
            match xorshift(&mut state) % 4 {
                0 if i < bytes.len() => bytes[i] = (xorshift(&mut state) % 128) as u8,
                1 => {
                    let end = (i + n).min(bytes.len());
                    bytes.drain(i.min(end)..end);
                }
                2 => {
                    let i = i.min(bytes.len());
                    let end = (i + n * 4).min(bytes.len());
                    let copy = bytes[i..end].to_vec();
                    bytes.splice(i..i, copy);
                }
                _ => {
                    let other = &examples[(xorshift(&mut state) as usize) % examples.len()];
                    let j = (xorshift(&mut state) as usize) % other.len();
                    bytes.truncate(i.min(bytes.len()));
                    bytes.extend_from_slice(&other[j..]);
                }
            }
        }
        bytes.truncate(MAX);
        if let Ok(text) = String::from_utf8(bytes) {
            out.push((format!("mutant {k}"), text));
        }
    }
    out
}

fn check(text: &str) {
    match archc::compile(text, "hostile") {
        Ok(c) => {
            let review = archc::analysis::review(&c.model);
            let out = archc::render::review::text(&c.model, &review, "hostile.arch", text, false);
            std::hint::black_box(out);
        }
        Err(errors) => {
            for e in &errors {
                std::hint::black_box(archc::diagnostic::render(e, "hostile.arch", text, false));
            }
        }
    }
}

fn render(text: &str) {
    if let Ok(c) = archc::compile(text, "hostile") {
        let svg =
            archc::render::render_svg(&c.model, &archc::render::SvgOptions::for_model(&c.model));
        std::hint::black_box(svg);
    }
}

fn doc(text: &str) {
    if let Ok(c) = archc::compile(text, "hostile") {
        let review = archc::analysis::review(&c.model);
        let md = archc::render::markdown::markdown(&c.model, &review, &Default::default());
        std::hint::black_box(md);
    }
}

/// A command's name and what it does.
type Command = (&'static str, fn(&str));

fn main() {
    let inputs = inputs();
    let commands: [Command; 3] = [("check", check), ("render", render), ("doc", doc)];
    let mut times: Vec<(Duration, &str, &str, usize)> = Vec::new();
    for (name, text) in &inputs {
        for (command, run) in commands {
            let start = Instant::now();
            run(std::hint::black_box(text));
            times.push((start.elapsed(), command, name, text.len()));
        }
    }
    times.sort_by_key(|t| std::cmp::Reverse(t.0));
    println!(
        "{} inputs of at most {} bytes, check/render/doc on each; the slowest:",
        inputs.len(),
        MAX
    );
    for (t, command, name, len) in times.iter().take(12) {
        println!(
            "  {:>9.2} ms  {command:<6} {name} ({len} bytes)",
            t.as_secs_f64() * 1e3
        );
    }
    for (name, _) in inputs.iter().filter(|(n, _)| !n.starts_with("mutant")) {
        let worst = times
            .iter()
            .filter(|t| t.2 == name)
            .map(|t| t.0)
            .max()
            .unwrap_or_default();
        println!(
            "  slowest command on {name}: {:.2} ms",
            worst.as_secs_f64() * 1e3
        );
    }
    let over: Vec<_> = times.iter().filter(|t| t.0 >= LIMIT).collect();
    if over.is_empty() {
        println!("every command finished in under {} s", LIMIT.as_secs());
    } else {
        println!("{} runs took {} s or more", over.len(), LIMIT.as_secs());
        std::process::exit(1);
    }
}
