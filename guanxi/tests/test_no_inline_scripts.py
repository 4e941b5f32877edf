"""Our templates carry no inline script, no inline event handler and no inline style, so the CSP
holds (`script-src 'self'; style-src 'self'`). The pages as rendered are checked by
tests/test_no_inline_styles.py."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle\s*=", re.IGNORECASE)
# Setting a style attribute from JavaScript is blocked too (element.style.x = … is allowed).
SCRIPT_STYLE = re.compile(r"""setAttribute\(\s*["']style|\sstyle\s*=\s*["']""", re.IGNORECASE)


def _our_templates():
    for path in ROOT.rglob("*.html"):
        parts = set(path.relative_to(ROOT).parts)
        if parts & {".venv", "var", "node_modules", "test-artifacts"}:
            continue
        if "email" in parts:  # e-mails are not served as pages
            continue
        yield path


def test_no_inline_scripts_or_event_handlers():
    offenders = []
    for path in _our_templates():
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER):
            for match in pattern.finditer(text):
                if 'type="application/json"' in match.group(0):
                    continue
                offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert offenders == []
    assert len(list(_our_templates())) > 20


def test_no_inline_styles():
    offenders = []
    for path in _our_templates():
        for match in INLINE_STYLE.finditer(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    for path in ROOT.glob("static/js/*.js"):
        for match in SCRIPT_STYLE.finditer(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert offenders == []
