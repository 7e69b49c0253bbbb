"""Every text a user sees goes through one Swedish catalogue.

Four checks, run by `make test` on both databases:

1. the Swedish catalogue has no untranslated and no fuzzy entry;
2. the committed django.mo holds exactly the translations of django.po;
3. every text marked in the code is in the catalogue, and nothing else is (makemessages is run
   into a temporary copy; it needs GNU gettext: skipped without it, failed when
   REQUIRE_GETTEXT=1, as in .ci/run);
4. no user-visible text is left unmarked: Python string literals that read as Swedish, and
   label-like arguments (verbose_name, label, help_text, choice labels …), outside gettext
   calls; template text and visible attributes outside {% translate %} / {% blocktranslate %}.

How texts are written is in docs/decisions/0006-ui-kit-and-translation.md.
"""

import ast
import gettext
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.base import Lexer, TokenType
from django.utils import translation

BASE = Path(settings.BASE_DIR)
PO = BASE / "samsyn" / "locale" / "sv" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

# The demo's invented data (names, case texts, vocabularies) is data, not interface text; its
# messages, command help and output are texts and are scanned.
DEMO_DATA = (
    "samsyn/demo/generator/",
    "samsyn/demo/people.py",
    "samsyn/demo/stories.py",
    "samsyn/demo/decisions.py",
    "samsyn/demo/receiving.py",
    "samsyn/demo/reflections.py",
    "samsyn/demo/indicators.py",
    "samsyn/demo/systemic.py",
)
DEMO_TEXTS = ("samsyn/demo/generator/__init__.py", "samsyn/demo/generator/world.py")
# The shipped classification values: written into rows once, then maintained by county
# administrators in the admin (data, like the reference JSON files).
REFERENCE_DATA = ("samsyn/deviations/classification.py",)

# Values written into rows, not texts of the interface: translating them would change stored
# data (and the hashed audit trail). The audit display shows FREE_TEXT_CHANGED translated.
STORED_VALUES = {
    ("samsyn/core/retention.py", "PURGED_MARKER"),
    ("samsyn/audit/services.py", "FREE_TEXT_CHANGED"),
}

# The history file format's headers (issue 21, docs/history-import.md): the files' columns,
# the same in every language, never shown as interface text of their own.
FILE_FORMAT = {("samsyn/history/layout.py", "COLUMNS")}

# Swedish in the generated docs/access.md (the scopes as users name them), not in the interface.
DOCUMENTATION_TEXTS = {
    ("samsyn/core/access_table.py", "SCOPE_CELLS"),
    ("samsyn/core/access_table.py", "SCOPE_EXPLANATIONS"),
}

# Data files and files that hold no interface text.
NOT_SCANNED = ("/tests/", "/migrations/", "/demo.py", "/static/")

GETTEXT_FUNCTIONS = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
# Arguments and attributes that are always shown to someone: they must be marked, in any language.
LABEL_NAMES = {
    "verbose_name",
    "verbose_name_plural",
    "help_text",
    "label",
    "empty_label",
    "description",
    "help",
    "site_header",
    "site_title",
    "index_title",
}
SWEDISH_LETTERS = re.compile(r"[åäöÅÄÖé]")
SWEDISH_WORDS = re.compile(
    r"\b(och|att|inte|för|som|är|har|med|ska|kan|eller|ett|finns|ingen|inga|inget|av|på|"
    r"från|vid|måste)\b",
    re.IGNORECASE,
)
LETTERS = re.compile(r"[A-Za-zÅÄÖåäöÉé]")


def _looks_swedish(text: str) -> bool:
    return bool(SWEDISH_LETTERS.search(text)) or (" " in text and bool(SWEDISH_WORDS.search(text)))


def _relative(path: Path) -> str:
    return path.relative_to(BASE).as_posix()


def _sources(suffix: str) -> list[Path]:
    found = []
    for path in sorted((BASE / "samsyn").rglob(f"*{suffix}")):
        rel = _relative(path)
        if any(part in f"/{rel}" for part in NOT_SCANNED):
            continue
        if rel.startswith(DEMO_DATA) and not rel.startswith(DEMO_TEXTS):
            continue
        if rel in REFERENCE_DATA:
            continue
        found.append(path)
    return found


