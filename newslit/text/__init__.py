"""Text and finders: splitting with offsets, articles, word lists, loaded language, claims, context checks, analysis.

Knows nothing of keys, learners, widgets, IPython or pandas.
"""
