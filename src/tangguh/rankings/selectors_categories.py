"""Reads of award categories (helper B)."""
