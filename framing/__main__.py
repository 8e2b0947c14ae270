"""`python -m framing ...` is the same as the `framing` command."""
from .cli import main

main()
