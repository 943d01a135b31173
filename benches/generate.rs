//! Prints a generated architecture's `.arch` source: `cargo run --release --example generate --
//! [--cloud] COMPONENTS [SEED]` (seed 1 by default). Without `--cloud` the design is
//! `archc::generate::architecture(COMPONENTS, SEED)`, with it `archc::generate::cloud(COMPONENTS)`
//! (which takes no seed).

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let cloud = args.first().is_some_and(|a| a == "--cloud");
    if cloud {
        args.remove(0);
    }
    let mut args = args.into_iter();
    let usage = "usage: generate [--cloud] COMPONENTS [SEED]";
    let Some(Ok(components)) = args.next().map(|a| a.parse::<usize>()) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let seed = match args.next().map(|a| a.parse::<u64>()) {
        None => 1,
        Some(Ok(seed)) => seed,
        Some(Err(_)) => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    };
    if cloud {
        print!("{}", archc::generate::cloud(components));
    } else {
        print!("{}", archc::generate::architecture(components, seed));
    }
}
