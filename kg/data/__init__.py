"""Packaged data: rules, lexicons, gazetteer and view assets."""
