"""The widgets learners use in the lessons."""

from .exercises import HighlightExercise, MachineOpinion, RewriteExercise, SaveStatus, TextAnswer
from .highlighter import Highlighter

__all__ = ["Highlighter", "HighlightExercise", "MachineOpinion", "RewriteExercise", "SaveStatus", "TextAnswer"]
