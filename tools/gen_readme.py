"""Generate each addon's README.rst from its readme/ fragments (OCA layout).

Usage: python3 tools/gen_readme.py [--check]
With --check, exit 1 when a README.rst is missing or out of date.
"""

import ast
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = [
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("CONTRIBUTORS.md", "Contributors"),
]


def _width(text):
    """Display width: RST wants wide (CJK) characters counted twice."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _underline(title, char):
    return f"{title}\n{char * _width(title)}\n"


def render(addon_dir):
    manifest = ast.literal_eval((addon_dir / "__manifest__.py").read_text())
    name = manifest["name"]
    bar = "=" * _width(name)
    parts = [f"{bar}\n{name}\n{bar}\n", f"{manifest.get('summary', '')}\n"]
    parts.append(
        f"**Version** {manifest['version']} · **License** {manifest['license']} · "
        f"**Status** {manifest.get('development_status', 'Alpha')}\n"
    )
    for fragment, title in SECTIONS:
        path = addon_dir / "readme" / fragment
        if not path.exists():
            continue
        if title:
            parts.append(_underline(title, "~"))
        parts.append(path.read_text().strip() + "\n")
    parts.append(_underline("Maintainers", "~"))
    parts.append(f"This module is maintained by {manifest['author']}.\n")
    return "\n".join(parts)


def main(check=False):
    stale = []
    for manifest in sorted(ROOT.glob("*/__manifest__.py")):
        addon_dir = manifest.parent
        text = render(addon_dir)
        target = addon_dir / "README.rst"
        if not target.exists() or target.read_text() != text:
            stale.append(addon_dir.name)
            if not check:
                target.write_text(text)
    if check and stale:
        print("README.rst out of date (run python3 tools/gen_readme.py):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv))
