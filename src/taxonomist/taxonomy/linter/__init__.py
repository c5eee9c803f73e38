"""Taxonomy lint: one module per family of checks; ``codes`` gathers every family's codes.

Kept free of imports so ``source`` and ``loader`` can use the linter's modules without a
cycle; ``linter.run`` runs every family over a loaded taxonomy.
"""
