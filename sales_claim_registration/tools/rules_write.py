"""Only the rules change ownership (只有规则改变归属).

Fields that carry ownership, timers, pool state or grades (the claim's
owner and end date, a customer's pool, cooldown or grade...) are written by
the suite's own methods only: the claim actions, the wizards, the crons and
the hooks, which check who may act and log who and why. Those methods run
their writes inside ``rules_write()``; ``create`` and ``write`` of the
models concerned refuse the protected fields outside of it, for every user.

The superuser counts as the rules too: only server code gets it, by an
explicit ``sudo()`` (commented where it is used), never a client.

The mark is a ``CodeMark`` (``code_marks.py``), not a key of
``env.context``, which a client can send over RPC.
"""

import functools
from contextlib import contextmanager

from .code_marks import CodeMark

_RULES = CodeMark("sales_suite_rules_write", default=False)


@contextmanager
def rules_write():
    """Run the block as the rules: protected fields may be written."""
    with _RULES.set(True):
        yield


def rules_writing(env):
    """Whether the current call may write protected fields: inside
    ``rules_write()``, or as the superuser (server code that chose
    ``sudo()``: a client never gets it, RPC runs as the logged-in user)."""
    return env.su or _RULES.get()


def by_rules(method):
    """Decorator: the method writes protected fields as the rules.

    Only for methods that check who may act and write values they compute
    themselves, never values passed through from the caller.
    """

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with rules_write():
            return method(*args, **kwargs)

    return wrapper


def without_defaults(model, names):
    """``model`` without ``default_<field>`` context keys for ``names``: a
    client may send them over RPC, and ``create`` would write them."""
    context = model.env.context
    keys = [key for key in context if key.startswith("default_") and key[8:] in names]
    if not keys:
        return model
    # a key is removed, not set: only a whole context does that
    return model.with_context(  # pylint: disable=context-overridden
        {key: value for key, value in context.items() if key not in keys}
    )
