"""The Jinja2 environment for our busiest pages (``TEMPLATES``' second engine, ``*.jinja``).

Django's template language costs a few microseconds for every node and every variable it
resolves, and a list page of 24 cards resolves thousands of them: that, not the database, was
most of a first visit's time (docs/performance.md). Jinja2 compiles a template to Python once.
On top of that, each template is compiled **once per language**, with its fixed texts already
translated: ``_("Companies")`` and ``icon("users")`` cost nothing when a page renders, and
``ngettext`` only picks the plural form. The admin, allauth's screens and the rest of our pages
keep Django's engine; both engines show the same site header and footer (``jinja2/chrome/``,
which Django's ``base.html`` renders with ``{% jinja %}``).

What a template may use beyond Jinja2's own:

- ``_(msgid, **values)`` (or ``gettext``), ``ngettext(singular, plural, n, **values)``,
  ``pgettext(context, msgid, **values)``, ``npgettext(...)``: Django's translations. The
  placeholders are Python's (``%(name)s``) and are escaped; the translated text is escaped
  when it has none (as ``{% translate %}``) and trusted when it has some (as
  ``{% blocktranslate %}``), so the msgids are the very ones Django's tags make and both
  engines share one catalogue. ``make messages`` extracts them from ``*.jinja``
  (``guanxi/management/commands/makemessages.py``); a message must be a literal string;
- ``url(name, *args)``: ``reverse()``, remembered per URL name; ``static(path)``;
  ``icon(name)``; ``colon()``;
- the filters ``when``, ``ago``, ``listing``, ``parens``;
- ``request``, ``csrf_input``, ``csrf_token``, ``user``, ``messages``, ``LANGUAGE_CODE``,
  ``TIME_ZONE``, ``unread_notification_count`` (the context processors of ``TEMPLATES``).
"""

import re

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.middleware.csrf import get_token
from django.template.backends import jinja2 as backends_jinja2
from django.test.signals import template_rendered
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.functional import SimpleLazyObject
from django.utils.translation import trans_real
from jinja2 import Environment, nodes
from jinja2.visitor import NodeTransformer
from markupsafe import Markup, escape

from guanxi import formats
from guanxi.templatetags.icons import icon
from guanxi.templatetags.wording import colon, listing, parens

# --- translations --------------------------------------------------------------------------


def _values(values: dict) -> dict:
    return {key: escape(value) for key, value in values.items()}


def gettext(message: str, **values) -> str:
    text = translation.gettext(message)
    return Markup(text) % _values(values) if values else text


def ngettext(singular: str, plural: str, number: int, **values) -> str:
    values.setdefault("num", number)
    return Markup(translation.ngettext(singular, plural, number)) % _values(values)


def pgettext(context: str, message: str, **values) -> str:
    text = translation.pgettext(context, message)
    return Markup(text) % _values(values) if values else text


def npgettext(context: str, singular: str, plural: str, number: int, **values) -> str:
    values.setdefault("num", number)
    return Markup(translation.npgettext(context, singular, plural, number)) % _values(values)


def _filled(text: str, **values) -> Markup:
    """A message translated when the template was compiled, with this render's values."""
    return Markup(text) % _values(values)


def _plural(language: str, context: str | None, singular: str, plural: str, number, **values):
    """The plural form for ``number`` in the language the template was compiled for."""
    catalogue = trans_real.translation(language)
    if context is None:
        text = catalogue.ngettext(singular, plural, number)
    else:
        text = catalogue.npgettext(context, singular, plural, number)
    values.setdefault("num", number)
    return Markup(text) % _values(values)


class _TranslateFixedTexts(NodeTransformer):
    """Replaces calls with literal arguments by their result in one language."""

    def __init__(self, language: str):
        self.language = language

    def visit_Call(self, node: nodes.Call):
        node = self.generic_visit(node)
        if not isinstance(node.node, nodes.Name) or node.dyn_args or node.dyn_kwargs:
            return node
        name, args = node.node.name, node.args
        fixed = [isinstance(arg, nodes.Const) and isinstance(arg.value, str) for arg in args]
        line = node.lineno
        with translation.override(self.language):
            if name in ("_", "gettext") and fixed == [True]:
                text = translation.gettext(args[0].value)
            elif name == "pgettext" and fixed == [True, True]:
                text = translation.pgettext(args[0].value, args[1].value)
            elif name in ("ngettext", "npgettext") and len(args) == 3 + (name == "npgettext"):
                if not all(fixed[:-1]):
                    return node
                context = args[0].value if name == "npgettext" else None
                singular, plural = (arg.value for arg in args[-3:-1])
                texts = [nodes.Const(self.language), nodes.Const(context)]
                texts += [nodes.Const(singular), nodes.Const(plural)]
                return nodes.Call(
                    nodes.Name("_plural", "load"),
                    [*texts, args[-1]],
                    node.kwargs,
                    None,
                    None,
                    lineno=line,
                )
            elif name == "icon" and fixed and all(fixed) and not node.kwargs:
                return nodes.Const(Markup(icon(*(arg.value for arg in args))), lineno=line)
            else:
                return node
        if node.kwargs:
            return nodes.Call(
                nodes.Name("_filled", "load"),
                [nodes.Const(text)],
                node.kwargs,
                None,
                None,
                lineno=line,
            )
        return nodes.Const(text, lineno=line)


