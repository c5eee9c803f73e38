"""Plumbing the format readers share, private to ``taxonomist.formats``: reading bytes and
JSON with findings (``json``, ``json_file``, ``locate``), safe XML (``xml``), image headers
(``images``), bulk columns (``columns``), the record-by-record ``DatasetBuilder``
(``builder``) and the codes several formats emit (``codes``). Each module is imported only
by the readers that need it, so a COCO check never loads the XML parser."""
