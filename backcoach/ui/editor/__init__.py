"""The routine editor: details, a step tree, per-type forms, live checking and preview."""
