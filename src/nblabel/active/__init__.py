"""Active learning in the kernel: retrain in the background, reorder the queue, suggest labels."""

from nblabel.active.loop import ActiveLearning
from nblabel.active.simulate import labels_to_reach, simulate
from nblabel.active.strategies import DEFAULT_STRATEGY, STRATEGIES

__all__ = ["DEFAULT_STRATEGY", "STRATEGIES", "ActiveLearning", "labels_to_reach", "simulate"]
