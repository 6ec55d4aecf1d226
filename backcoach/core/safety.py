"""Safety advice shown by BackCoach: before the first session, on a pain stop, when easing off.

The wording is BackCoach's own; the rules come from the source articles (000, 002, 003, 004):
stop on sharp or shooting pain, and see a professional for the red flags listed here.
"""

from __future__ import annotations

from backcoach.core.routine.text import LocalText

STOP_ON_PAIN = LocalText(
    {
        "en": "Stop at once if you feel sharp, shooting or stabbing pain. Mild effort and"
        " stretching are fine; pain that makes you hold your breath is not.",
        "da": "Stop med det samme, hvis du mærker skarp, jagende eller stikkende smerte. Let"
        " anstrengelse og stræk er fint; smerte, der får dig til at holde vejret, er ikke.",
        "zh-TW": "一旦出現尖銳、竄麻或刺痛,請立刻停止。輕微的用力與拉伸感是正常的;"
        "讓你忍不住憋氣的疼痛則不是。",
    }
)

RED_FLAGS = LocalText(
    {
        "en": "See a physiotherapist or doctor if pain spreads into the buttock or leg, if you"
        " feel numbness or tingling in the legs, if pain lasts for weeks, or if it makes"
        " bending, sitting or sleeping hard.",
        "da": "Søg en fysioterapeut eller læge, hvis smerten breder sig ud i ballen eller benet,"
        " hvis du får følelsesløshed eller prikken i benene, hvis smerten varer i ugevis, eller"
        " hvis den gør det svært at bøje dig, sidde eller sove.",
        "zh-TW": "若疼痛延伸到臀部或腿部、腿部出現麻木或刺麻感、疼痛持續數週,或讓你難以"
        "彎腰、久坐或入睡,請找物理治療師或醫師評估。",
    }
)

SORENESS_OR_INJURY = LocalText(
    {
        "en": "Normal muscle soreness is dull and spread out, peaks a day or two after training"
        " and eases as you move. Pain that is sharp, in one spot, gets worse when you cough or"
        " bend, or is still sharp after three days is a reason to pause and get advice.",
        "da": "Almindelig ømhed er dump og udbredt, topper et døgn eller to efter træning og"
        " letter, når du bevæger dig. Smerte, der er skarp, sidder ét sted, bliver værre, når du"
        " hoster eller bøjer dig, eller stadig er skarp efter tre dage, er et tegn på at holde"
        " pause og søge råd.",
        "zh-TW": "正常的肌肉痠痛是鈍鈍的、範圍較廣,在訓練後一兩天最明顯,活動後會減輕。"
        "若疼痛尖銳、集中在一點、咳嗽或彎腰時加劇,或三天後仍然尖銳,請暫停並尋求專業意見。",
    }
)

BEFORE_YOU_START = (
    LocalText(
        {
            "en": "I have no acute, sharp back pain right now, and I can move freely.",
            "da": "Jeg har ingen akutte, skarpe rygsmerter lige nu, og jeg kan bevæge mig frit.",
            "zh-TW": "我目前沒有急性、尖銳的背痛,而且可以自由活動。",
        }
    ),
    LocalText(
        {
            "en": "I have not injured my spine in the last two months, or a doctor has cleared"
            " me to exercise.",
            "da": "Jeg har ikke skadet min ryg inden for de sidste to måneder, eller en læge har"
            " givet mig lov til at træne.",
            "zh-TW": "我在過去兩個月內沒有脊椎受傷,或醫師已同意我運動。",
        }
    ),
    LocalText(
        {
            "en": "I am not pregnant (during pregnancy, use a programme made for it), and I have"
            " no chronic spinal disease without an individual plan.",
            "da": "Jeg er ikke gravid (brug et program lavet til graviditet), og jeg har ingen"
            " kronisk rygsygdom uden en individuel plan.",
            "zh-TW": "我沒有懷孕(孕期請使用專為孕婦設計的課程),也沒有未經個別規劃的慢性脊椎疾病。",
        }
    ),
)

NOT_MEDICAL_ADVICE = LocalText(
    {
        "en": "BackCoach is for everyday stiffness and prevention. It does not diagnose or"
        " treat injuries.",
        "da": "BackCoach er til hverdagens stivhed og forebyggelse. Den stiller ikke diagnoser og"
        " behandler ikke skader.",
        "zh-TW": "BackCoach 適用於日常僵硬與預防,不能診斷或治療傷害。",
    }
)


def pain_stop_advice(language: str = "en") -> str:
    """Return the advice shown after a session is stopped for pain."""
    return "\n\n".join(text.get(language) for text in (STOP_ON_PAIN, RED_FLAGS, SORENESS_OR_INJURY))
