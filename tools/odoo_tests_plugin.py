"""pytest plugin for the run of Odoo's own tests with the suite installed.

Loaded by ``tools/dev.sh test`` (``-p tools.odoo_tests_plugin``) next to
pytest-odoo. It deselects the few tests of Odoo listed in
``tests/odoo_tests_deselected.txt``, each with the rule of the suite that
deliberately changes Odoo's behaviour there (or the reason it fails without
the suite as well) and the test of ours that proves the rule, and prints
that list at the end of the run.
"""

from pathlib import Path

import pytest

# close browsers that a failed tour left open, as for the suite's own tests
from conftest import pytest_sessionfinish  # noqa: F401

DESELECTED_FILE = Path(__file__).resolve().parent.parent / "tests" / "odoo_tests_deselected.txt"


def read_deselected(path=DESELECTED_FILE):
    """[(node id, reason, proof)] from the deselection file.

    One test a line: ``node id | reason | proof``; lines starting with ``#`` are comments.
    Node ids start at the module folder: ``crm/tests/test_x.py::Class::test``.
    """
    entries = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3 or not all(parts):
            raise pytest.UsageError(
                f"{path}:{number}: write 'node id | reason | test of ours that proves it'"
            )
        entries.append(tuple(parts))
    return entries


def pytest_collection_modifyitems(session, config, items):
    entries = {nodeid: (reason, proof) for nodeid, reason, proof in read_deselected()}
    kept, dropped = [], []
    for item in items:
        entry = _entry_of(item.nodeid, entries)
        (dropped if entry else kept).append((item, entry))
    if dropped:
        config.hook.pytest_deselected(items=[item for item, _ in dropped])
        items[:] = [item for item, _ in kept]
    config._odoo_deselected = [(item.nodeid, *entries[entry]) for item, entry in dropped]


def _entry_of(nodeid, entries):
    """The entry naming this test: node ids of the file start at the module
    folder (``crm/tests/...``), whatever the layout of Odoo's installation."""
    for entry in entries:
        if ("/" + nodeid).endswith("/" + entry):
            return entry
    return None


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    dropped = getattr(config, "_odoo_deselected", [])
    if not dropped:
        return
    terminalreporter.section("Odoo tests deselected (tests/odoo_tests_deselected.txt)")
    for nodeid, reason, proof in dropped:
        terminalreporter.write_line(f"{nodeid}\n    why: {reason}\n    proof: {proof}")
