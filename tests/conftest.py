"""Shared test setup: Qt renders offscreen (no display here or in CI)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
