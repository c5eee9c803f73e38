"""Taxonomy lint: one module per family of checks; ``codes`` documents every code.

Kept free of imports so ``source`` and ``loader`` can use ``lint.codes`` without a cycle;
``lint.run`` runs every family over a loaded taxonomy.
"""
