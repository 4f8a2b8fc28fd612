"""Helpers for lines that pages repeat: downloads (and their MIME types)."""

from __future__ import annotations

MIME_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIME_CSV = "text/csv"
MIME_HTML = "text/html"
MIME_JSON = "application/json"
