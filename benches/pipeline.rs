//! Benchmark: text to SVG over generated designs of 100, 1,000 and 10,000 components.
//!
//! Run with `cargo bench --bench pipeline` (`cargo bench --bench pipeline -- 1000` for one
//! size). Both generator shapes are measured: `archc::generate::architecture(size, 1)`
//! (services of load balancer clusters, web and application hosts, caches, databases with
//! replicas, queues and storage, in DMZ and trusted zones, with labelled links) and
//! `archc::generate::cloud(size)` (failure-domain zones of clusters of hosts, each host with a
//! server and a monitoring agent). For each shape and size it prints the median
//! and best time of the whole pipeline (`archc::compile`, then `archc::render::render_svg`,
//! which lays out and draws) over several runs, the median of each stage, and how the time
//! grows from one size to the next; then the median time of the review alone of the largest
//! design. Peak memory is measured by `benches/memory.sh`.

use std::time::{Duration, Instant};

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100, 1_000, 10_000]
    } else {
        sizes
    };
    for shape in ["services", "cloud"] {
        run(shape, &sizes);
    }
}

fn run(shape: &str, sizes: &[usize]) {
    let mut previous: Option<(usize, f64)> = None;
    let mut largest = None;
    for &size in sizes {
        let source = if shape == "cloud" {
            archc::generate::cloud(size)
        } else {
            archc::generate::architecture(size, 1)
        };
        let runs = if size >= 5_000 { 5 } else { 11 };
        let (mut total, mut compile, mut layout, mut draw) = (vec![], vec![], vec![], vec![]);
        let mut bytes = 0;
        let mut links = 0;
        let mut components = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let compiled = archc::compile(std::hint::black_box(&source), "generated")
                .expect("generated designs compile");
            let compiled_at = Instant::now();
            let geometry = archc::render::diagram::layout(&compiled.model);
            let laid_out_at = Instant::now();
            let options = archc::render::SvgOptions::for_model(&compiled.model);
            let svg = archc::render::svg::svg(&compiled.model, &geometry, &options);
            let end = Instant::now();
            total.push(end - start);
            compile.push(compiled_at - start);
            layout.push(laid_out_at - compiled_at);
            draw.push(end - laid_out_at);
            bytes = svg.len();
            links = compiled.model.links.len();
            components = compiled.model.components().count();
            std::hint::black_box(svg);
        }
        let best = *total.iter().min().expect("at least one run");
        let med = ms(median(&mut total));
        let growth = previous
            .map(|(n, t)| {
                format!(
                    "; ×{:.1} time for ×{:.0} size",
                    med / t,
                    size as f64 / n as f64
                )
            })
            .unwrap_or_default();
        println!(
            "{shape}: text→SVG, {components} components, {links} links: median {med:.1} ms, best {:.1} ms over {runs} runs \
             (compile {:.1} ms, layout {:.1} ms, SVG {:.1} ms; {} kB of SVG){growth}",
            ms(best),
            ms(median(&mut compile)),
            ms(median(&mut layout)),
            ms(median(&mut draw)),
            bytes / 1000,
        );
        previous = Some((size, med));
        largest = Some((size, source));
    }
    if let Some((size, source)) = largest {
        let model = archc::compile(&source, "generated")
            .expect("generated designs compile")
            .model;
        let mut times = Vec::new();
        for _ in 0..5 {
            let start = Instant::now();
            std::hint::black_box(archc::analysis::review(&model));
            times.push(start.elapsed());
        }
        println!(
            "{shape}: review alone, {size} components: median {:.1} ms over 5 runs",
            ms(median(&mut times))
        );
    }
}
