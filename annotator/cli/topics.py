"""Short help pages shipped inside the package: ``annotator help TOPIC``.

An installed copy has no docs/ folder, so what a user needs at the terminal is here. The
pages are built from the code they describe (the key table, the codebook's fields and
limits, the export layouts and formats, the data directory's names), so they cannot drift
from it; the words that explain each field or column are kept beside them, and a test
checks that every field and column the code knows is explained.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from annotator.agreement import NOT_FINISHED
from annotator.agreement.gather import NO_CODING
from annotator.agreement.model import RELIABLE, TENTATIVE
from annotator.annotation import MAX_NOTE
from annotator.cli.agree import FORMATS as AGREE_FORMATS
from annotator.cli.page_format import para, table
from annotator.cli.topics_corpus import edits_page, teams_page
from annotator.codebook.checker import (
    CODEBOOK_FIELDS,
    MAX_LABEL,
    OPTIONAL_CODE_FIELDS,
    REQUIRED_CODE_FIELDS,
)
from annotator.codebook.discovery import PROJECT_FILE, USER_CODEBOOK_FILE
from annotator.codebook.limits import MAX_DEFINITION, MAX_DESCRIPTION, MAX_ENTRIES, MAX_EXAMPLE
from annotator.codebook.model import DEFAULT_CODEBOOK, MAX_CODES
from annotator.export.guard import FORMULA_STARTS, GUARD_PREFIX
from annotator.export.layouts import (
    LAYOUTS,
    LONG_COLUMNS,
    SENTENCE_COLUMNS,
    WIDE_FIXED_AFTER,
    WIDE_FIXED_BEFORE,
    WIDE_TRAILING,
)
from annotator.export.service import FORMATS
from annotator.settings.keynames import key_display
from annotator.settings.keys import ACTIONS, REVIEW_KEYS
from annotator.settings.paths import CONFIG_DIR_ENV, DATA_DIR_ENV, NAME_ENV

CODEBOOK_FIELD_MEANING = {
    "name": "a short, stable name; every annotation records it",
    "version": 'a string such as "2.1"; change it when a definition changes',
    "description": "what the codebook is for (shown in help)",
    "exclusive": "true when a sentence takes at most one code: a code key then replaces "
    "the sentence's other code (default false)",
}
CODE_FIELD_MEANING = {
    "name": "recorded in annotations and exports; unique, no ';'",
    "label": f"the badge beside a tagged sentence, at most {MAX_LABEL} characters",
    "key": "one printable character that the app does not use",
    "color": '"#rrggbb", "#rgb", "rgb(r,g,b)", "color(N)" or a name such as "red"',
    "definition": "one or two sentences a coder can apply at a glance",
    "examples": "sentences that take the code",
    "description": "longer guidance: borderline cases, neighbours",
    "aliases": "other names that mean this code",
    "renamed_from": "former names, oldest first: their annotations stay on this code",
    "id": "a GUID for other tools (derived from the names if left out)",
}
COLUMN_MEANING = {
    "document": "the document's file name",
    "doc_id": "content id: first 16 hex digits of the SHA-256 of the normalized text",
    "paragraph": "paragraph number, from 1",
    "sentence": "sentence number within its paragraph, from 1",
    "start": "0-based offset of the sentence's first character (code points)",
    "end": "offset just past its last character (end exclusive)",
    "text": "the sentence, exactly the normalized text from start to end",
    "tags": "the codes, joined by ';', in codebook order",
    "tag": "one code (long layout: one row per code)",
    "note": "the note",
    "annotator": "the coder's name",
    "updated": "when the annotation last changed, ISO 8601 UTC",
    "other_tags": "codes not in the codebook, ';'-joined",
}
FORMAT_MEANING = {
    "csv": "one row per coded sentence (see the layouts); UTF-8, RFC 4180, CRLF",
    "jsonl": "one stored annotation record per line, as kept; for archives and import",
    "html": "a readable report: each document with its codes and notes",
}
LAYOUT_MEANING = {
    "sentences": "one row per sentence with a code or a note",
    "long": "one row per sentence and code",
    "wide": "one row per sentence, a 0/1 column per code, every sentence listed",
}


def keys_page() -> str:
    """Every reader key by group, with its keymap id."""
    parts = [
        "Keys of the reader (annotator PATH)",
        "",
        para(
            "Code keys come from the codebook in force (the default: "
            + ", ".join(f"{c.key} {c.name}" for c in DEFAULT_CODEBOOK.codes)
            + "). A count before a movement or jump key repeats it (5j); # starts a count "
            "with any digit. Every key below can be remapped in config.toml, [keymap] "
            'section, by its id: next-untagged = "z".'
        ),
    ]
    groups: dict[str, list[tuple[str, str]]] = {}
    for action in ACTIONS:
        keys = " ".join(key_display(k) for k in action.keys)
        groups.setdefault(action.group, []).append((keys, f"{action.description}  [{action.id}]"))
    for group, rows in groups.items():
        parts += ["", group, table(rows)]
        if group == "Review":
            parts += [
                "",
                "  In the review screen, on the highlighted row (enter accepts too):",
                table(
                    [
                        (" ".join(key_display(k) for k in keys), label)
                        for _, keys, label, _ in REVIEW_KEYS
                    ],
                    indent=4,
                ),
            ]
    parts += [
        "",
        para(
            "In adjudication mode (annotator adjudicate DOC) the keys of next-untagged and "
            "prev-untagged go to the next and previous disagreement, the code keys and "
            "enter set the reference's codes and note, and = then a coder's number (as "
            "the side panel shows it) takes that coder's codes. D marks a document "
            "finished: only then do its uncoded sentences mean 'no code applies'."
        ),
    ]
    return "\n".join(parts)


def codebook_page() -> str:
    """Where the codebook comes from, and the fields of a codebook file."""
    required = [(f, "(required) " + CODE_FIELD_MEANING[f]) for f in REQUIRED_CODE_FIELDS]
    optional = [(f, CODE_FIELD_MEANING[f]) for f in OPTIONAL_CODE_FIELDS]
    return "\n".join(
        [
            "Codebooks",
            "",
            para(
                "The codebook in force is the first of: --codebook FILE; an "
                f"{PROJECT_FILE} in the document's folder or a parent (holding the "
                'codebook, or naming its file: codebook = "codes.toml"); '
                f"{USER_CODEBOOK_FILE} in the config directory (${CONFIG_DIR_ENV}); the "
                f"built-in default ({DEFAULT_CODEBOOK.name}). An invalid file stops "
                "annotator with every problem listed; it is never skipped. The reader's "
                "side panel shows which codebook is in force."
            ),
            "",
            "[codebook]",
            table([(f, CODEBOOK_FIELD_MEANING[f]) for f in CODEBOOK_FIELDS]),
            "",
            f"[[codes]]  (1 to {MAX_CODES}, in the order exports list them)",
            table(required + optional),
            "",
            para(
                "Deleting a code never deletes annotations: they show as 'not in "
                "codebook'. Rename a code with renamed_from so its annotations follow. "
                f"A definition holds at most {MAX_DEFINITION:,} characters, a "
                f"description {MAX_DESCRIPTION:,}, an example {MAX_EXAMPLE:,}, and a list "
                f"field {MAX_ENTRIES} entries; a longer value is refused in one line."
            ),
            "",
            "Example:",
            textwrap.indent(
                '[codebook]\nname = "persuasion"\nversion = "1"\n\n[[codes]]\n'
                'name = "claim"\nlabel = "CLM"\nkey = "1"\ncolor = "#d7875f"\n'
                'definition = "A statement of fact that evidence could settle."',
                "  ",
            ),
        ]
    )


def export_page() -> str:
    """Formats, CSV layouts and their columns, the formula guard."""
    wide = [*WIDE_FIXED_BEFORE, "<one column per code>", *WIDE_FIXED_AFTER, *WIDE_TRAILING]
    named = {"\t": "tab", "\r": "CR"}
    starts = ", ".join(named.get(c, c) for c in sorted(FORMULA_STARTS))
    return "\n".join(
        [
            "Exports",
            "",
            "annotator export DOC... [--all | --all-versions] [--format F]",
            "                        [--layout L] [-o FILE]",
            "",
            "Formats (--format)",
            table([(f, FORMAT_MEANING[f]) for f in FORMATS]),
            "",
            "CSV layouts (--layout)",
            table([(lay, LAYOUT_MEANING[lay]) for lay in LAYOUTS]),
            "",
            "Columns",
            table([(c, COLUMN_MEANING[c]) for c in dict.fromkeys(SENTENCE_COLUMNS)]),
            "",
            para("long: " + ", ".join(LONG_COLUMNS)),
            para("wide: " + ", ".join(wide)),
            "",
            para(
                f"Formula guard: a text cell starting with one of {starts} or "
                f"{GUARD_PREFIX} gets a leading {GUARD_PREFIX}, so a spreadsheet shows it "
                "as text; --raw writes cells exactly as in the document (for pandas, R). "
                "--excel adds a byte-order mark. --all-sentences lists uncoded sentences "
                "too. Offsets count code points of the normalized text (UTF-8 decoded, "
                "BOM removed, CRLF and CR turned into LF)."
            ),
            "",
            para(
                "A document counts once, at its current version: a file edited since it "
                "was coded is exported on its new text with the coding carried over, and "
                "stderr says how many annotations await review (annotator help edits). "
                "--all-versions exports every version instead, each with its own coding."
            ),
        ]
    )


def import_page() -> str:
    """What ``annotator import`` reads and how it refuses bad input."""
    return "\n".join(
        [
            "Import",
            "",
            "annotator import FILE [--doc PATH...] [--skip-bad] [--add-codes] [--raw]",
            "",
            para(
                "Reads JSONL, or CSV in the sentences or long layout, back into the data "
                "directory. Each row's document must be known: from --doc PATH, or the "
                "catalog's recorded path. If any row is bad, every problem is listed with "
                "its line and nothing is written (--skip-bad imports the rest). A code the "
                "codebook lacks (a typo) is named with its rows and refuses the import; "
                "--add-codes appends such codes to the codebook file in force instead. An "
                "import adds and updates, never deletes, and importing twice changes "
                "nothing. An id already used on another sentence is refused, and so is a "
                f"note over {MAX_NOTE:,} characters."
            ),
            "",
            para(
                "A recovery file (edits a signal left unsaved, see 'annotator help "
                "storage') imports as JSONL: its saved annotations go back; a delete, a "
                "split or merge or the document's state is a bad row that says so "
                "(--skip-bad imports the rest)."
            ),
        ]
    )


def storage_page() -> str:
    """Where the data lives and how to check it."""
    return "\n".join(
        [
            "Storage",
            "",
            para(
                f"The data directory is --data-dir DIR, else ${DATA_DIR_ENV}, else the "
                "coding folder of the project the document is in (see 'annotator help "
                "teams'), else the platform's user data directory (~/.local/share/annotator "
                f"on Linux). The coder is --annotator NAME, else ${NAME_ENV}, else the "
                "login name. The status bar ends with the data directory in force, and "
                "each command's --help says which one is in force in the current folder."
            ),
            "",
            table(
                [
                    ("catalog.json", "the documents the directory knows (id, name, path,"),
                    ("", "and the version each text follows)"),
                    ("catalog/CODER.json", "in a project: each coder's own catalog"),
                    ("documents/ID/CODER.json", "one coder's work on one document"),
                    ("documents/ID/text.txt", "a copy of that version's text"),
                    ("*.bak", "the previous version of each file"),
                    ("cache/", "segmentations kept to save work; safe to delete"),
                ]
            ),
            "",
            para(
                "Every change is written at once, atomically (temp file, fsync, rename). "
                "The files are JSON, one per coder per document, so a team can keep the "
                "directory in git. 'annotator doctor' checks every file, lists damaged "
                "ones with their backups, and 'annotator doctor --restore FILE' puts a "
                "backup back."
            ),
            "",
            para(
                "SIGTERM, or closing the terminal (SIGHUP), ends the reader as a quit "
                "does. Edits a full disk refuses then go to a recovery file beside the "
                "data directory (its name, then .recovery); stderr and the next start say "
                "where, and 'annotator import FILE --skip-bad' puts them back."
            ),
        ]
    )


def agreement_page() -> str:
    """Finishing documents, agreement and adjudication."""
    return "\n".join(
        [
            "Intercoder agreement",
            "",
            para(
                "1. Each coder marks the documents they have finished: D in the reader, or "
                "'annotator done DOC...' (--undo re-opens). Only then does a sentence the "
                "coder left uncoded mean 'no code applies'; until then the coder's work on "
                "that document is left out, never read as 'no code'."
            ),
            "",
            para(
                "2. 'annotator agree [DOC ...] [--all] [--coders A,B] [--codes C,D] "
                f"[--format {'|'.join(AGREE_FORMATS)}] [-o FILE] [--bootstrap N] [--seed S]': "
                "per code Krippendorff's alpha with a bootstrap interval, observed "
                "agreement, Cohen's and Fleiss' kappa; overall, alpha with the MASI "
                "distance (and nominal alpha for an exclusive codebook); per document and "
                "for the selection. Units are sentences (the common refinement where coders "
                f"split or merged differently). Alpha of {RELIABLE:.3f} or more is "
                f"reliable, {TENTATIVE:.3f} to {RELIABLE:.3f} tentative, less not reliable."
            ),
            "",
            "What is left out is named on stderr, with the reason:",
            table(
                [
                    (NOT_FINISHED, "the coder has not marked the document finished"),
                    (NO_CODING, "the coder has no work on the document"),
                    ("a reference layer", "adjudicated; name it in --coders to compare"),
                    ("bad records, damaged", "the coder's store file (annotator doctor)"),
                    ("text cannot be read", "the document's file is gone"),
                ]
            ),
            "",
            para(
                "3. 'annotator adjudicate DOC [--coders A,B] [--as NAME] [--auto]' writes "
                "a reference layer (the coder gold unless --as names another): sentences "
                "every finished coder coded alike are filled in; in the reader n and N go "
                "to the next and previous disagreement, the code keys and enter set the "
                "reference's codes and note, and = then a coder's number takes that "
                "coder's codes. --auto only fills in and reports what is left. 'annotator "
                "export --annotator gold' exports the reference like any coder."
            ),
        ]
    )


TOPICS: dict[str, tuple[str, Callable[[], str]]] = {
    "keys": ("every key of the reader, and how to remap it", keys_page),
    "codebook": ("where the codebook comes from, and its file's fields", codebook_page),
    "export": ("export formats, CSV layouts and their columns", export_page),
    "import": ("reading exports back in, and unknown codes", import_page),
    "storage": ("the data directory, its files, and doctor", storage_page),
    "agreement": ("finishing documents, annotator agree and adjudicate", agreement_page),
    "edits": ("documents that change: coding carried over, review, versions", edits_page),
    "teams": ("a project several coders share in git: init, assign, status", teams_page),
}
"""topic -> (one line about it, the function that writes the page)."""
