"""The REFI-QDA side of ``annotator export`` and ``annotator import``.

Projects (``.qdpx``) and codebooks (``.qdc``) exchanged with NVivo, ATLAS.ti, MAXQDA,
QualCoder and other QDA tools. ``annotator.cli.export`` and ``annotator.cli.import_`` keep
their own formats and hand these files over here: the options that only REFI-QDA files
take, the checks of which options go with which file, the calls into ``annotator.refi``,
and what the user is told, one line each on stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from annotator.cli.support import (
    CliError,
    codebook_for,
    data_dir_option,
    named_coder,
    reserved_keys,
)
from annotator.codebook.model import Codebook
from annotator.export.remarks import held_remark
from annotator.export.sources import ExportDocument
from annotator.import_ import ImportInterrupted
from annotator.refi import (
    ExportSummary,
    RefiError,
    convert_qdc,
    default_docs_dir,
    export_qdc,
    export_qdpx,
    import_qdpx,
)
from annotator.refi.detect import Kind
from annotator.safe_text import one_line
from annotator.store import DataDir

REFI_FORMATS = ("qdpx", "qdc")
SUFFIXES = {"qdpx": ".qdpx", "qdc": ".qdc"}
WHAT = {"qdpx": "a zip file (a REFI-QDA project)", "qdc": "an XML file (a REFI-QDA codebook)"}

EXPORT_HELP = (
    "qdpx and qdc are REFI-QDA files for NVivo, ATLAS.ti, MAXQDA, QualCoder and other QDA "
    "tools, and need -o. A project (.qdpx) holds each document's text and, per coded "
    "sentence and coder, a selection with its codes and note; the coders are its users and "
    "the codebook in force its codes (with any code in use that the codebook lacks). A "
    "document whose file is missing or has changed is left out: positions need the text. "
    "A codebook (.qdc) holds the codebook in force alone, with each code's id, colour and "
    "definition.\n\n"
    "examples:\n"
    "  annotator export --all --format qdpx -o study.qdpx\n"
    "  annotator export report.txt --annotator alice --format qdpx -o alice.qdpx\n"
    "  annotator export --format qdc -o codes.qdc"
)

IMPORT_HELP = (
    "A REFI-QDA project (.qdpx) from another QDA tool is imported thus: its texts are "
    "written to --docs-dir (default: a folder named after FILE, beside it; an existing "
    "file is never overwritten) and registered in the data directory in force there (a "
    "project's coding folder, when they are written into one); each selection "
    "codes the sentences it covers by at least half, or the sentence it lies in; the "
    "tool's users become the coders, its notes the annotations' notes. Codes the codebook "
    "in force lacks are added to a copy of it written beside FILE (FILE.codebook.toml, or "
    "-o), to code with through --codebook; --strict refuses such a file instead. A report "
    "on stderr says how selections fitted the sentences and names what annotator cannot "
    "use (pictures, audio, video, PDF areas, sets, links). Importing a file again adds "
    "nothing. A REFI-QDA codebook (.qdc), or with --codebook-only a project's codes, is "
    "converted to annotator's codebook format (-o, default: FILE with the suffix .toml; "
    "an existing file is never replaced).\n\n"
    "examples:\n"
    "  annotator import study.qdpx\n"
    "  annotator import study.qdpx --docs-dir texts --strict\n"
    "  annotator import study.qdpx --codebook-only -o study.toml\n"
    "  annotator import codes.qdc -o codes.toml"
)


# --- export --------------------------------------------------------------------------------


def check_export(args: argparse.Namespace) -> None:
    """Refuse options that make no sense for a REFI-QDA format, in one line."""
    fmt = args.format
    if not args.output:
        raise CliError(
            f"--format {fmt} writes {WHAT[fmt]}, not text for a terminal: "
            f"name it with -o FILE{SUFFIXES[fmt]}"
        )
    if fmt == "qdc":
        if args.docs or args.all or args.all_versions:
            raise CliError(
                "--format qdc writes the codebook in force alone: name no DOC and no --all "
                "(choose the codebook with --codebook)"
            )
        if named_coder(args.coder) is not None:
            raise CliError("--annotator does not apply to --format qdc (a codebook has no coders)")


def export_codebook(args: argparse.Namespace) -> int:
    """``annotator export --format qdc -o FILE``: the codebook in force, alone."""
    codebook = codebook_for(args.codebook)
    target = _output(args.output, "qdc")
    try:
        count = export_qdc(target, codebook)
    except OSError as exc:
        raise CliError(f"cannot write {one_line(str(target))}: {exc.strerror or exc}") from None
    print(
        f"wrote {one_line(str(target))}: {_counted(count, 'code')} of "
        f"{one_line(codebook.name)} {one_line(codebook.version)}",
        file=sys.stderr,
    )
    return 0


def export_project(
    sources: Sequence[ExportDocument],
    codebook: Codebook,
    output: str,
    data_dir: DataDir,
    coder: str | None = None,
) -> int:
    """``annotator export ... --format qdpx -o FILE``: a project of ``sources``, with the
    coders' finished marks (of ``coder`` only, when ``--annotator`` names one) and the
    adjudicated reference layer, when the documents have one."""
    target = _output(output, "qdpx")
    # The marks of each document's current coding (carried over with an edited text).
    finished = {
        (source.doc_id, name)
        for source in sources
        for name in source.finished
        if coder is None or name == coder
    }
    references = sorted(
        {name for s in sources for name in s.reference if coder is None or name == coder}
    )
    reference = references[0] if references else None
    if len(references) > 1:
        several = one_line(", ".join(references))
        print(
            f"annotator: warning: several reference layers ({several}); the project "
            f"marks {one_line(references[0])}'s as the reference case",
            file=sys.stderr,
        )
    try:
        summary = export_qdpx(
            target, sources, codebook, finished=finished, reference_coder=reference
        )
    except OSError as exc:
        raise CliError(f"cannot write {one_line(str(target))}: {exc.strerror or exc}") from None
    for line in _export_lines(target, summary, sources):
        print(line, file=sys.stderr)
    return 0


def _output(output: str, fmt: str) -> Path:
    target = Path(output)
    if target.suffix.lower() != SUFFIXES[fmt]:
        print(
            f"annotator: note: {one_line(output)} does not end in {SUFFIXES[fmt]}; other "
            "tools open these files by that suffix",
            file=sys.stderr,
        )
    return target


def _export_lines(
    target: Path, summary: ExportSummary, sources: Sequence[ExportDocument]
) -> list[str]:
    coders = ", ".join(summary.coders)
    lines = [
        f"wrote {target}: {_counted(summary.documents, 'document')}, "
        f"{_counted(summary.selections, 'selection')} with "
        f"{_counted(summary.codings, 'coding')} and {_counted(summary.notes, 'note')}"
        + (f", by {coders}" if coders else "")
    ]
    for source in sources:
        if source.document is None:
            lines.append(
                f"warning: {source.name} ({source.doc_id}): {source.problem or 'no text'}; "
                f"left out with its {_counted(len(source.stored), 'annotation')}, since "
                "positions need the text (--format jsonl exports them)"
            )
        elif source.unplaced:
            lines.append(
                f"note: {_counted(len(source.unplaced), 'annotation')} could not be placed on "
                f"the current text of {source.name} and were left out (they are kept in the "
                "store; --format jsonl exports them)"
            )
        if held := held_remark(source):
            lines.append(f"note: {held}")
    if summary.replaced_characters:
        lines.append(
            f"note: {_counted(summary.replaced_characters, 'character')} that XML cannot "
            "hold were written as U+FFFD"
        )
    return [one_line(line) for line in lines]


def _counted(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# --- import --------------------------------------------------------------------------------


def add_import_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--docs-dir",
        metavar="DIR",
        help=".qdpx: the folder the project's texts are written to "
        "(default: a folder named after FILE, beside it)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help=".qdpx: refuse a project that uses codes the codebook in force lacks",
    )
    parser.add_argument(
        "--codebook-only",
        action="store_true",
        help=".qdpx: convert the project's codes to a codebook, as for a .qdc, and import "
        "nothing else",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=".qdc (or --codebook-only): the codebook file to write (default: FILE with the "
        "suffix .toml); .qdpx: where the codebook with added codes goes "
        "(default: FILE.codebook.toml)",
    )


def refuse_import_options(args: argparse.Namespace) -> None:
    """JSONL and CSV imports take none of the REFI-QDA options."""
    used = _used(args, ("--docs-dir", "--strict", "--codebook-only", "-o"))
    if used:
        raise CliError(
            f"{_listed(used, 'only applies', 'only apply')} to .qdpx projects and .qdc codebooks"
        )


def import_refi(args: argparse.Namespace, path: Path, kind: Kind) -> int:
    """``annotator import FILE`` for a project or a codebook; the report goes to stderr."""
    used = _used(args, ("--doc", "--skip-bad", "--add-codes", "--raw"))
    if used:
        raise CliError(f"{_listed(used, 'only applies', 'only apply')} to JSONL and CSV files")
    convert = kind == "codebook" or args.codebook_only
    if convert:
        used = _used(args, ("--docs-dir", "--strict", "--codebook"))
        if used:
            what = "a .qdc codebook" if kind == "codebook" else "--codebook-only"
            refused = _listed(used, "does not apply", "do not apply")
            raise CliError(f"{refused} to {what}: it is converted alone (name the output with -o)")
    try:
        lines = _convert(args, path) if convert else _import_project(args, path)
    except RefiError as exc:
        raise CliError(one_line(str(exc))) from None
    except OSError as exc:
        shown = one_line(str(exc.filename)) if exc.filename else one_line(args.file)
        raise CliError(f"cannot write {shown}: {exc.strerror or exc}") from None
    for line in lines:
        print(line, file=sys.stderr)
    return 0


def _convert(args: argparse.Namespace, path: Path) -> list[str]:
    output = Path(args.output) if args.output else None
    return convert_qdc(path, output, reserved=reserved_keys()).lines()


def _import_project(args: argparse.Namespace, path: Path) -> list[str]:
    docs_dir = Path(args.docs_dir) if args.docs_dir else None
    # The data directory and codebook of the place the texts are written to, as every
    # command finds them from its documents: texts written into a project are coded in
    # its coding folder, wherever the command is run from.
    landing = [str(_nearest_folder(docs_dir or default_docs_dir(path)))]
    data_dir = data_dir_option(args.data_dir, landing)
    codebook = codebook_for(args.codebook, landing)
    try:
        done = import_qdpx(
            data_dir,
            path,
            codebook,
            docs_dir=docs_dir,
            strict=args.strict,
            default_coder=named_coder(args.coder),
            codebook_path=Path(args.output) if args.output else None,
            lang=args.lang,
            reserved=reserved_keys(),
            show_progress=True,
        )
    except ImportInterrupted as stopped:
        result = stopped.result
        raise CliError(
            f"import stopped: {one_line(str(stopped))} ({result.added} added and "
            f"{result.updated} updated before that are kept; importing again is safe)"
        ) from None
    return done.lines()


def _nearest_folder(path: Path) -> Path:
    """``path`` if it is a folder, else the nearest folder above it (the texts' folder
    may not be made yet)."""
    folder = Path(os.path.abspath(path))
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    return folder


_OPTIONS = {
    "--doc": "doc",
    "--skip-bad": "skip_bad",
    "--add-codes": "add_codes",
    "--raw": "raw",
    "--docs-dir": "docs_dir",
    "--strict": "strict",
    "--codebook-only": "codebook_only",
    "--codebook": "codebook",
    "-o": "output",
}


def _used(args: argparse.Namespace, flags: Sequence[str]) -> list[str]:
    return [flag for flag in flags if getattr(args, _OPTIONS[flag], None)]


def _listed(flags: Sequence[str], singular: str, plural: str) -> str:
    """The flags and the verb that agrees with them: ``--a applies``, ``--a, --b apply``."""
    return f"{', '.join(flags)} {singular if len(flags) == 1 else plural}"
