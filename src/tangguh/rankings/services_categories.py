"""Writes of award categories (helper B)."""
