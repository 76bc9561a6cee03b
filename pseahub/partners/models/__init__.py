"""The partners app's models, one module per part (issue 16): implementing-partner PSEA capacity assessments
(``assessments``), trainings (``trainings``), campaigns (``campaigns``), the annual PSEA survey (``surveys``),
stakeholders and donors (``funding``). Each part's module is imported here so that Django finds its models."""

from .assessments import *  # noqa: F403
from .campaigns import *  # noqa: F403
from .funding import *  # noqa: F403
from .surveys import *  # noqa: F403
from .trainings import *  # noqa: F403
