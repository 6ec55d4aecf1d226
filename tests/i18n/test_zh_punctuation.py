"""Taiwan punctuation: the zh-TW texts of the bundled routines and the zh_TW catalog.

Between or after Chinese text, Taiwan writes full-width ，：？！；（）and 。; a
half-width mark there looks wrong on screen (it is narrow and sits low beside
square characters). Half-width stays where it belongs: inside numbers (1.5,
2:00), between Latin words, in placeholders and file patterns, and in Qt's
menu accelerators written the usual Taiwanese way, 檔案(&F).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from backcoach import i18n
from backcoach.config.paths import bundled_routines_dir
from tests.conftest import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "packaging"))
import i18n as catalog_tool  # noqa: E402  (packaging/i18n.py)

_WIDE = r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
"""Chinese and Japanese characters, CJK punctuation (。、「」) and full-width forms (，：（）)."""

_HALF_WIDTH_BESIDE_WIDE = re.compile(
    rf"(?<={_WIDE})[,:?!;()]|[,:?!;()](?={_WIDE})|(?<={_WIDE})\.(?=\s|$|{_WIDE})"
)
"""A half-width , : ? ! ; ( ) touching a wide character, or a "." ending a Chinese sentence."""

_ACCELERATOR = re.compile(r"\(&\w\)")
"""Qt's menu accelerator as Taiwanese programs write it: 檔案(&F)."""

_CLOCK_FORMAT = "時:分:秒"
"""How h:mm:ss is read out beside a duration such as 1:05:00; its colons are the number's."""

_FULL_WIDTH = dict(zip(",:?!;().", "，：？！；（）。", strict=True))


def half_width_marks(text: str) -> list[str]:
    """Return each misplaced half-width mark in ``text`` with a few characters around it."""
    checked = _ACCELERATOR.sub("", text).replace(_CLOCK_FORMAT, "")
    found = []
    for match in _HALF_WIDTH_BESIDE_WIDE.finditer(checked):
        mark = match.group()
        around = checked[max(0, match.start() - 4) : match.end() + 4]
        found.append(f"{mark!r} in …{around}… (write {_FULL_WIDTH[mark]})")
    return found


