"""Keep the translation catalog in step with the code: extract, update, compile, check.

    python packaging/i18n.py update   # extract every string, merge into da and zh_TW, compile
    python packaging/i18n.py check    # CI: fail on a stale catalog, a missing or fuzzy
                                      # translation, differing placeholders, a stale .mo
    python packaging/i18n.py fill LOCALE FILE.po...
                                      # take translations this catalog lacks from other
                                      # .po files (after merging branches), then compile

Strings are found with Babel in ``backcoach/`` (``_``, ``N_``, ``ngettext``,
``pgettext``). The template is ``backcoach/i18n/backcoach.pot``; translations
live in ``backcoach/i18n/locale/<lang>/LC_MESSAGES/backcoach.po`` with the
compiled ``.mo`` beside them (committed, so a wheel or bundle needs no build step).
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "backcoach"
I18N = PACKAGE / "i18n"
TEMPLATE = I18N / "backcoach.pot"
LOCALES = ("da", "zh_TW")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sd]|%[sd]")


def po_path(locale: str) -> Path:
    """Return the ``.po`` file of ``locale``."""
    return I18N / "locale" / locale / "LC_MESSAGES" / "backcoach.po"


def extract() -> Catalog:
    """Return a fresh template catalog of every marked string in the package."""
    catalog = Catalog(project="BackCoach", domain="backcoach", fuzzy=False)
    found = extract_from_dir(
        str(PACKAGE),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        catalog.add(
            message,
            None,
            [(f"backcoach/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return catalog


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=False)
    return buffer.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _keys(catalog: Catalog) -> set[tuple]:
    return {
        (message.id if isinstance(message.id, str) else tuple(message.id), message.context)
        for message in catalog
        if message.id
    }


def read(path: Path, locale: str | None = None) -> Catalog:
    """Read a ``.po`` or ``.pot`` file."""
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def update() -> None:
    """Extract, write the template, merge it into each language and compile."""
    template = extract()
    TEMPLATE.write_bytes(_po_bytes(template))
    for locale in LOCALES:
        path = po_path(locale)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            catalog = read(path, locale)
        else:
            catalog = Catalog(locale=locale, domain="backcoach")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        path.write_bytes(_po_bytes(catalog))
        path.with_suffix(".mo").write_bytes(_mo_bytes(catalog))
    print(f"{len(_keys(template))} strings; updated {', '.join(LOCALES)}")


def _placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def problems() -> list[str]:
    """Return every reason the catalog is not complete and current (empty: all good)."""
    found: list[str] = []
    fresh = extract()
    if not TEMPLATE.exists() or _keys(read(TEMPLATE)) != _keys(fresh):
        where = TEMPLATE.relative_to(ROOT)
        found.append(f"{where} is out of date: run python packaging/i18n.py update")
    for locale in LOCALES:
        path = po_path(locale)
        if not path.exists():
            found.append(f"{path.relative_to(ROOT)} is missing")
            continue
        catalog = read(path, locale)
        where = path.relative_to(ROOT)
        missing = _keys(fresh) - _keys(catalog)
        if missing:
            found.append(f"{where}: {len(missing)} strings not merged in: run update")
        for message in catalog:
            if not message.id:
                continue
            ids = [message.id] if isinstance(message.id, str) else list(message.id)
            strings = [message.string] if isinstance(message.string, str) else list(message.string)
            label = f"{where}:{message.lineno}: {ids[0]!r}"
            if message.fuzzy:
                found.append(f"{label}: marked fuzzy")
            if not all(strings):
                found.append(f"{label}: not translated")
                continue
            allowed = {tuple(_placeholders(text)) for text in ids}
            for text in strings:
                if tuple(_placeholders(text)) not in allowed:
                    found.append(
                        f"{label}: placeholders differ: {_placeholders(text)} against {ids[-1]!r}"
                    )
        mo = path.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != _mo_bytes(catalog):
            found.append(f"{mo.relative_to(ROOT)} is out of date: run update")
    return found


def fill(locale: str, others: list[Path]) -> int:
    """Copy translations that ``locale``'s catalog lacks from ``others``; return how many."""
    path = po_path(locale)
    catalog = read(path, locale)
    known: dict[tuple, object] = {}
    for other in others:
        for message in read(other, locale):
            if message.id and message.string and all(message.string) and not message.fuzzy:
                key = (
                    message.id if isinstance(message.id, str) else tuple(message.id),
                    message.context,
                )
                known.setdefault(key, message.string)
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        key = (message.id if isinstance(message.id, str) else tuple(message.id), message.context)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if (not all(strings) or message.fuzzy) and key in known:
            message.string = known[key]
            message.flags.discard("fuzzy")
            filled += 1
    path.write_bytes(_po_bytes(catalog))
    path.with_suffix(".mo").write_bytes(_mo_bytes(catalog))
    return filled


def main(argv: list[str]) -> int:
    """Run ``update`` or ``check``; return the exit code."""
    if argv[1:] == ["update"]:
        update()
        return 0
    if len(argv) > 3 and argv[1] == "fill":
        print(f"{fill(argv[2], [Path(name) for name in argv[3:]])} translations filled")
        return 0
    if argv[1:] == ["check"]:
        found = problems()
        for line in found:
            print(line)
        print("translations: ok" if not found else f"translations: {len(found)} problems")
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
