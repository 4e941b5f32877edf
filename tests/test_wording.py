"""The Chinese reads as written in Taiwan (docs/glossary.md): 你 not 您, one term per idea,
full-width punctuation, and no padding spaces around names inside a sentence."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from conftest import page_text
from referrals.models import AskKind, DeclineReason, ReferralRequest
from referrals.services import referral_decline

CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
# What may legitimately hold half-width marks inside a msgstr: placeholders, links and markup.
NOT_PROSE = re.compile(r"%\(\w+\)[sd]|%%|https?://\S+|<code>.*?</code>|<[^>]+>")
# Placeholders that can hold Chinese text: a company, a person, a position, a subject...
TEXT_PLACEHOLDER = (
    r"%\((?:name|company|position|seeker|referrer|subject|kind|title|topic|topics|next|goal|"
    r"place|who|target|intent|headline|status|language)\)s"
)


@pytest.fixture(scope="module")
def chinese():
    po = polib.pofile(str(Path(settings.BASE_DIR) / "locale/zh_Hant/LC_MESSAGES/django.po"))
    return [e for e in po if not e.obsolete]


def _msgstrs(entry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def _find(entries, msgid, context=None):
    return next(e for e in entries if e.msgid == msgid and e.msgctxt == context)


def test_the_catalogue_says_ni_never_nin(chinese):
    assert [e.msgid for e in chinese for s in _msgstrs(e) if "您" in s] == []


def test_templates_and_emails_say_ni_never_nin():
    root = Path(settings.BASE_DIR)
    templates = [
        path
        for path in root.glob("**/templates/**/*.*")
        if ".venv" not in path.parts and path.suffix in {".html", ".txt"}
    ]
    assert len(templates) > 50
    assert [str(p) for p in templates if "您" in p.read_text(encoding="utf-8")] == []


def test_a_connection_is_people_not_the_verb_to_contact(chinese):
    """聯繫 is a verb; the people are 人脈, the act 建立關係, keeping in touch 保持聯絡."""
    about_connections = re.compile(r"connect|keep.in.touch|be in touch", re.IGNORECASE)
    wrong = [
        (e.msgid, s)
        for e in chinese
        if about_connections.search(e.msgid)
        for s in _msgstrs(e)
        if "聯繫" in s
    ]
    assert wrong == []


def test_no_half_width_punctuation_inside_chinese(chinese):
    touching = re.compile(rf"{CJK}\s*[:,()]|[:,()]\s*{CJK}")
    wrong = [
        (e.msgid, s) for e in chinese for s in _msgstrs(e) if touching.search(NOT_PROSE.sub("X", s))
    ]
    assert wrong == []


def test_no_padding_spaces_around_names_inside_chinese(chinese):
    """「向台積電的林凱文提出申請」, not 「向 台積電 的 林凱文 提出申請」."""
    padded = re.compile(rf"{TEXT_PLACEHOLDER} +{CJK}|{CJK} +{TEXT_PLACEHOLDER}")
    assert [(e.msgid, s) for e in chinese for s in _msgstrs(e) if padded.search(s)] == []


@pytest.mark.parametrize(
    "msgid, context, term",
    [
        ("Connections", None, "人脈"),
        ("Your connections", None, "人脈"),
        ("Connect", None, "建立關係"),
        ("You are now connected with %(name)s.", None, "建立關係"),
        ("Connection request", None, "人脈邀請"),
        ("Keep in touch", None, "保持聯絡"),
        ("seeker", None, "求職者"),
        ("instructions to applicants", None, "求職者"),
        ("referrer", None, "推薦人"),
        ("referrer channel", None, "內推管道"),
        ("Open my referrer channel", None, "內推管道"),
        ("Kinds of request you accept", None, "申請類型"),
        ("Your note", "note to the referrer", "自我介紹"),
        ("Your note", "note sent with a connection request", "留言"),
        ("capacity", "referrer channel", "名額上限"),
        ("capacity", "event", "人數上限"),
        ("English", "language an event is held in", "英文"),
        ("Open", "state of a report", "待處理"),
        ("Who", "who opened the resume", "查看者"),
        (", ", "list separator", "、"),
        (": ", "between a label and its value", "："),
    ],
)
def test_one_term_per_idea(chinese, msgid, context, term):
    assert term in _find(chinese, msgid, context).msgstr


def test_referrers_are_never_called_neituiren(chinese):
    assert [e.msgid for e in chinese for s in _msgstrs(e) if re.search("內推人(?!數)", s)] == []


# --- On the pages ---------------------------------------------------------------------------------


def test_a_chinese_company_name_has_no_padding_spaces_in_a_sentence(client, acme):
    response = client.get(
        reverse("companies:detail", args=[acme.slug]), HTTP_ACCEPT_LANGUAGE="zh-Hant"
    )
    text = page_text(response)
    assert "愛客美半導體目前還沒有推薦人。" in text
    assert "愛客美半導體 目前" not in text


def _in_chinese(member):
    member.language = "zh-hant"
    member.save(update_fields=["language"])
    return member


def test_ask_page_names_company_and_referrer_in_one_chinese_sentence(client, alice, channel):
    client.force_login(_in_chinese(alice))
    response = client.get(
        reverse("referrals:ask", args=[channel.pk]), HTTP_ACCEPT_LANGUAGE="zh-Hant"
    )
    assert "向愛客美半導體的Bob Chen提出申請" in page_text(response)


@pytest.mark.parametrize(
    "language, accepts, count",
    [
        ("zh-hant", "請教交流、履歷健檢、內推", "（1）"),
        ("en", "Advice chat, Resume review, Referral", "(1)"),
    ],
)
def test_company_page_lists_and_counts_follow_the_language(
    client, channel, language, accepts, count
):
    response = client.get(
        reverse("companies:detail", args=[channel.company.slug]), HTTP_ACCEPT_LANGUAGE=language
    )
    html = page_text(response)
    assert accepts in html
    assert f'<span class="count">{count}</span>' in html


def test_timeline_joins_a_step_and_its_reason_with_a_chinese_colon(client, alice, bob, referral):
    referral_decline(request=referral, referrer=bob, reason=DeclineReason.LEVEL_MISMATCH)
    client.force_login(_in_chinese(alice))
    response = client.get(
        reverse("referrals:my_request", args=[referral.pk]), HTTP_ACCEPT_LANGUAGE="zh-Hant"
    )
    html = page_text(response)
    with translation.override("zh-hant"):
        reason = str(DeclineReason.LEVEL_MISMATCH.label)
    assert f'：<span class="event-detail">{reason}</span>' in html
    assert f': <span class="event-detail">{reason}</span>' not in html


def test_kinds_of_request_are_not_asks_in_english(client, bob, channel):
    client.force_login(bob)
    response = client.get(
        reverse("referrals:channel_edit", args=[channel.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    text = page_text(response)
    assert "Kinds of request you accept" in text
    assert "seekers cannot ask you and are shown other referrers" in text
    assert "New asks wait" not in text
    assert str(AskKind.ADVICE.label) in text


def test_an_english_event_is_held_in_yingwen_on_chinese_pages(client, db):
    """ "English" the interface language stays English; an event held in English says 英文."""
    from events.models import EventLanguage
    from events.tests.helpers import make_event

    event = make_event(language=EventLanguage.EN)
    response = client.get(reverse("events:detail", args=[event.pk]), HTTP_ACCEPT_LANGUAGE="zh-Hant")
    assert "<dd>英文</dd>" in page_text(response)
    with translation.override("zh-hant"):
        assert str(dict(settings.LANGUAGES)["en"]) == "English"


def test_a_request_names_its_state_in_the_language_of_the_page():
    """The admin lists requests by their name: full-width parentheses in Chinese."""
    request = ReferralRequest(position_title="Engineer", status="referred")
    with translation.override("en"):
        assert str(request) == "Engineer (Referred)"
    with translation.override("zh-hant"):
        assert str(request) == "Engineer（已內推）"
