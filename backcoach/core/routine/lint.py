"""Safety lint: warnings about exercises and numbers the source articles advise against.

A finding is a warning with a reason and the article it comes from, never a block: the
user may follow a therapist's plan. Rules read the routine document (plain JSON), so
the editor can lint what is being typed and ``backcoach validate`` what is on disk.

Name rules match the exercise names, instructions and spoken cues in every language
(English, Danish, Traditional Chinese). A match preceded closely by a negation ("no
bouncing", "uden at fjedre", "不要彈震") is ignored: it is advice against the movement.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from backcoach.core.playback.speaking import speaking_time
from backcoach.i18n import N_, _, number

MAX_HOLD_S = 120.0
"""Holds the articles give run 5-40 s (stretches up to 60 s a side, a plank 60-120 s for the
trained); longer is far beyond them."""
MIN_REP_S = 2.0
"""Up and down together faster than this is not "slow and smooth"."""
MAX_BREATH_HOLD_S = 10.0
MAX_INSTRUCTION_SPEECH_S = 30.0
"""An instruction longer than this to say fits no preparation: the player would have to wait."""


@dataclass(frozen=True)
class Finding:
    """One warning: where (JSON Pointer), which rule, why, and the source article."""

    pointer: str
    rule: str
    message: str
    source: str

    def line(self, file: str) -> str:
        """Return the warning as ``FILE: /pointer: warning: message (article NNN)``."""
        if not self.source:
            return _("{file}: {pointer}: warning: {message}").format(
                file=file, pointer=self.pointer, message=self.message
            )
        return _("{file}: {pointer}: warning: {message} (article {source})").format(
            file=file, pointer=self.pointer, message=self.message, source=self.source
        )


@dataclass(frozen=True)
class NameRule:
    """Exercises named in an article as harmful, by keywords per language."""

    rule: str
    reason: str
    source: str
    keywords: dict[str, tuple[str, ...]]


NAME_RULES: tuple[NameRule, ...] = (
    NameRule(
        "straight-leg-raise",
        N_("raising both straight legs at once strains a sore lower back"),
        "002",
        {
            "en": (
                "double leg raise",
                "double-leg raise",
                "both legs straight",
                "straight leg raise with both",
                "leg raises",
            ),
            "da": ("dobbelt benløft", "begge ben strakte", "strakte benløft"),
            "zh-TW": ("雙腿直抬", "直腿抬", "雙腳抬腿"),
        },
    ),
    NameRule(
        "arms-and-legs-together",
        N_("raising arms and legs together strains a sore lower back"),
        "002",
        {
            "en": ("arms and legs together", "raise arms and legs", "full superman", "swimmers"),
            "da": ("arme og ben samtidig", "løft arme og ben", "fuld superman"),
            "zh-TW": ("手腳同時", "四肢同時", "完整超人"),
        },
    ),
    NameRule(
        "loaded-bridge",
        N_("a loaded (weighted) bridge is harmful for a sore lower back"),
        "002",
        {
            "en": ("loaded bridge", "weighted bridge", "barbell bridge", "hip thrust"),
            "da": ("bro med vægt", "vægtet bro", "hoftestød"),
            "zh-TW": ("負重臀橋", "槓鈴臀橋", "臀推"),
        },
    ),
    NameRule(
        "leg-mill",
        N_('the leg "mill" (scissor or flutter kicks) strains a sore lower back'),
        "002",
        {
            "en": ("leg mill", "scissor kick", "flutter kick"),
            "da": ("benmølle", "saksespark", "saksebevægelse"),
            "zh-TW": ("剪刀腳", "踢腿磨", "風車腿"),
        },
    ),
    NameRule(
        "bicycle-crunch",
        N_("bicycle crunches are harmful for a sore lower back"),
        "002",
        {
            "en": ("bicycle crunch", "bicycle kick"),
            "da": ("cykelcrunch", "cykel-crunch", "cykelmavebøjning"),
            "zh-TW": ("腳踏車捲腹", "單車捲腹", "腳踏車仰臥起坐"),
        },
    ),
    NameRule(
        "single-leg-loading",
        N_("loading one leg at a time is harmful for a sore lower back"),
        "002",
        {
            "en": (
                "single-leg deadlift",
                "single leg squat",
                "single-leg squat",
                "pistol squat",
                "split squat",
            ),
            "da": ("etbens", "et-bens", "pistol squat"),
            "zh-TW": ("單腳硬舉", "單腳深蹲", "單腿負重"),
        },
    ),
    NameRule(
        "bouncing-crunch",
        N_("bouncing crunches and sit-ups are harmful for a sore lower back"),
        "002",
        {
            "en": ("bouncing crunch", "sit-up", "sit up"),
            "da": ("mavebøjning med fjedren", "sit-up", "maveøvelse med rykvis"),
            "zh-TW": ("彈震捲腹", "仰臥起坐"),
        },
    ),
    NameRule(
        "somersault",
        N_("somersaults are harmful for a sore lower back"),
        "002",
        {
            "en": ("somersault", "forward roll", "backward roll"),
            "da": ("kolbøtte", "kraftspring"),
            "zh-TW": ("翻滾", "前滾翻", "後滾翻", "翻筋斗"),
        },
    ),
    NameRule(
        "loaded-flexion",
        N_(
            "loaded bending under compression (deadlifts, good mornings) is to be avoided with a"
            " back problem; hinge at the hips instead"
        ),
        "000",
        {
            "en": ("deadlift", "good morning", "good-morning"),
            "da": ("dødløft", "good morning"),
            "zh-TW": ("硬舉", "早安運動", "早安式"),
        },
    ),
    NameRule(
        "bouncing",
        N_("bouncing or jerky movement: move slowly and smoothly"),
        "002",
        {
            "en": ("bounce", "bouncing", "jerk", "jerky", "ballistic"),
            "da": ("fjedr", "rykvis", "ryk "),
            "zh-TW": ("彈震", "彈跳", "猛甩", "急拉"),
        },
    ),
    NameRule(
        "breath-held-text",
        N_("holding the breath through a set: breathe out on the effort, never hold it"),
        "000",
        {
            "en": ("hold your breath", "hold the breath", "holding your breath"),
            "da": ("hold vejret", "holder vejret"),
            "zh-TW": ("憋氣", "閉氣", "屏住呼吸"),
        },
    ),
)

_NEGATIONS = re.compile(
    r"\b(no|not|don't|do not|never|without|avoid|ikke|uden|undgå|aldrig|ingen)\b|不|別|勿|避免|無"
)


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        yield from (text for text in value.values() if isinstance(text, str))


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _rule_pattern(rule: NameRule) -> re.Pattern[str]:
    """Return one pattern matching any of the rule's keywords, in any language."""
    if rule.rule not in _PATTERNS:
        words = sorted({k for keywords in rule.keywords.values() for k in keywords}, key=len)
        _PATTERNS[rule.rule] = re.compile("|".join(re.escape(w) for w in reversed(words)))
    return _PATTERNS[rule.rule]


