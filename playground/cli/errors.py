"""What every subcommand raises for bad input: one line on stderr, exit code 2."""

EXIT_BAD_INPUT = 2


class CliError(Exception):
    """A user-facing failure: printed as one line, exit code 2."""
