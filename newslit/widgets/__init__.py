"""The widgets learners use in the lessons."""

from .exercises import HighlightExercise, MachineOpinion, RewriteExercise, SaveStatus, TextAnswer
from .highlighter import Highlighter
from .context import ContextChecklist, ContextChecks, PackComparison, RubricAnswer, SourceCard  # lesson 3

__all__ = ["Highlighter", "HighlightExercise", "MachineOpinion", "RewriteExercise", "SaveStatus", "TextAnswer"]
__all__ += ["ContextChecklist", "ContextChecks", "PackComparison", "RubricAnswer", "SourceCard"]
from .claims import AttributionMap, AttributionRewrite, ClaimChoices, ClaimFinderOpinion, ClaimSorter, EvidencePlan  # lesson 2

__all__ += ["AttributionMap", "AttributionRewrite", "ClaimChoices", "ClaimFinderOpinion", "ClaimSorter", "EvidencePlan"]
from .production import ProductionExercise  # lesson 4 (capstone)

__all__ += ["ProductionExercise"]
