"""Persistence of annotations in TinyDB files under the data directory.

The store is sharded: one TinyDB file per document per coder, plus a small catalog of
known documents. A keystroke's save therefore rewrites one small file, whatever the size
of the corpus, and two coders' work never lands in the same file.
"""

from annotator.store.datadir import CatalogEntry, DataDir
from annotator.store.document_store import DocumentStore
from annotator.store.storage import AtomicJSONStorage, StoreDamaged

__all__ = ["AtomicJSONStorage", "CatalogEntry", "DataDir", "DocumentStore", "StoreDamaged"]
