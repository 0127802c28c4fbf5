"""Marks that only server code sets, never a client.

A client sends any key of ``env.context`` over RPC (``execute_kw(...,
{'context': {...}})``): a context key must never lift a check, nor say who
did something or why. What the suite's own code tells the layers below it
(write as the rules, read the raw values, these claims are an assignment
by an administrator) is a ``CodeMark``: a ``contextvars.ContextVar`` set for
the duration of a ``with`` block. It exists only in the Python call stack
of the current request or cron; each thread and greenlet has its own value,
so a request never inherits another's.
"""

import contextvars
from contextlib import contextmanager


class CodeMark:
    """A value the code sets around a block (``with MARK.set(value):``) and
    the layers below read (``MARK.get()``); ``default`` outside any block."""

    def __init__(self, name, default=None):
        self._var = contextvars.ContextVar(name, default=default)

    @contextmanager
    def set(self, value=True):
        token = self._var.set(value)
        try:
            yield
        finally:
            self._var.reset(token)

    def get(self):
        return self._var.get()


#: the claims started or ended inside the block come from this move of
#: ownership (``{"move_type", "from_user_id", "reason"}``: an assignment or
#: a distribution by an administrator, a handover, a recycling); outside,
#: from the user's own claim or release. The public pool addon records it
#: and checks a rep's own claims only (membership, cooldown, daily cap).
OWNERSHIP_MOVE = CodeMark("sales_suite_ownership_move", default=None)


@contextmanager
def ownership_move(move_type=None, from_user_id=None, reason=None):
    """Run the block as the move ``move_type`` (``None``: the user's own)."""
    with OWNERSHIP_MOVE.set(
        {"move_type": move_type, "from_user_id": from_user_id, "reason": reason}
    ):
        yield


def current_ownership_move():
    """``{"move_type", "from_user_id", "reason"}`` of the block, else empty values."""
    return OWNERSHIP_MOVE.get() or {"move_type": None, "from_user_id": None, "reason": None}