class GuanxiEnvironment(Environment):
    """Hands out each template compiled for the active language (one overlay per language)."""

    language: str | None = None

    def _parse(self, source, name, filename):
        tree = super()._parse(source, name, filename)
        if self.language is not None:
            tree = _TranslateFixedTexts(self.language).visit(tree)
        return tree

    def for_language(self, language: str) -> "GuanxiEnvironment":
        overlays = self.__dict__.setdefault("_overlays", {})
        env = overlays.get(language)
        if env is None:
            env = overlays[language] = self.overlay()
            env.language = language
        return env

    def get_template(self, name, parent=None, globals=None):
        if self.language is None:
            env = self.for_language(translation.get_language() or "en")
            return env.get_template(name, parent, globals)
        return super().get_template(name, parent, globals)

    def from_string(self, source, globals=None, template_class=None):
        if self.language is None:
            env = self.for_language(translation.get_language() or "en")
            return env.from_string(source, globals, template_class)
        return super().from_string(source, globals, template_class)


# --- URLs and static files -----------------------------------------------------------------

# An argument that reverse() writes as it is, so a URL reversed once with stand-ins is filled
# in with the real values by joining strings. The stand-ins are digits, which every converter
# we use (int, slug, str) takes.
_PLAIN_ARGUMENT = re.compile(r"[A-Za-z0-9_-]+")
_STAND_IN = "97531864200{:02d}"
_STAND_INS = re.compile(r"97531864200(\d\d)")
_patterns: dict[tuple, list[str]] = {}


def url(name: str, *args) -> str:
    """``reverse(name, args=args)``, the pattern remembered per name and number of arguments."""
    key = (name, len(args), get_script_prefix())
    parts = _patterns.get(key)
    if parts is None:
        try:
            pattern = reverse(name, args=[_STAND_IN.format(i) for i in range(len(args))])
        except NoReverseMatch:
            pattern = ""
        parts = _STAND_INS.split(pattern)
        if not pattern or len(parts) != 2 * len(args) + 1:
            return iri_to_uri(reverse(name, args=args))
        _patterns[key] = parts
    if not args:
        return parts[0]
    out = [parts[0]]
    for i in range(1, len(parts), 2):
        value = str(args[int(parts[i])])
        if not _PLAIN_ARGUMENT.fullmatch(value):
            return iri_to_uri(reverse(name, args=args))
        out.append(value)
        out.append(parts[i + 1])
    return "".join(out)


@receiver(setting_changed)
def _forget_patterns(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _patterns.clear()


def static(path: str) -> str:
    return staticfiles_storage.url(path)


def environment(**options) -> Environment:
    env = GuanxiEnvironment(**options)
    env.globals.update(
        _=gettext,
        gettext=gettext,
        ngettext=ngettext,
        pgettext=pgettext,
        npgettext=npgettext,
        _filled=_filled,
        _plural=_plural,
        url=url,
        static=static,
        icon=icon,
        colon=colon,
    )
    env.filters.update(
        when=formats.when,
        ago=formats.ago,
        listing=lambda values: listing(values, autoescape=True),
        parens=lambda value: parens(value, autoescape=True),
    )
    return env


# --- the backend ---------------------------------------------------------------------------


class Jinja2(backends_jinja2.Jinja2):
    """Django's Jinja2 backend, plus what Django's test client records of a rendered template
    (``response.context`` and ``.templates``)."""

    def get_template(self, template_name):
        return _Template(super().get_template(template_name).template, self)

    def from_string(self, template_code):
        return _Template(self.env.from_string(template_code), self)


class _Template(backends_jinja2.Template):
    @property
    def name(self) -> str:
        return self.template.name

    def render(self, context=None, request=None):
        context = {} if context is None else context
        if request is not None:
            context["request"] = request
            # One masked token for the whole page, made when a form first asks for it (as
            # Django's own engine does): Django's lazy ``csrf_input`` masks a new one, with 32
            # calls to the system's random source, for every form a list of cards shows.
            token = SimpleLazyObject(lambda: get_token(request))
            context["csrf_token"] = token
            context["csrf_input"] = SimpleLazyObject(lambda: csrf_input(token))
            for context_processor in self.backend.template_context_processors:
                context.update(context_processor(request))
        # What Django's test client records of a Django template (response.context and
        # .templates); nothing listens outside tests.
        template_rendered.send(sender=self, template=self, context=context)
        return self.template.render(context)


def csrf_input(token) -> Markup:
    """The hidden input of a form's CSRF token (Django's ``{% csrf_token %}``)."""
    return Markup('<input type="hidden" name="csrfmiddlewaretoken" value="{}">').format(token)
