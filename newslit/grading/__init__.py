"""Grading: reading hand-ins, scoring them, reports, the class dashboard.

Never runs learner code; knows nothing of the widgets.
"""
