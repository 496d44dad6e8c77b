"""Rendering: the HTML the kit shows, from Jinja2 templates with autoescape.

Used by widgets and grading; knows nothing of either.
"""
