fn main() -> std::process::ExitCode {
    tickertone::cli::main()
}
