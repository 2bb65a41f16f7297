"""Pages to import and export a cluster's member organisations (CSV, XLSX)."""
