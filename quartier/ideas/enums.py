"""The statuses of an idea and the changes staff may make between them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IdeaStatus(models.TextChoices):
    RECEIVED = "eingegangen", _("eingegangen")
    REVIEWING = "wird_geprueft", _("wird geprüft")
    TAKEN_UP = "aufgegriffen", _("aufgegriffen")
    DONE = "umgesetzt", _("umgesetzt")
    NOT_POSSIBLE = "nicht_moeglich", _("nicht möglich")


TRANSITIONS: dict[str, frozenset[str]] = {
    IdeaStatus.RECEIVED: frozenset(
        {IdeaStatus.REVIEWING, IdeaStatus.TAKEN_UP, IdeaStatus.NOT_POSSIBLE}
    ),
    IdeaStatus.REVIEWING: frozenset({IdeaStatus.TAKEN_UP, IdeaStatus.NOT_POSSIBLE}),
    IdeaStatus.TAKEN_UP: frozenset({IdeaStatus.DONE, IdeaStatus.NOT_POSSIBLE}),
    IdeaStatus.DONE: frozenset(),
    IdeaStatus.NOT_POSSIBLE: frozenset(),
}

# Entering these needs something more than the new status: what came of the idea (an event,
# an announcement or a funded project), or the reason why it cannot be done.
NEEDS_LINK = frozenset({IdeaStatus.TAKEN_UP})
NEEDS_REASON = frozenset({IdeaStatus.NOT_POSSIBLE})
# Closed ideas change no more; their contact data goes after RETENTION_DAYS["ideas_closed"].
CLOSED = frozenset({IdeaStatus.DONE, IdeaStatus.NOT_POSSIBLE})


def allowed_next(status: str) -> list[IdeaStatus]:
    """The statuses an idea in `status` may change to, in the order of the lifecycle."""
    targets = TRANSITIONS.get(status, frozenset())
    return [choice for choice in IdeaStatus if choice in targets]
