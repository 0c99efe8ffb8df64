"""Persistence of annotations in TinyDB files under the data directory.

The store is sharded: one TinyDB file per document per coder, plus a small catalog of
known documents. A keystroke's save therefore rewrites one small file, whatever the size
of the corpus, and two coders' work never lands in the same file.

Modules: ``storage`` (atomic writes, backups, damage detection), ``migrate`` (schema
versions), ``locks`` (one writer per store), ``writer`` (saving off the caller's thread),
``store_file`` (one store's records read and written), ``document_store`` (all of these
for one store), ``shutdown`` (every open store, flushed at exit), ``signals`` (SIGTERM
and SIGHUP), ``recovery`` (edits a signal left unsaved), ``doctor`` (checks and
restores), ``catalog_files`` (the catalog read and written), ``work`` (coders' files read
without a writer), ``datadir`` (the directory layout, and the entry to all of it).
"""

from annotator.store.catalog import CatalogEntry
from annotator.store.datadir import DataDir
from annotator.store.document_store import DocumentStore
from annotator.store.locks import LockHeld, LockHolder
from annotator.store.shutdown import close_all, flush_all
from annotator.store.signals import install_signal_handlers
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