def _matches(pattern: re.Pattern[str], text: str) -> bool:
    """Return whether ``pattern`` occurs in ``text`` and is not negated just before it."""
    for match in pattern.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = text[max(line_start, match.start() - 24) : match.start()]
        if not _NEGATIONS.search(before):
            return True
    return False


def _name_findings(step: dict[str, Any], pointer: str) -> Iterator[Finding]:
    text = "\n".join(
        value.lower()
        for field in ("name", "instruction", "cue")
        for value in _texts(step.get(field))
    )
    for rule in NAME_RULES:
        if _matches(_rule_pattern(rule), text):
            yield Finding(pointer, rule.rule, _(rule.reason), rule.source)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _breath_findings(pattern: Any, pointer: str) -> Iterator[Finding]:
    if not isinstance(pattern, dict):
        return
    for key in ("hold_in_s", "hold_out_s"):
        held = _number(pattern.get(key))
        if held is not None and held > MAX_BREATH_HOLD_S:
            yield Finding(
                f"{pointer}/{key}",
                "breath-held",
                _(
                    "the breath is held {seconds} s: breathe on, never hold it through an effort"
                ).format(seconds=number(held)),
                "000",
            )


def _number_findings(step: dict[str, Any], pointer: str) -> Iterator[Finding]:
    kind = step.get("type")
    if kind == "hold":
        hold = _number(step.get("hold_s"))
        if hold is not None and hold > MAX_HOLD_S:
            yield Finding(
                f"{pointer}/hold_s",
                "long-hold",
                _(
                    "a {seconds} s hold is far beyond the articles' 20-40 s (at most 120 s for a"
                    " trained plank)"
                ).format(seconds=number(hold)),
                "003",
            )
        yield from _breath_findings(step.get("breathing"), f"{pointer}/breathing")
    if kind == "breathing":
        yield from _breath_findings(step.get("pattern"), f"{pointer}/pattern")
    tempo = step.get("tempo") if kind == "reps" else None
    if isinstance(tempo, dict):
        up, down = _number(tempo.get("up_s")), _number(tempo.get("down_s"))
        if up is not None and down is not None:
            if up + down < MIN_REP_S:
                yield Finding(
                    f"{pointer}/tempo",
                    "fast-tempo",
                    _("{up} s up and {down} s down is very fast: move slowly and smoothly").format(
                        up=number(up), down=number(down)
                    ),
                    "003",
                )
            if down < up:
                yield Finding(
                    f"{pointer}/tempo/down_s",
                    "fast-lowering",
                    _(
                        "lowering ({down} s) is faster than lifting ({up} s): lower about"
                        " twice as slowly as you lift"
                    ).format(up=number(up), down=number(down)),
                    "000",
                )
    rep_s = _number(step.get("rep_s")) if kind == "reps" else None
    if rep_s is not None and rep_s < MIN_REP_S:
        yield Finding(
            f"{pointer}/rep_s",
            "fast-tempo",
            _("{seconds} s a repetition is very fast: move slowly and smoothly").format(
                seconds=number(rep_s)
            ),
            "003",
        )


