"""Publication, versions, award certificates (helper C)."""
