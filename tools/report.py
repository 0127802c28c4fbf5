"""Summarise a test run: counts per addon from pytest's JUnit XML and line
coverage per addon from coverage's data file.

Exits 1 when a test was skipped or an addon ran no test: a skipped test is
not a passed one (pytest-odoo skips HttpCase tests quietly without
--odoo-http, Odoo skips tours when Chromium or websocket-client is missing).

Odoo's own tests, run with the suite installed (third argument, or alone
with ``--odoo-only``), get a line of their own: they are not the suite's
tests and are not in its counts. A failure or error there fails the run.

Usage: report.py JUNIT [COVERAGE_DATA [ODOO_JUNIT]] | report.py --odoo-only ODOO_JUNIT
"""

import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import coverage

ROOT = Path(__file__).resolve().parent.parent
ADDONS = (
    "sales_claim_registration",
    "sales_public_pool",
    "sales_credit_split",
    "sales_claim_portal",
    "sales_pool_credit_split",
    "sales_credit_split_commission",
)


def _group(classname):
    for addon in ADDONS:
        if f".{addon}." in f".{classname}.":
            return addon
    return "tests (cross-addon)"


def test_counts(junit_path):
    counts = {}
    skipped_names = []
    for case in ET.parse(junit_path).getroot().iter("testcase"):
        group = _group(case.get("classname", ""))
        counter = counts.setdefault(group, Counter())
        if case.find("skipped") is not None:
            counter["skipped"] += 1
            skipped_names.append(f"{case.get('classname')}.{case.get('name')}")
        elif case.find("failure") is not None or case.find("error") is not None:
            counter["failed"] += 1
        else:
            counter["passed"] += 1
    return counts, skipped_names


def coverage_per_addon(data_file):
    cov = coverage.Coverage(data_file=data_file)
    cov.load()
    result = {}
    for addon in ADDONS:
        statements = missing = 0
        for path in sorted((ROOT / addon).rglob("*.py")):
            if "/tests/" in str(path) or path.name == "__manifest__.py":
                continue
            # a file never imported counts every statement as missed
            _, stmts, _, miss, _ = cov.analysis2(str(path))
            statements += len(stmts)
            missing += len(miss)
        if statements:
            result[addon] = (statements, missing, 100.0 * (statements - missing) / statements)
    return result


def odoo_counts(junit_path):
    """Counts of Odoo's own tests: passed, failed, errors, skipped."""
    counter = Counter()
    for case in ET.parse(junit_path).getroot().iter("testcase"):
        if case.find("skipped") is not None:
            counter["skipped"] += 1
        elif case.find("failure") is not None:
            counter["failed"] += 1
        elif case.find("error") is not None:
            counter["errors"] += 1
        else:
            counter["passed"] += 1
    return counter


def deselected_count():
    """Tests of Odoo listed in tests/odoo_tests_deselected.txt."""
    path = ROOT / "tests" / "odoo_tests_deselected.txt"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return sum(1 for line in lines if line.strip() and not line.strip().startswith("#"))


def report_odoo(junit_path):
    """Print the line of Odoo's own tests; False when one failed or none ran."""
    if not junit_path or not Path(junit_path).exists():
        print("\nOdoo's own tests: not run (ODOO_TESTS=1 runs them)")
        return True
    c = odoo_counts(junit_path)
    print(
        f"\nOdoo's own tests, suite installed: {c['passed']} passed, {c['failed']} failed, "
        f"{c['errors']} errors, {c['skipped']} skipped by Odoo, {deselected_count()} deselected "
        "(tests/odoo_tests_deselected.txt)"
    )
    return not (c["failed"] or c["errors"]) and c["passed"] > 0


def main(junit_path, data_file, odoo_junit=None):
    ok = True
    if not Path(junit_path).exists():
        print("no test report written")
        return 1
    counts, skipped = test_counts(junit_path)
    print("\nTests per addon:")
    for group in (*ADDONS, "tests (cross-addon)"):
        c = counts.get(group, Counter())
        print(
            f"  {group:28} {c['passed']:5} passed {c['failed']:4} failed {c['skipped']:4} skipped"
        )
        if group in ADDONS and not c["passed"] + c["failed"]:
            print(f"  error: no test ran for {group}")
            ok = False
    if skipped:
        ok = False
        print("\nerror: skipped tests count as failures here:")
        for name in skipped:
            print(f"  {name}")
    cov = coverage_per_addon(data_file)
    if cov:
        print("\nLine coverage per addon (Python, tests excluded):")
        for addon, (stmts, miss, pct) in cov.items():
            print(f"  {addon:28} {pct:6.1f}%  ({stmts - miss}/{stmts} lines)")
    total = Counter()
    for c in counts.values():
        total.update(c)
    print(f"\n{total['passed']} passed, {total['failed']} failed, {total['skipped']} skipped")
    if odoo_junit is not None and not report_odoo(odoo_junit):
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1] == "--odoo-only":
        sys.exit(0 if report_odoo(sys.argv[2]) else 1)
    sys.exit(
        main(
            sys.argv[1],
            sys.argv[2] if len(sys.argv) > 2 else str(ROOT / ".coverage"),
            sys.argv[3] if len(sys.argv) > 3 else None,
        )
    )
