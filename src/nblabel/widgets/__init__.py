"""Notebook widgets: thin adapters between the browser, the items and the store."""