# ---------------------------------------------------------------- 1 and 2: the catalogue


def _catalogue() -> polib.POFile:
    assert PO.exists(), f"{PO} is missing: run `make messages`"
    return polib.pofile(str(PO))


def test_the_swedish_catalogue_has_no_untranslated_or_fuzzy_entry():
    po = _catalogue()
    untranslated = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in po.fuzzy_entries() if not e.obsolete]
    assert untranslated == [], "Translate these in django.po, then `make messages`"
    assert fuzzy == [], "Check these fuzzy translations in django.po and remove the fuzzy flag"
    assert len(po) > 0


def _po_translations(po: polib.POFile) -> dict:
    expected = {}
    for entry in po:
        if entry.obsolete or not entry.translated():
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                expected[(key, int(index))] = text
        else:
            expected[key] = entry.msgstr
    return expected


def test_the_committed_mo_file_matches_the_catalogue():
    assert MO.exists(), f"{MO} is missing: run `make messages` and commit it"
    with MO.open("rb") as handle:
        compiled = dict(gettext.GNUTranslations(handle)._catalog)
    compiled.pop("", None)  # the header
    expected = _po_translations(_catalogue())
    missing = sorted(str(k) for k in set(expected) - set(compiled))
    stale = sorted(str(k) for k in set(compiled) - set(expected))
    changed = sorted(str(k) for k in set(expected) & set(compiled) if expected[k] != compiled[k])
    assert (missing, stale, changed) == ([], [], []), "Run `make messages` and commit django.mo"


def test_pages_speak_swedish_through_the_catalogue():
    with translation.override("sv"):
        assert translation.gettext("Sign in") == "Logga in"
        assert translation.ngettext("%(n)s read", "%(n)s reads", 3) % {"n": 3} == "3 läsningar"


def test_message_ids_are_english():
    """Swedish belongs in the translations: a message id with Swedish letters is a text that was
    marked without being rewritten in English."""
    swedish = [e.msgid for e in _catalogue() if SWEDISH_LETTERS.search(e.msgid + e.msgid_plural)]
    assert swedish == []


# ---------------------------------------------------------------- 3: code and catalogue agree


def _keys(po: polib.POFile) -> set[tuple[str, str]]:
    return {(e.msgctxt or "", e.msgid) for e in po if not e.obsolete}


def test_every_marked_text_is_in_the_catalogue(tmp_path, settings):
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        if os.environ.get("REQUIRE_GETTEXT") == "1":
            pytest.fail("GNU gettext is required here (REQUIRE_GETTEXT=1): apt-get install gettext")
        pytest.skip(
            "GNU gettext (xgettext, msgmerge) is not installed, so the code cannot be "
            "re-extracted here; CI installs it and sets REQUIRE_GETTEXT=1"
        )
    # makemessages writes into every `locale` folder it walks past, so it runs on a copy of the
    # code: the committed catalogue is never touched by a test.
    copy = tmp_path / "tree"
    shutil.copytree(
        BASE / "samsyn",
        copy / "samsyn",
        ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo"),
    )
    settings.LOCALE_PATHS = [copy / "samsyn" / "locale"]
    cwd = os.getcwd()
    os.chdir(copy)
    try:
        call_command("makemessages", locale=["sv"], verbosity=0)
    finally:
        os.chdir(cwd)
    fresh = _keys(
        polib.pofile(str(copy / "samsyn" / "locale" / "sv" / "LC_MESSAGES" / "django.po"))
    )
    committed = _keys(_catalogue())
    assert sorted(fresh - committed) == [], "Marked in the code but not in django.po: make messages"
    assert sorted(committed - fresh) == [], "In django.po but no longer in the code: make messages"


# ---------------------------------------------------------------- 4: no unmarked text


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


