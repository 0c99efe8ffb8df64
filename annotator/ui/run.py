"""Start the reader for a validated request; the only place the CLI reaches the UI."""

from __future__ import annotations

import signal
import sys

from annotator.coding.open_request import OpenRequest
from annotator.coding.session import open_session
from annotator.safe_text import one_line
from annotator.store import StoreDamaged
from annotator.store.shutdown import install_signal_handlers
from annotator.ui.app import AnnotatorApp
from annotator.ui.screens.corpus_screen import CorpusContext, attach_corpus
from annotator.ui.user_config import provide_user_config


def run_app(request: OpenRequest) -> int:
    try:
        session = open_session(request.data_dir, request.document, request.codebook, request.coder)
    except StoreDamaged as exc:
        print(f"annotator: error: store file damaged: {one_line(str(exc))}", file=sys.stderr)
        print("annotator: run 'annotator doctor' to see backups and restore", file=sys.stderr)
        return 2
    app = AnnotatorApp(session, request.data_dir, pending=request.pending)
    app.freeze_long_lived = True
    provide_user_config(app, request.config)
    if request.corpus:
        attach_corpus(
            app,
            CorpusContext(request.corpus, request.data_dir, request.coder, request.codebook),
        )
    # The terminal closing (SIGHUP) or a polite kill (SIGTERM) flushes pending writes
    # before the app exits.
    previous = install_signal_handlers(on_exit=lambda signum: app.exit(128 + signum))
    try:
        result = app.run()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]
        session.store.close()
    return int(result or 0)
