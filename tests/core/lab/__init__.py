"""Tests of the optimizer lab core (no Qt)."""
