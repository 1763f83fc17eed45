use std::process::ExitCode;

fn main() -> ExitCode {
    pcapsh::cli::main()
}
