"""Django's ``makemessages``, reading our Jinja2 templates (``*.jinja``) too.

A Jinja2 template's messages are calls of ``_``, ``gettext``, ``ngettext``, ``pgettext`` and
``npgettext`` with literal strings (``guanxi/jinja2.py``). Before xgettext reads a template as
Python, everything outside ``{{ … }}`` and ``{% … %}`` is blanked out (line breaks kept, so the
references stay right): the quotes of the HTML around a call would otherwise hide it.
"""

import os
import re

from django.core.management.commands import makemessages

JINJA_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


def jinja_code_only(source: str) -> str:
    """The template's expressions and statements, one per line, at their own line numbers."""
    out = []
    end = 0
    for match in JINJA_CODE.finditer(source):
        out.append("\n" * source.count("\n", end, match.start()))
        code = match.group()[2:-2].strip("-+ \n")
        out.append(code + " ;" + "\n" * match.group().count("\n"))
        end = match.end()
    return "".join(out)


class BuildFile(makemessages.BuildFile):
    def preprocess(self):
        if os.path.splitext(self.path)[1] != ".jinja":
            return super().preprocess()
        with open(self.path, encoding="utf-8") as source:
            code = jinja_code_only(source.read())
        with open(self.work_path, "w", encoding="utf-8") as work:
            work.write(code)


class Command(makemessages.Command):
    build_file_class = BuildFile

    def handle(self, *args, **options):
        if options.get("domain", "django") == "django" and not options.get("extensions"):
            options["extensions"] = ["html", "txt", "py", "jinja"]
        return super().handle(*args, **options)
