"""The reader view: a document drawn line by line with Textual's Line API."""
