"""Per-command presentation: turn a core result into JSON, CSV rows and a table drawing."""
