"""The data directory's catalog as the coding layer uses it.

The catalog (``catalog.json``) lists the documents a data directory knows: a document is
registered when it is opened, and coding is carried over from earlier versions of its
file. Neither is needed to open a document, so a damaged catalog does not stop it: the
session goes on with a warning that names the file and offers ``annotator doctor``, and
never writes to the damaged file. Exporting a document named by its file carries on the
same way; what needs the catalog (``export --all``, a document named by id) stops. The
reader and the commands use the same words, from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.annotation import Annotation
from annotator.coding.anchoring import place_annotations, reposition
from annotator.store import DataDir, StoreDamaged
from annotator.text.document import Document

if TYPE_CHECKING:
    from annotator.coding.session import CodingSession

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
    data_dir: DataDir, document: Document, warnings: list[str], coder: str | None = None
) -> None:
    """Register ``document`` (in a project, in ``coder``'s catalog); a damaged catalog is
    left as it is and reported in ``warnings`` (the document opens without it)."""
    try:
        register_document(data_dir, document, coder)
    except StoreDamaged as exc:
        if not is_catalog(data_dir, exc):
            raise
        warnings.append(catalog_warning(exc))


def register_document(data_dir: DataDir, document: Document, coder: str | None = None) -> None:
    """Record a (wholly segmented) document in the data directory's catalog; in a
    project, in the catalog of ``coder``, whose work it is."""
    data_dir.register(
        doc_id=document.doc_id,
        name=document.name,
        path=str(document.path) if document.path else document.name,
        sentences=len(document.sentences),
        paragraphs=len(document.paragraphs),
        coder=coder,
    )


def carry_over_earlier_versions(data_dir: DataDir, session: CodingSession) -> None:
    """Give a session with no coding the coding of earlier versions of its file, where
    it can be placed exactly; the rest is counted in ``unplaced``."""
    document = session.document
    path = str(document.path) if document.path else document.name
    earlier = [
        entry
        for entry in data_dir.catalog()
        if entry.doc_id != document.doc_id and entry.path == path
    ]
    old: list[Annotation] = []
    for entry in earlier:
        try:
            work = data_dir.work(entry.doc_id, session.coder)
        except (StoreDamaged, OSError, ValueError):
            continue  # an earlier version's damaged file: nothing is carried from it
        if work is not None:
            old.extend(a for a in work.annotations if a.coder == session.coder)
    if not old:
        return
    placement = place_annotations(document, old)
    for index, annotation in sorted(placement.placed.items()):
        moved = reposition(document, index, annotation)
        if not session.read_only:
            session.store.save(moved)
        session.annotations[index] = moved
    session.recount()
    session.carried_over = len(placement.placed)
    session.unplaced = placement.unplaced
