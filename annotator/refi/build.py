"""Turn what an export gets (documents, their placed annotations, the codebook) into a project.

One ``PlainTextSelection`` per annotation, that is per (sentence, coder), holding a
``Coding`` per code; the coder is the ``creatingUser`` of both. A note is written twice: as
the selection's ``Description`` (QualCoder and ATLAS.ti read that) and as a ``Note`` the
selection points at with a ``NoteRef`` (NVivo reads that). Finished marks become a Boolean
variable per coder on each source; the adjudicated reference layer is its coder's user
plus a case grouping that user's selections. Every GUID is derived and every time comes
from the records, so the same coding always gives the same project.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from rich.color import Color, ColorParseError

from annotator import __version__
from annotator.annotation import Annotation
from annotator.codebook.model import Codebook, derived_code_id
from annotator.export.sources import ExportDocument, annotation_order
from annotator.refi import guids
from annotator.refi.model import (
    Case,
    Code,
    CodeBookFile,
    Coding,
    Note,
    Project,
    Selection,
    TextSource,
    User,
    Variable,
    VariableValue,
)
from annotator.refi.package import internal_path
from annotator.refi.times import timestamp

ORIGIN = f"annotator {__version__}"
DEFAULT_PROJECT_NAME = "annotator export"
NAME_LENGTH = 80
"""A selection's name is the start of its sentence, as ATLAS.ti names quotations."""

_HEX = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What a project export holds, and what it had to leave out."""

    documents: int
    selections: int
    codings: int
    notes: int
    coders: tuple[str, ...]
    without_text: tuple[str, ...] = ()
    unplaced: int = 0
    replaced_characters: int = 0


@dataclass(frozen=True, slots=True)
class BuiltProject:
    """A project and the texts of its sources, as (source GUID, normalized text)."""

    project: Project
    texts: tuple[tuple[str, str], ...]
    summary: ExportSummary


def code_color(color: str) -> str | None:
    """``color`` as the schema's ``#RRGGBB``: hex kept, names converted, None if neither."""
    if _HEX.fullmatch(color):
        return color
    try:
        return Color.parse(color).get_truecolor().hex
    except ColorParseError:
        return None


def codebook_codes(codebook: Codebook, extra_tags: Collection[str] = ()) -> tuple[Code, ...]:
    """The codebook's codes, then a code for each tag in use that the codebook lacks."""
    codes = [
        Code(
            guid=code.id,
            name=code.name,
            color=code_color(code.color),
            description=code.definition,
        )
        for code in codebook.codes
    ]
    for tag in sorted(set(extra_tags)):
        codes.append(
            Code(
                guid=derived_code_id(codebook.name, tag),
                name=tag,
                description=(
                    f"Not in the codebook in force ({codebook.name} {codebook.version}) "
                    "when this file was written."
                ),
            )
        )
    return tuple(codes)


def codebook_file(codebook: Codebook) -> CodeBookFile:
    """The codebook as a ``.qdc`` holds it."""
    return CodeBookFile(codes=codebook_codes(codebook), origin=ORIGIN)


