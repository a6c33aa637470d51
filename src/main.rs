// Ingest allocates a small object per JSON value; mimalloc makes that markedly cheaper than
// the system allocator (see benches/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    tickertone::cli::main()
}
