"""Answer keys and scoring: keys, the scorers, context packs, the lesson catalogue.

Built on :mod:`newslit.text`; knows nothing of learners, widgets or grading.
"""
