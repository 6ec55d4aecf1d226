"""Routines.

The model, the file loader and its schema, the catalog, texts, durations and descriptions.
"""
