"""Shared core of the dashboard: metric registry, texts, formatting, state, offline assets."""
