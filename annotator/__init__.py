"""annotator: a keyboard-first terminal reader and annotator for close reading."""

__version__ = "0.1.0"
