"""Certificate-coverage metric (helper A)."""
