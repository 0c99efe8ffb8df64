"""Intercoder agreement, computed by the book (issue 11): the pure core.

Nothing here reads the store; see docs/agreement.md for the method.
"""