def build_project(
    sources: Sequence[ExportDocument],
    codebook: Codebook,
    *,
    finished: Collection[tuple[str, str]] = (),
    reference_coder: str | None = None,
    name: str = DEFAULT_PROJECT_NAME,
) -> BuiltProject:
    """The project for ``sources``; ``finished`` holds (doc_id, coder) pairs.

    A document whose text is unavailable cannot be a source (positions need the text):
    it is left out and named in the summary, as are annotations that could not be placed.
    """
    unique: dict[str, ExportDocument] = {}
    for source in sources:
        unique.setdefault(source.doc_id, source)
    exported = [(s, s.document) for s in unique.values() if s.document is not None]
    without_text = tuple(s.name for s in unique.values() if s.document is None)
    coded = {
        s.doc_id: sorted((a for a in s.placed if not a.is_empty), key=annotation_order)
        for s, _ in exported
    }
    annotations = [a for items in coded.values() for a in items]
    exported_ids = set(coded)
    done = {(doc_id, coder) for doc_id, coder in finished if doc_id in exported_ids}
    finishers = sorted({coder for _, coder in done})
    coders = sorted(
        {a.coder for a in annotations}
        | set(finishers)
        | ({reference_coder} if reference_coder is not None else set())
    )
    known = {code.name for code in codebook.codes}
    extra = {t for a in annotations for t in codebook.ordered(a.tags) if t not in known}
    codes = codebook_codes(codebook, extra)
    code_ids = {code.name: code.guid for code in codes}
    notes: list[Note] = []
    reference: list[str] = []
    text_sources: list[TextSource] = []
    texts: list[tuple[str, str]] = []
    codings = 0
    for source, document in exported:
        selections = []
        for annotation in coded[source.doc_id]:
            selection = _selection(source, annotation, codebook, code_ids, notes)
            selections.append(selection)
            codings += len(selection.codings)
            if annotation.coder == reference_coder:
                reference.append(selection.guid)
        guid = guids.source_guid(source.doc_id)
        texts.append((guid, document.text))
        text_sources.append(
            TextSource(
                guid=guid,
                name=source.name,
                path=internal_path(guid),
                selections=tuple(selections),
                values=tuple(
                    VariableValue(guids.finished_variable_guid(c), (source.doc_id, c) in done)
                    for c in finishers
                ),
            )
        )
    created = [t for t in (timestamp(a.created) for a in annotations) if t is not None]
    modified = [t for t in (timestamp(a.updated) for a in annotations) if t is not None]
    project = Project(
        name=name,
        origin=ORIGIN,
        created=min(created) if created else None,
        modified=max(modified) if modified else None,
        users=tuple(User(guids.user_guid(c), c) for c in coders),
        codes=codes,
        variables=tuple(
            Variable(
                guid=guids.finished_variable_guid(c),
                name=finished_variable_name(c),
                kind="Boolean",
                description=f"Whether {c} marked the document as finished in annotator.",
            )
            for c in finishers
        ),
        cases=(_reference_case(reference_coder, reference),) if reference_coder else (),
        sources=tuple(text_sources),
        notes=tuple(notes),
    )
    summary = ExportSummary(
        documents=len(text_sources),
        selections=len(annotations),
        codings=codings,
        notes=len(notes),
        coders=tuple(coders),
        without_text=without_text,
        unplaced=sum(len(s.unplaced) for s in unique.values()),
    )
    return BuiltProject(project, tuple(texts), summary)


FINISHED_PREFIX = "finished by "


def finished_variable_name(coder: str) -> str:
    return FINISHED_PREFIX + coder


REFERENCE_CASE_NAME = "adjudicated reference layer"


def _reference_case(coder: str, selections: list[str]) -> Case:
    return Case(
        guid=guids.REFERENCE_CASE_GUID,
        name=REFERENCE_CASE_NAME,
        description=(
            f"The selections of user {coder}: the adjudicated reference layer, as annotator "
            "holds it."
        ),
        selections=tuple(selections),
    )


def _selection(
    source: ExportDocument,
    annotation: Annotation,
    codebook: Codebook,
    code_ids: dict[str, str],
    notes: list[Note],
) -> Selection:
    guid = guids.selection_guid(source.doc_id, annotation.start, annotation.end, annotation.coder)
    user = guids.user_guid(annotation.coder)
    created = timestamp(annotation.created)
    modified = timestamp(annotation.updated)
    note_refs: tuple[str, ...] = ()
    if annotation.note:
        note = guids.note_guid(guid)
        note_refs = (note,)
        notes.append(
            Note(
                guid=note,
                name=(
                    f"{annotation.coder} on {source.name}, paragraph {annotation.paragraph}, "
                    f"sentence {annotation.sentence}"
                ),
                text=annotation.note,
                user=user,
                created=created,
                modified=modified,
            )
        )
    return Selection(
        guid=guid,
        start=annotation.start,
        end=annotation.end,
        name=_short(annotation.quote),
        user=user,
        created=created,
        modified=modified,
        description=annotation.note or None,
        codings=tuple(
            Coding(
                guid=guids.coding_guid(guid, code_ids[tag]),
                code=code_ids[tag],
                user=user,
                created=created,
            )
            for tag in codebook.ordered(annotation.tags)
        ),
        note_refs=note_refs,
    )


def _short(quote: str) -> str:
    flat = " ".join(quote.split())
    return flat if len(flat) <= NAME_LENGTH else flat[: NAME_LENGTH - 1] + "…"
