"""Safety advice shown by BackCoach: before the first session, on a pain stop, when easing off.

The wording is BackCoach's own; the rules come from the source articles (000, 002, 003, 004):
stop on sharp or shooting pain, and see a professional for the red flags listed here. The
English is here; the translations are in the catalog (``CatalogText``).
"""

from __future__ import annotations

from backcoach.core.catalog_text import CatalogText
from backcoach.i18n import N_

STOP_ON_PAIN = CatalogText(
    N_(
        "Stop at once if you feel sharp, shooting or stabbing pain. Mild effort and"
        " stretching are fine; pain that makes you hold your breath is not."
    )
)

RED_FLAGS = CatalogText(
    N_(
        "See a physiotherapist or doctor if pain spreads into the buttock or leg, if you"
        " feel numbness or tingling in the legs, if pain lasts for weeks, or if it makes"
        " bending, sitting or sleeping hard."
    )
)

SORENESS_OR_INJURY = CatalogText(
    N_(
        "Normal muscle soreness is dull and spread out, peaks a day or two after training"
        " and eases as you move. Pain that is sharp, in one spot, gets worse when you cough or"
        " bend, or is still sharp after three days is a reason to pause and get advice."
    )
)

BEFORE_YOU_START = (
    CatalogText(N_("I have no acute, sharp back pain right now, and I can move freely.")),
    CatalogText(
        N_(
            "I have not injured my spine in the last two months, or a doctor has cleared"
            " me to exercise."
        )
    ),
    CatalogText(
        N_(
            "I am not pregnant (during pregnancy, use a programme made for it), and I have"
            " no chronic spinal disease without an individual plan."
        )
    ),
)

NOT_MEDICAL_ADVICE = CatalogText(
    N_(
        "BackCoach is for everyday stiffness and prevention. It does not diagnose or"
        " treat injuries."
    )
)


def pain_stop_advice(language: str = "en") -> str:
    """Return the advice shown after a session is stopped for pain."""
    return "\n\n".join(text.get(language) for text in (STOP_ON_PAIN, RED_FLAGS, SORENESS_OR_INJURY))
