"""The data directory's catalog as the coding layer uses it.

The catalog (``catalog.json``) lists the documents a data directory knows: a document is
registered when it is opened (with the version it follows, and a copy of its text, see
``annotator.store.texts``), and coding is carried over from earlier versions of its file
(``annotator.coding.carrying``). Neither is needed to open a document, so a damaged
catalog does not stop it: the session goes on with a warning that names the file and
offers ``annotator doctor``, and never writes to the damaged file. Exporting a document
named by its file carries on the same way; what needs the catalog (``export --all``, a
document named by id) stops. The reader and the commands use the same words, from here.
"""

from __future__ import annotations

from annotator.store import CatalogEntry, DataDir, StoreDamaged
from annotator.store.places import UnsafePath
from annotator.store.texts import keep_text
from annotator.text.document import Document

DOCTOR_HINT = "run 'annotator doctor' to see its backup and restore it"


def catalog_damage(data_dir: DataDir) -> StoreDamaged | None:
    """The catalog's damage, or None if it reads (or does not exist yet)."""
    try:
        data_dir.catalog()
    except StoreDamaged as exc:
        return exc
    return None


def is_catalog(data_dir: DataDir, exc: StoreDamaged) -> bool:
    """True if ``exc`` is about the catalog (a file of it) rather than a coder's store."""
    return data_dir.is_catalog(exc.path)


def catalog_warning(exc: StoreDamaged) -> str:
    """What to tell the user when going on without the catalog."""
    return f"{exc}; carrying on without the document catalog ({DOCTOR_HINT})"


def register_if_possible(
    data_dir: DataDir,
    document: Document,
    warnings: list[str],
    previous: str | None = None,
    coder: str | None = None,
    known: CatalogEntry | None = None,
) -> None:
    """Register ``document`` (see ``register_document``); a damaged catalog is left as it
    is and reported in ``warnings`` (the document opens without it). ``known`` is the
    document's record in the file it registers to, as just read, if it had one."""
    try:
        if not already_recorded(data_dir, document, previous, known):
            register_document(data_dir, document, previous, coder)
    except StoreDamaged as exc:
        if not is_catalog(data_dir, exc):
            raise
        warnings.append(catalog_warning(exc))
        return
    try:
        keep_text(data_dir, document.doc_id, document.text)
    except (OSError, UnsafePath) as exc:
        warnings.append(
            f"could not keep a copy of this version's text ({exc}): if the file changes, "
            "its coding follows with less to go by"
        )


def already_recorded(
    data_dir: DataDir, document: Document, previous: str | None, known: CatalogEntry | None
) -> bool:
    """Whether ``known``, the record of ``document`` in the catalog file it registers
    to (the coder's own, in a project) as read when it was opened, is what registering
    it would leave there: then the catalog is not read a second time, under its lock,
    only to find nothing to write (at 10,000 documents that read took 30 ms of every
    opening)."""
    if previous == document.doc_id:
        previous = None  # as registering takes it: a text does not follow itself
    return (
        known is not None
        and known.doc_id == document.doc_id
        and known.name == document.name
        and known.path == (str(document.path) if document.path else document.name)
        and known.sentences == len(document.sentences)
        and known.paragraphs == len(document.paragraphs)
        # a recorded link is kept whatever is given; without one, one given is written
        and (known.previous is not None or previous is None)
    )


def register_document(
    data_dir: DataDir, document: Document, previous: str | None = None, coder: str | None = None
) -> None:
    """Record a (wholly segmented) document in the data directory's catalog, as the
    version that follows ``previous`` when its text replaced an earlier one; in a
    project, in the catalog of ``coder``, whose work it is."""
    data_dir.register(
        doc_id=document.doc_id,
        name=document.name,
        path=str(document.path) if document.path else document.name,
        sentences=len(document.sentences),
        paragraphs=len(document.paragraphs),
        previous=previous,
        coder=coder,
    )
