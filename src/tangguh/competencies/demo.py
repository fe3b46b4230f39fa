"""The demo's competencies: standards, assessments, plans and a needs analysis that
make the gap screens meaningful (registered as a demo step after development)."""
