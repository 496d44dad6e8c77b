"""The widgets learners use in the lessons."""

from newslit.widgets.exercises import HighlightExercise, MachineOpinion, RewriteExercise, SaveStatus, TextAnswer
from newslit.widgets.highlighter import Highlighter
from newslit.widgets.context import ContextChecklist, ContextChecks, PackComparison, RubricAnswer, SourceCard  # lesson 3

__all__ = ["Highlighter", "HighlightExercise", "MachineOpinion", "RewriteExercise", "SaveStatus", "TextAnswer"]
__all__ += ["ContextChecklist", "ContextChecks", "PackComparison", "RubricAnswer", "SourceCard"]
from newslit.widgets.claims import AttributionMap, AttributionRewrite, ClaimChoices, ClaimFinderOpinion, ClaimSorter, EvidencePlan  # lesson 2

__all__ += ["AttributionMap", "AttributionRewrite", "ClaimChoices", "ClaimFinderOpinion", "ClaimSorter", "EvidencePlan"]
from newslit.widgets.production import ProductionExercise  # lesson 4 (capstone)

__all__ += ["ProductionExercise"]
