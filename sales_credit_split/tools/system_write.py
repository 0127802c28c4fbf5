"""The split's own code writes as the rules (按规则写入), never a client.

The default split, copies by rule (opportunity -> quotation -> invoice,
a reversal), the agreement actions and the freezing of rates at posting
write what the checks of a share's or a document's ``create``, ``write``
and ``unlink`` refuse to users: derived amounts, commission rates, the
agreement status, locked splits. They do it inside ``split_system()``.

A ``CodeMark`` (``sales_claim_registration/tools/code_marks.py``), not a key
of ``env.context``: a client sends any context key over RPC, and a rep
would write their own amounts, rate or agreement with it.
"""

from odoo.addons.sales_claim_registration.tools.code_marks import CodeMark

_SPLIT_SYSTEM = CodeMark("sales_credit_split_system", default=False)
#: invoice lines created inside the block are copies (a duplicate, the
#: replacement of a reverse and replace): they keep the split they had
_COPYING_LINES = CodeMark("sales_credit_split_copying_lines", default=False)


def split_system():
    """``with split_system():`` the block writes splits as the rules."""
    return _SPLIT_SYSTEM.set(True)


def split_system_writing():
    """Whether the current call is the split's own code writing as the rules."""
    return _SPLIT_SYSTEM.get()


def copying_lines():
    """``with copying_lines():`` the invoice lines created are copies."""
    return _COPYING_LINES.set(True)


def lines_copied():
    """Whether the invoice lines being created are copies (``copying_lines``)."""
    return _COPYING_LINES.get()
