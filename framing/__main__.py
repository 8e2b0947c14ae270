"""`python -m framing ...` is the same as the `framing` command."""
from .cli.main import run

run()
