"""Persistence of annotations in TinyDB files under the data directory.

The store is sharded: one TinyDB file per document per coder, plus a small catalog of
known documents. A keystroke's save therefore rewrites one small file, whatever the size
of the corpus, and two coders' work never lands in the same file.
"""

from annotator.store.datadir import CatalogEntry, DataDir
from annotator.store.document_store import DocumentStore
from annotator.store.locks import LockHeld, LockHolder
from annotator.store.shutdown import close_all, flush_all, install_signal_handlers
from annotator.store.storage import AtomicJSONStorage, StoreDamaged
from annotator.store.writer import StoreStatus

__all__ = [
    "AtomicJSONStorage",
    "CatalogEntry",
    "DataDir",
    "DocumentStore",
    "LockHeld",
    "LockHolder",
    "StoreDamaged",
    "StoreStatus",
    "close_all",
    "flush_all",
    "install_signal_handlers",
]
