"""Interoperability: start a taxonomy from other tools' class lists, write taxonomies as YAML.

``importers`` holds one module per source format (registry in ``importers/__init__.py``);
``yaml_out`` writes a taxonomy document dict as deterministic, human-friendly YAML.
"""
