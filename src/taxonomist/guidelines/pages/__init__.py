"""The page kinds of the guideline site, one module each; ``plan`` puts them in order."""
