"""Instructor tools: import-article, the key review widget, building lessons from solutions, evaluation."""
