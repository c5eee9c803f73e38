"""Quality assurance over labeled data: agreement between annotators (``agree``), what a
dataset holds (``stats``), and the shared pieces of their reports (``html``, ``plots``).

Layered above the checker (agreement attributes a disagreement to the rule one side breaks)
and below the guideline site (which shows the dataset statistics on its pages).
"""
