"""Coding a document: the session (the one door to storage), anchoring annotations on
sentences, corrections to sentences, navigation and statistics."""
