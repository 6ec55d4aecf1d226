"""The history window: statistics, charts, the session list, suggestions and export."""
