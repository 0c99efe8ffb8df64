"""Help pages on a corpus over time and across a team: documents whose text changes
(``annotator help edits``) and a project several coders share in git (``annotator help
teams``). Built, like the other pages, from the names the code uses."""

from __future__ import annotations

from annotator.cli.page_format import para, table
from annotator.codebook.discovery import PROJECT_FILE
from annotator.settings.paths import NAME_ENV
from annotator.settings.project import ASSIGNMENTS_FILE, PROJECT_FIELDS
from annotator.store.naming import PER_MACHINE_PATTERNS


def edits_page() -> str:
    """Documents whose text changes: carrying coding over, review, versions."""
    return "\n".join(
        [
            "Documents that change",
            "",
            para(
                "A document's id is a hash of its text, so an edited file is a new version. "
                "When a file the data directory knows (same path, or the same file name in "
                "a folder of the same name, moved) has new content, every command that "
                "opens it carries each coder's work over: the reader, export, stats, "
                "agree, done, adjudicate and reanchor. Each annotation of the earlier "
                "version is:"
            ),
            table(
                [
                    ("placed", "its quote is found once; or found several times, or with"),
                    ("", "small edits (a typo, a changed word), and its context and"),
                    ("", "position decide it"),
                    ("held for review", "otherwise, with the closest sentence proposed"),
                    ("orphaned", "its text is gone"),
                ]
            ),
            "",
            para(
                "Never on a wrong sentence, never deleted: the earlier version's file keeps "
                "every record. Sentence splits and merges follow the same way, by the text "
                "around them. The reader saves the result for its coder and shows how many "
                "wait in the status bar; R opens the review screen (accept the proposal, "
                "place on the reader's sentence, or reject: it stays an orphan). export, "
                "stats and agree compute it without saving; export says on stderr how many "
                "await review. A finished mark follows only when nothing is held and no "
                "sentence is new to the coder."
            ),
            "",
            para(
                "'annotator reanchor DOC [--json] [--all-coders] [--dry-run]' saves it for "
                "the coder (or every coder) and lists every annotation once: placed, review "
                "or orphaned; in a project (annotator help teams) it saves only the coder's "
                "own files. export --all, stats and the document list count the current "
                "version only; export and stats --all-versions show every version."
            ),
        ]
    )


def teams_page() -> str:
    """A project several coders share in git: the commands, the table, the workflow."""
    return "\n".join(
        [
            "Teams: a project in git",
            "",
            para(
                f"A project is a folder with {PROJECT_FILE} holding a [project] table and "
                "the codebook, the documents, and a coding folder: the data directory of "
                "everyone coding in the project. Commands on a document inside it find it "
                "by looking upward, as git finds .git. Every coder's work (codes, notes, "
                "finished marks, sentence corrections, the place in each document, the "
                "catalog of what they opened) is in that coder's own files, so coders push "
                "their own branches and the lead merges them with no conflict."
            ),
            "",
            "The [project] table:",
            table(list(PROJECT_FIELDS.items())),
            "",
            "The coding folder's .gitignore keeps out of git what one machine needs:",
            table([(pattern, why) for pattern, why in PER_MACHINE_PATTERNS]),
            "",
            "The lead:",
            table(
                [
                    ("annotator init DIR", "make DIR a project (--codebook FILE)"),
                    ("git init; git add .; git commit", "then push it where coders can clone"),
                    (
                        "annotator assign --coders A,B,C",
                        f"write {ASSIGNMENTS_FILE} (--overlap 0.2 --seed N); commit it",
                    ),
                    ("git fetch; git merge origin/A ...", "take in each coder's branch"),
                    ("annotator doctor", "check the merged coding folder"),
                    ("annotator status", "who finished what; what is ready"),
                    ("annotator agree --all", "agreement on the overlap sample"),
                    ("annotator adjudicate DOC", "settle disagreements (gold)"),
                    ("annotator export --all", "everyone's codes, and gold's"),
                ]
            ),
            "",
            "A coder:",
            table(
                [
                    ("git clone URL; cd FOLDER", "get the project"),
                    ("git switch -c NAME", "work on a branch of your own"),
                    (f"export {NAME_ENV}=NAME", "the name the assignments use"),
                    ("annotator", "open your documents; D marks one finished"),
                    ("git add coding; git commit", "record your work, often"),
                    ("git push origin NAME", "hand it to the lead"),
                ]
            ),
            "",
            para(
                "Coding is blind by default: the reader shows only your own codes; once "
                "you have finished a document, O shows the other coders' codes beside "
                "yours (blind = false shows them at once). A file git could not merge (one "
                "coder working in two clones) is named by 'annotator doctor' with the fix. "
                "When the lead edits a document, each coder's reader carries that coder's "
                "work over to the new text when they open it after 'git pull origin main' "
                "(annotator help edits); status, agree and export carry it meanwhile."
            ),
        ]
    )
