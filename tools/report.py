"""Summarise a test run: counts per addon from pytest's JUnit XML and line
coverage per addon from coverage's data file.

Exits 1 when a test was skipped or an addon ran no test: a skipped test is
not a passed one (pytest-odoo skips HttpCase tests quietly without
--odoo-http, Odoo skips tours when Chromium or websocket-client is missing).
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


def main(junit_path, data_file):
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
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else str(ROOT / ".coverage")))
