"""The click command line: a thin layer over the library (framing.cli.main holds the group)."""
from .main import main

__all__ = ["main"]
