//! Prints a generated architecture's `.arch` source: `cargo run --release --example generate --
//! COMPONENTS [SEED]` (seed 1 by default). See `archc::generate::architecture`.

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: generate COMPONENTS [SEED]";
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
    print!("{}", archc::generate::architecture(components, seed));
}
