"""The learner's answers: the autosaving answer store and the hand-in inside the notebook.

Knows nothing of widgets or grading.
"""