class _PythonTexts(ast.NodeVisitor):
    """Unmarked interface text in one module: Swedish-looking literals and label arguments."""

    def __init__(self, rel: str):
        self.rel = rel
        self.found: list[str] = []
        self.marked = 0
        self.skip: set[int] = set()

    def report(self, node, text):
        self.found.append(f"{self.rel}:{node.lineno}: {text!r}")

    def _docstring(self, node):
        body = getattr(node, "body", [])
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            self.skip.add(id(body[0].value))

    def visit_Module(self, node):
        self._docstring(node)
        self.generic_visit(node)

    def visit_FunctionDef(self, node):
        self._docstring(node)
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        self._docstring(node)
        choices = any(
            (getattr(b, "attr", None) or getattr(b, "id", None))
            in ("TextChoices", "IntegerChoices", "Choices")
            for b in node.bases
        )
        if choices:
            for stmt in node.body:
                value = getattr(stmt, "value", None)
                if isinstance(value, ast.Tuple) and value.elts:
                    label = value.elts[-1]
                    if isinstance(label, ast.Constant) and isinstance(label.value, str):
                        self.report(label, label.value)
                        self.skip.add(id(label))
        self.generic_visit(node)

    def visit_Assign(self, node):
        if self.marked == 0 and isinstance(node.value, ast.Constant):
            for target in node.targets:
                name = getattr(target, "id", None) or getattr(target, "attr", None)
                if name in STORED_VALUES_NAMES.get(self.rel, ()):
                    self.skip.add(id(node.value))
                elif name in LABEL_NAMES and _has_letters(node.value):
                    self.report(node.value, node.value.value)
                    self.skip.add(id(node.value))
        if self.marked == 0 and isinstance(
            node.value, ast.Tuple | ast.JoinedStr | ast.BinOp | ast.Dict
        ):
            for target in node.targets:
                name = getattr(target, "id", None)
                if name in STORED_VALUES_NAMES.get(self.rel, ()):
                    for child in ast.walk(node.value):
                        self.skip.add(id(child))
        self.generic_visit(node)

    def visit_Call(self, node):
        if _call_name(node) in GETTEXT_FUNCTIONS:
            self.marked += 1
            self.generic_visit(node)
            self.marked -= 1
            return
        if self.marked == 0:
            for keyword in node.keywords:
                if keyword.arg in LABEL_NAMES and _has_letters(keyword.value):
                    self.report(keyword.value, keyword.value.value)
                    self.skip.add(id(keyword.value))
            # models.CharField("namn", …): the verbose name is the first argument.
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr.endswith("Field")
                and func.attr not in ("ManyToManyField", "OneToOneField")
                and node.args
                and _has_letters(node.args[0])
            ):
                self.report(node.args[0], node.args[0].value)
                self.skip.add(id(node.args[0]))
        self.generic_visit(node)

    def visit_Constant(self, node):
        if (
            self.marked == 0
            and id(node) not in self.skip
            and isinstance(node.value, str)
            and _looks_swedish(node.value)
        ):
            self.report(node, node.value)


def _names_by_file(pairs) -> dict[str, set[str]]:
    by_file: dict[str, set[str]] = {}
    for rel, name in pairs:
        by_file.setdefault(rel, set()).add(name)
    return by_file


STORED_VALUES_NAMES = _names_by_file(STORED_VALUES | DOCUMENTATION_TEXTS | FILE_FORMAT)


def _has_letters(node) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and bool(LETTERS.search(node.value))
        and node.value not in _NOT_TRANSLATED
    )


def test_no_unmarked_swedish_or_label_text_in_python():
    found = []
    for path in _sources(".py"):
        visitor = _PythonTexts(_relative(path))
        visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
        found += visitor.found
    assert found == [], "Mark these with gettext (English message id, Swedish in django.po)"


# Text inside these tags is not shown as text.
_INVISIBLE_TAGS = {"script", "style"}
# Attributes whose value is shown or read aloud.
_VISIBLE_ATTRIBUTES = {"aria-label", "aria-description", "title", "alt", "placeholder"}
# Names, not words: the product's name is the same in every language.
_NOT_TRANSLATED = {"Samsyn"}
_HOLE = "\ue000"  # stands for a template tag or variable


