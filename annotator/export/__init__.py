"""Exports of coding, usable from Python and from the command line alike."""

from annotator.export.csv_export import SENTENCE_COLUMNS, sentence_rows, write_sentences_csv

__all__ = ["SENTENCE_COLUMNS", "sentence_rows", "write_sentences_csv"]
