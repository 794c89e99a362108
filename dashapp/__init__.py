"""Netherlands COVID-19 dashboard."""