class _TemplateTexts(HTMLParser):
    def __init__(self, rel: str):
        super().__init__(convert_charrefs=True)
        self.rel = rel
        self.found: list[str] = []
        self.hidden = 0

    def _check(self, text: str, where: str):
        visible = text.replace(_HOLE, " ").strip()
        words = " ".join(re.findall(r"[\w'’]+", visible))
        if LETTERS.search(words) and words not in _NOT_TRANSLATED:
            self.found.append(f"{self.rel}:{self.getpos()[0]}: {where}{visible!r}")

    def handle_starttag(self, tag, attrs):
        if tag in _INVISIBLE_TAGS:
            self.hidden += 1
        attributes = dict(attrs)
        for name, value in attrs:
            shown = name in _VISIBLE_ATTRIBUTES or (
                name == "value" and attributes.get("type") in ("submit", "button", "reset")
            )
            if shown and value:
                self._check(value, f"{name}=")

    def handle_endtag(self, tag):
        if tag in _INVISIBLE_TAGS:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self._check(data, "")


def _template_without_marked_text(source: str) -> str:
    """The template with every tag, variable, comment and translated block replaced by a hole
    (line breaks kept, so errors name the right line)."""
    parts, in_translation, in_comment = [], False, False
    for token in Lexer(source).tokenize():
        contents = token.contents
        hole = _HOLE + "\n" * contents.count("\n")
        if token.token_type == TokenType.BLOCK:
            name = contents.split()[0] if contents.split() else ""
            if name in ("blocktranslate", "blocktrans"):
                in_translation = True
            elif name in ("endblocktranslate", "endblocktrans"):
                in_translation = False
            elif name == "comment":
                in_comment = True
            elif name == "endcomment":
                in_comment = False
            parts.append(hole)
        elif token.token_type == TokenType.TEXT and not (in_translation or in_comment):
            parts.append(contents)
        else:
            parts.append(hole)
    return "".join(parts)


def test_no_unmarked_text_in_templates():
    found = []
    for path in _sources(".html"):
        parser = _TemplateTexts(_relative(path))
        parser.feed(_template_without_marked_text(path.read_text(encoding="utf-8")))
        parser.close()
        found += parser.found
    assert found == [], "Put these in {% translate %} or {% blocktranslate %} (English ids)"


def test_the_unmarked_text_check_finds_what_it_must():
    """The scanners themselves: each kind of unmarked text is found, marked text is not."""
    source = (
        "from django.db import models\n"
        "from django.utils.translation import gettext_lazy as _\n"
        "A = 'Ärendet är stängt'\n"
        "B = _('The case is closed')\n"
        "class Kind(models.TextChoices):\n"
        "    ONE = 'one', 'One'\n"
        "    TWO = 'two', _('Two')\n"
        "class M(models.Model):\n"
        "    name = models.CharField('namn', max_length=3)\n"
        "    code = models.CharField(_('code'), max_length=3, help_text='Fyra siffror')\n"
    )
    visitor = _PythonTexts("example.py")
    visitor.visit(ast.parse(source))
    assert [line.split(": ", 1)[1] for line in visitor.found] == [
        "'Ärendet är stängt'",
        "'One'",
        "'namn'",
        "'Fyra siffror'",
    ]
    template = (
        '{% load i18n %}<p>{% translate "Done" %}</p><p>Klart</p>'
        '<nav aria-label="Huvudmeny"></nav><a title="{% translate \'Help\' %}">'
        "{% blocktranslate %}Hi {{ name }}{% endblocktranslate %}</a>"
    )
    parser = _TemplateTexts("example.html")
    parser.feed(_template_without_marked_text(template))
    assert [line.split(": ", 1)[1] for line in parser.found] == [
        "'Klart'",
        "aria-label='Huvudmeny'",
    ]


# ---------------------------------------------------------------- what the texts say


def test_no_text_cites_a_seed_file_or_an_issue_number_or_outdated_words():
    """Users read the documents' names, not our internal references; the agreement's words."""
    texts = [e.msgstr for e in _catalogue()] + [e.msgid for e in _catalogue()]
    for path in sorted((BASE / "samsyn").glob("*/reference/*.json")):
        texts.append(path.read_text(encoding="utf-8"))
    found = [
        t
        for t in texts
        if re.search(r"\bseed\b|\bissue\s*\d|\bhemsjukvård|\bstyrande dokument", t, re.IGNORECASE)
    ]
    assert found == []
