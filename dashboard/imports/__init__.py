"""The data-import page: upload, validation view, import log."""