def zh_tw_texts(node: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """Yield (JSON pointer, text) for every zh-TW text anywhere in a routine document."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
            if key == "zh-TW" and isinstance(value, str):
                yield here, value
            else:
                yield from zh_tw_texts(value, here)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from zh_tw_texts(value, f"{pointer}/{index}")


def routine_problems(folder: Path) -> list[str]:
    """Return one line per misplaced mark in the zh-TW texts of the routine files in ``folder``."""
    lines = []
    for path in sorted(folder.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        for pointer, text in zh_tw_texts(document):
            lines += [f"{path.name}: {pointer}: {mark}" for mark in half_width_marks(text)]
    return lines


def catalog_problems(po_file: Path) -> list[str]:
    """Return one line per misplaced mark in the msgstrs of the catalog ``po_file``."""
    lines = []
    for message in catalog_tool.read(po_file, "zh_TW"):
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        context = f"msgctxt {message.context!r} " if message.context else ""
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            lines += [
                f"{po_file.name}: {context}msgid {msgid!r}: {mark}"
                for mark in half_width_marks(text or "")
            ]
    return lines


# -- the rule itself --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "站在辦公桌旁,不到兩分鐘",
        "雙手扶大腿:吐氣拱背",
        "懷孕中?請先諮詢醫師",
        "不要逞強!",
        "先熱身;再開始",
        "辦公桌旁小休息(desk-break)",
        "每個動作 12 下 (共三輪)",
        "慢慢呼吸.",
        "慢慢呼吸. 然後起身",
        "下一個:{name}。",
        "「{title}」,共 3 步",
    ],
)
def test_a_half_width_mark_beside_chinese_is_found(text: str) -> None:
    assert half_width_marks(text) != []


@pytest.mark.parametrize(
    "text",
    [
        "站在辦公桌旁，不到兩分鐘：幾次深呼吸。",
        "停留 1.5 秒，在 2:00 前結束",
        "請寫成 YYYY-MM-DD，例如 2026-11-01",
        "課程檔案 (*.json)",
        "檔案(&F)",
        "會持續 {length}（時:分:秒），超過 {hours} 小時的上限",
        "{file}: {pointer}: 警告：{message}",
        "espeak-ng 會像 (en)...(cmn) 這樣標出那些字詞",
        "請到 https://example.org/a,b 查看",
    ],
)
def test_half_width_where_it_belongs_is_left_alone(text: str) -> None:
    assert half_width_marks(text) == []


def test_a_problem_names_the_file_the_pointer_and_the_mark(tmp_path: Path) -> None:
    (tmp_path / "r.json").write_text(
        json.dumps({"steps": [{"cue": {"en": "Up.", "zh-TW": "抬起來,停."}}]}, ensure_ascii=False),
        encoding="utf-8",
    )
    assert routine_problems(tmp_path) == [
        "r.json: /steps/0/cue/zh-TW: ',' in …抬起來,停.… (write ，)",
        "r.json: /steps/0/cue/zh-TW: '.' in …起來,停.… (write 。)",
    ]


def test_a_catalog_problem_names_the_msgid(tmp_path: Path) -> None:
    po_file = tmp_path / "backcoach.po"
    po_file.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "cue"\nmsgid "Next: {name}."\nmsgstr "下一個:{name}。"\n',
        encoding="utf-8",
    )
    assert catalog_problems(po_file) == [
        "backcoach.po: msgctxt 'cue' msgid 'Next: {name}.': ':' in …下一個:{nam… (write ：)"
    ]


# -- what ships -------------------------------------------------------------------------------


def test_every_zh_tw_text_of_the_bundled_routines_uses_full_width_punctuation() -> None:
    folder = bundled_routines_dir()
    documents = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")]
    assert sum(len(list(zh_tw_texts(d))) for d in documents) > 100
    assert routine_problems(folder) == []


def test_every_zh_tw_translation_uses_full_width_punctuation() -> None:
    assert catalog_problems(catalog_tool.po_path("zh_TW")) == []


# -- punctuation the code adds ----------------------------------------------------------------


@pytest.fixture
def ui_language() -> Iterator[Callable[[str], None]]:
    """Switch the user's language for one test; English again afterwards."""
    yield i18n.set_language
    i18n.set_language("en")


@pytest.mark.parametrize(
    ("tag", "joined", "added", "clauses"),
    [
        ("en", "English, Dansk", "12 reps (0:54)", "Mon: 2; Tue: 3"),
        ("da", "English, Dansk", "12 reps (0:54)", "Mon: 2; Tue: 3"),
        ("zh-TW", "English、Dansk", "12 reps（0:54）", "Mon: 2；Tue: 3"),
    ],
)
def test_lists_and_parentheses_follow_the_users_language(
    ui_language: Callable[[str], None], tag: str, joined: str, added: str, clauses: str
) -> None:
    ui_language(tag)
    assert i18n.join_list(["English", "Dansk"]) == joined
    assert i18n.with_extra("12 reps", "0:54") == added
    assert i18n.join_clauses(["Mon: 2", "Tue: 3"]) == clauses


def test_an_english_message_can_ask_for_english_punctuation(
    ui_language: Callable[[str], None],
) -> None:
    ui_language("zh-TW")
    assert i18n.supported_list() == "en（English）、da（Dansk）、zh-TW（中文（台灣））"
    assert i18n.supported_list(i18n.SOURCE_LANGUAGE) == (
        "en (English), da (Dansk), zh-TW (中文（台灣）)"
    )


def test_the_chinese_name_of_the_language_is_written_with_full_width_parentheses() -> None:
    assert half_width_marks(i18n.LANGUAGES["zh-TW"]) == []


@pytest.mark.parametrize(
    "routine_id", sorted(p.stem for p in bundled_routines_dir().glob("*.json"))
)
def test_the_library_detail_page_in_chinese_has_no_half_width_marks(
    qtbot: Any, ui_language: Callable[[str], None], routine_id: str
) -> None:
    from backcoach.core.routine.catalog import load_catalog
    from backcoach.ui.library.view import LibraryView

    ui_language("zh-TW")
    view = LibraryView(load_catalog(), language="zh-TW")
    qtbot.addWidget(view)
    assert view.select(routine_id)
    page = view.detail.toPlainText()
    assert "語言：" in page and "中文（台灣）" in page
    assert half_width_marks(page) == []
    # Lists and additions the code joins: not even a spaced ", " or " (" (beside digits too).
    assert re.findall(r".{0,6}(?:, | \().{0,6}", page) == []
