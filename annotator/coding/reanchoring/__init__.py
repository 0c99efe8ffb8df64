"""Re-anchoring: coding that follows a document whose text was edited.

``reanchor`` places each annotation of an earlier version on the new text (placed,
held for review, or orphaned, ``outcomes``), helped by the unchanged stretches of text
(``landmarks``), a bounded search for candidates (``candidates``), the one place fuzzy
matching is called (``similarity``) and the rules that choose between candidates
(``matching``); ``reanchor_corrections`` carries a coder's splits and merges over.
``carry`` is what opening an edited document does with a coder's earlier work, and
``earlier`` finds that work through the versions the coder skipped. Nothing here is
loaded for a text that was never edited.
"""
