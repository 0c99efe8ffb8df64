"""Start the reader for a validated request; the only place the CLI reaches the UI."""

from __future__ import annotations

import gc
import sys

from annotator.coding.open_request import OpenRequest
from annotator.coding.workspace import DamagedStoreFile, Workspace
from annotator.safe_text import one_line
from annotator.ui.app import AnnotatorApp


def run_app(request: OpenRequest) -> int:
    workspace = Workspace(request.data_dir, request.coder, request.codebook)
    adjudication = None
    try:
        if request.adjudication is not None:
            from annotator.coding.adjudication import open_adjudication

            adjudication = open_adjudication(workspace, request.adjudication)
            session = adjudication.session
        else:
            session = workspace.open(request.document)
    except DamagedStoreFile as exc:
        print(f"annotator: error: store file damaged: {one_line(str(exc))}", file=sys.stderr)
        print("annotator: run 'annotator doctor' to see backups and restore", file=sys.stderr)
        return 2
    app = AnnotatorApp(
        workspace,
        session,
        config=request.config,
        corpus=request.corpus,
        pending=request.pending,
        freeze_long_lived=True,
        adjudication=adjudication,
    )
    # The terminal closing (SIGHUP) or a polite kill (SIGTERM) flushes pending writes
    # before the app exits.
    # What is loaded by now (modules, the document, the session) lives as long as the app:
    # out of the collector's scans, or a full collection (20-30 ms) may land in the middle
    # of the first screen (the collector is off while it is drawn, if annotator.entry
    # started the app).
    gc.freeze()
    with workspace.flush_on_signals(lambda signum: app.exit(128 + signum)):
        try:
            result = app.run()
        finally:
            app.session.close()
    return int(result or 0)
