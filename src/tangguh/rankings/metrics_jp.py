"""JP-duty metrics (helper A)."""
