"""The codebook: its codes (``model``), its TOML file (``toml_parse``, ``source``) and which
one is in force (``discovery``)."""
