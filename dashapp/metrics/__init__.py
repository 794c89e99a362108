"""The metric registry (``registry``), the shape of its records (``model``), the rules a record can
name (``rules``) and the maps' colour bins (``bins``)."""
