use std::io::Write;

use anyhow::Result;
use clap_complete::Shell;

use crate::app::Status;
use crate::cmd::stdout;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tickertone completions bash > ~/.local/share/bash-completion/completions/tickertone
  tickertone completions zsh > ~/.zfunc/_tickertone
  tickertone completions fish > ~/.config/fish/completions/tickertone.fish")]
pub struct Args {
    /// The shell.
    pub shell: Shell,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  tickertone man > /usr/local/share/man/man1/tickertone.1")]
pub struct ManArgs {}

/// Prints the completion script of `command` (the whole command line, from `cli`).
pub fn run(args: Args, mut command: clap::Command) -> Result<Status> {
    // clap_complete panics on a write error, so the script is generated in memory and
    // written here, where a closed pipe is an error like any other.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "tickertone", &mut script);
    let mut out = stdout::out();
    out.write_all(&script)?;
    out.finish()?;
    Ok(Status::Ok)
}

/// Prints the man page of `command` (the whole command line, from `cli`).
pub fn man(_args: ManArgs, command: clap::Command) -> Result<Status> {
    let mut out = stdout::out();
    clap_mangen::Man::new(command).render(&mut out)?;
    out.finish()?;
    Ok(Status::Ok)
}
