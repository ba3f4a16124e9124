"""What every subcommand raises for bad input (one line on stderr, exit code 2), and the other
exit codes scripts can tell apart."""

EXIT_BAD_INPUT = 2
EXIT_DIVERGED = 3  # `playground train`: the loss became NaN/inf (weights from before it kept)


class CliError(Exception):
    """A user-facing failure: printed as one line, exit code 2."""