def _speech_findings(step: dict[str, Any], pointer: str) -> Iterator[Finding]:
    """Warn about an instruction too long to say before the step starts (in any language)."""
    instruction = step.get("instruction")
    texts = instruction.items() if isinstance(instruction, dict) else [("en", instruction)]
    for language, text in texts:
        if not isinstance(text, str):
            continue
        seconds = speaking_time(text)
        if seconds > MAX_INSTRUCTION_SPEECH_S:
            where = f"{pointer}/instruction" + (
                f"/{language}" if isinstance(instruction, dict) else ""
            )
            yield Finding(
                where,
                "long-instruction",
                _(
                    "the instruction takes about {seconds} s to say, more than the {limit} s a"
                    " preparation can hold: say it more briefly (the screen can show the rest"
                    " in the description)"
                ).format(seconds=round(seconds), limit=round(MAX_INSTRUCTION_SPEECH_S)),
                "",
            )


def lint_step(step: Any, pointer: str) -> list[Finding]:
    """Return the findings for one step (not those of the steps inside a circuit)."""
    if not isinstance(step, dict):
        return []
    return [
        *_name_findings(step, pointer),
        *_number_findings(step, pointer),
        *_speech_findings(step, pointer),
    ]


def lint_document(document: Any) -> list[Finding]:
    """Return every safety finding in a routine document, in step order."""
    if not isinstance(document, dict) or not isinstance(document.get("steps"), list):
        return []
    findings: list[Finding] = []
    defaults = document.get("defaults")
    if isinstance(defaults, dict):
        findings.extend(_breath_findings(defaults.get("breathing"), "/defaults/breathing"))
    for index, step in enumerate(document["steps"]):
        pointer = f"/steps/{index}"
        findings.extend(lint_step(step, pointer))
        if isinstance(step, dict) and isinstance(step.get("steps"), list):
            for inner_index, inner in enumerate(step["steps"]):
                findings.extend(lint_step(inner, f"{pointer}/steps/{inner_index}"))
    return findings
