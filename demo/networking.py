"""The networking half of the demo, played through the real services like the referral half.

Runs after the referrals (``DemoLoader.load``): network profiles for most members and a few
members who came to network (a founder, investors, a hiring manager, an immigration lawyer),
"people I want to meet" with current and new matches, saved members, connections with notes,
coffee chats in every state, the fixed logins' own contacts (by hand and from a LinkedIn
export) with interactions, follow-ups and cadences, and community events with RSVPs.

Every step is scheduled at a moment and the steps run in time order under ``time_machine``, so
notifications, match notices, contact histories and "gone quiet" dates come out as in real
life. Times to come (coffee slots, events) are counted from the moment of loading, in the time
zone of the people concerned, so the demo stays valid whenever it is loaded. A separate fixed
seed keeps it deterministic without changing the referral half.
"""

import random
import re
import zoneinfo
from collections import Counter
from datetime import datetime, time, timedelta

import time_machine
from allauth.account.models import EmailAddress
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext

from accounts.models import User
from coffee.models import Mode
from coffee.services import coffee_cancel, coffee_confirm, coffee_mark_happened, coffee_propose
from contacts.linkedin import contacts_import_linkedin
from contacts.models import Contact, FollowUp
from contacts.services import (
    contact_create,
    contact_update,
    follow_up_complete,
    follow_up_create,
    interaction_log,
    member_today,
    reminder_settings_save,
)
from demo import data
from demo import network_data as nd
from events.models import Event
from events.services import event_rsvp, event_save
from network.services import (
    connection_accept,
    connection_ignore,
    connection_note_initial,
    connection_send,
    meet_wish_create,
    network_profile_save,
    shortlist_add,
)
from referrals.models import Outcome, ReferralRequest

SEED = 20250715
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")


def short_name(user: User, language: str) -> str:
    """How a note greets someone: the Chinese name in Chinese, the first name in English."""
    name = user.display_name or ""
    cjk = _CJK_RUN.findall(name)
    if language == "zh-hant" and cjk:
        return cjk[0]
    latin = [w for w in name.split() if not _CJK_RUN.search(w)]
    return latin[0] if latin else name


class Networking:
    def __init__(self, loader):
        self.loader = loader
        self.rng = random.Random(SEED)
        self.now = loader.now
        self.steps: list = []
        self.refs: dict = {}
        self.members: dict[str, User] = {}
        self.info: dict[int, dict] = {}  # user pk → lang, city, industry, listed, saved_at
        self.pairs: set[frozenset] = set()
        self.counts: Counter = Counter()

    # -- time --

    def ago(self, days: float = 0, hours: float = 0) -> datetime:
        return self.now - timedelta(days=days, hours=hours)

    def local(self, user: User, days: int, hour: int, minute: int = 0) -> datetime:
        """A round time in ``user``'s time zone, ``days`` from their today."""
        zone = zoneinfo.ZoneInfo(user.time_zone or "Asia/Taipei")
        day = timezone.localtime(self.now, zone).date() + timedelta(days=days)
        return datetime.combine(day, time(hour, minute), tzinfo=zone)

    def at(self, when: datetime, step) -> None:
        if when > self.now:
            raise ValueError(f"A demo step cannot happen in the future: {when}")
        self.steps.append((when, len(self.steps), step))

    def run(self) -> None:
        for when, _n, step in sorted(self.steps, key=lambda row: row[:2]):
            with time_machine.travel(when, tick=False):
                step()

    # -- members --

    def create_members(self) -> None:
        users = []
        for spec in nd.MEMBERS:
            latin = " ".join(w for w in spec["name"].split() if not _CJK_RUN.search(w))
            users.append(
                User(
                    email=spec["email"],
                    password=self.loader.password,
                    display_name=spec["name"],
                    headline=spec["headline"],
                    city=spec["city"],
                    time_zone=data.CITY_ZONES[spec["city"]],
                    language=spec["lang"],
                    languages_spoken=spec["languages"],
                    linkedin_url=f"https://www.linkedin.com/in/{slugify(latin)}",
                    date_joined=self.ago(spec["joined"]),
                )
            )
        User.objects.bulk_create(users)
        created = {u.email: u for u in User.objects.filter(email__in=[u.email for u in users])}
        EmailAddress.objects.bulk_create(
            [
                EmailAddress(user=u, email=u.email, verified=True, primary=True)
                for u in created.values()
            ]
        )
        for spec in nd.MEMBERS:
            self.members[spec["key"]] = created[spec["email"]]

    # -- profiles, people I want to meet, saved members --

    def topic(self, user: User, language: str | None = None) -> str:
        language = language or user.language or "en"
        industry = self.info.get(user.pk, {}).get("industry", "other")
        table = nd.TOPICS[language]
        return self.rng.choice(table.get(industry) or table["other"])

    def profile(self, user: User, at: datetime, *, listed: bool = True, **fields) -> None:
        self.info[user.pk] = {
            "industry": fields.get("industry") or "other",
            "listed": listed,
            "saved_at": at,
        }

        def save():
            network_profile_save(user=user, listed=listed, **fields)
            self.counts["profiles"] += 1

        self.at(at, save)

    def plan_profiles(self) -> None:
        L, rng = self.loader, self.rng
        self.profile(
            L.kevin.user,
            self.ago(80),
            intents=["hiring"],
            offers=[
                "referrals",
                "resume_review",
                "mock_interviews",
                "mentoring",
                "industry_insight",
            ],
            role_type="expert",
            industry="software",
            company="Google",
            job_title="Staff Software Engineer",
            about="在 Google 台北做 Cloud 基礎架構，之前在台積電 IT 待了六年。每週固定看內推請求；"
            "還不確定要不要投的話，也歡迎先約咖啡聊聊，平日中午或晚上都可以。",
        )
        self.profile(
            L.emily.user,
            self.ago(44),
            intents=["job_referral", "mentor", "visa_advice"],
            offers=["industry_insight", "resume_review", "mock_interviews"],
            role_type="peer",
            industry="finance",
            company="Pacific Pay",
            job_title="Senior Backend Engineer",
            about="Backend engineer with five years in payments (Go, PostgreSQL, Kafka), moving "
            "from Taipei to Seattle. Looking for backend teams that care about correctness. "
            "Happy to review resumes or run a mock system design interview in return.",
        )
        self.profile(
            L.alex.user,
            self.ago(75),
            intents=["job_referral", "cofounder", "business_advice"],
            offers=["referrals", "resume_review", "mock_interviews", "visa_experience"],
            role_type="peer",
            industry="software",
            company="Microsoft",
            job_title="Software Engineer II",
            about="Azure engineer in Vancouver, thinking about moving back to Taipei — maybe to "
            "a startup. I can refer for Microsoft and share what the Canadian work permit and "
            "PR process was like.",
        )
        self.profile(
            L.admin,
            self.ago(118),
            intents=[],
            offers=["introductions"],
            role_type="",
            industry="public",
            company="Guanxi 社群",
            job_title="社群志工",
            about="Guanxi 的志工管理員。想找講者、辦活動、或不知道該找誰聊，都可以先來問我。",
        )
        for spec in nd.MEMBERS:
            user = self.members[spec["key"]]
            self.profile(
                user,
                user.date_joined + timedelta(hours=3),
                intents=spec["intents"],
                offers=spec["offers"],
                role_type=spec["role_type"],
                industry=spec["industry"],
                company=spec["company"],
                job_title=spec["job_title"],
                about=spec["about"],
            )

        first_channel = {}
        for person, channel in L.channels:
            first_channel.setdefault(person.user.pk, channel)
        for person in L.referrers:
            roll = rng.random()
            if roll < 0.1:
                continue  # not everyone fills in the networking side
            channel = first_channel[person.user.pk]
            key = next(k for k, c in L.companies.items() if c.pk == channel.company_id)
            company = L.companies[key]
            title, lowered = channel.job_title, channel.job_title.lower()
            if "engineering manager" in lowered or "工程經理" in title:
                role = "hiring_manager"
            elif "manager" in lowered or "經理" in title:
                role = rng.choice(["hiring_manager", "peer", "expert"])
            elif "staff" in lowered or "主任" in title:
                role = "expert"
            elif "senior" in lowered or "資深" in title:
                role = rng.choice(["peer", "peer", "expert", "senior_leader"])
            else:
                role = "peer"
            abroad = data.CITY_ZONES.get(person.user.city, "Asia/Taipei") != "Asia/Taipei"
            offers = ["referrals", *rng.sample(nd.REFERRER_OFFERS, rng.randint(1, 3))]
            if abroad and rng.random() < 0.5:
                offers.append("visa_experience")
            intents = rng.sample(nd.REFERRER_INTENTS, rng.choice([0, 0, 1, 1, 2]))
            if role == "hiring_manager":
                intents.append("hiring")
                offers.append("job_openings")
            industry = nd.COMPANY_INDUSTRY.get(key, "other")
            self.info[person.user.pk] = {"industry": industry}
            about = rng.choice(nd.ABOUT_REFERRER[person.lang]).format(
                title=title,
                company=(company.name_zh or company.name_en)
                if person.lang == "zh-hant"
                else company.name_en,
                city=person.user.city,
                years=rng.randint(2, 12),
                topic=self.topic(person.user, person.lang),
            )
            self.profile(
                person.user,
                person.user.date_joined + timedelta(days=rng.uniform(1, 12)),
                listed=roll > 0.18,
                intents=intents,
                offers=offers,
                role_type=role,
                industry=industry,
                company=company.name_en,
                job_title=title,
                about=about if rng.random() < 0.8 else "",
            )
        for person in L.seekers:
            roll = rng.random()
            if roll < 0.12:
                continue
            family = data.F(person.families[0]) if person.families else data.F.SOFTWARE
            industry = nd.FAMILY_INDUSTRY.get(family.value, "other")
            self.info[person.user.pk] = {"industry": industry}
            en, zh = rng.choice(data.TITLES.get(family, data.TITLES[data.F.SOFTWARE]))
            title = zh if person.lang == "zh-hant" else en
            new_grad = "New grad" in person.user.headline or "應屆" in person.user.headline
            company = "" if new_grad else rng.choice(nd.SEEKER_EMPLOYERS[person.lang])
            abroad = data.CITY_ZONES.get(person.user.city, "Asia/Taipei") != "Asia/Taipei"
            intents = ["job_referral", *rng.sample(nd.SEEKER_INTENTS[:2], rng.choice([0, 1, 1]))]
            if abroad and rng.random() < 0.6:
                intents.append("visa_advice")
            if new_grad:
                intents.append("internship")
            about = rng.choice(nd.ABOUT_SEEKER[person.lang]).format(
                title=title,
                company=company or "—",
                years=rng.randint(2, 8),
                topic=self.topic(person.user, person.lang),
            )
            self.profile(
                person.user,
                person.user.date_joined + timedelta(days=rng.uniform(0.5, 10)),
                listed=roll > 0.25,
                intents=intents,
                offers=rng.sample(nd.SEEKER_OFFERS, rng.choice([0, 1, 1, 2])),
                role_type="peer",
                industry=industry,
                company=company,
                job_title="" if new_grad else title,
                about=about if company else "",
            )

    def plan_wishes_and_saves(self) -> None:
        emily, alex, kevin = self.loader.emily.user, self.loader.alex.user, self.loader.kevin.user
        m = self.members
        amazon_person, _channel = self.loader.first_channel("amazon")

        def wishes(owner, rows):
            def make():
                for row in rows:
                    meet_wish_create(owner=owner, **row)
                    self.counts["wishes"] += 1

            return make

        self.at(
            self.ago(28),
            wishes(
                emily,
                [
                    {"role_type": "hiring_manager", "city": "Seattle"},
                    {"company": "Amazon"},
                    {"role_type": "expert", "industry": "legal"},
                ],
            ),
        )
        self.at(
            self.ago(40),
            wishes(
                alex,
                [
                    {"role_type": "founder", "city": "Taipei"},
                    {"role_type": "investor"},
                    {"role_type": "hiring_manager", "company": "Google", "city": "Taipei"},
                ],
            ),
        )
        saves = [
            (emily, m["grace"], 27, "Payments platform team — ask about senior backend openings"),
            (emily, m["jason"], 20, "H-1B transfer questions before accepting an offer"),
            (emily, amazon_person.user, 5, "AWS in Seattle; asked for a referral"),
            (emily, m["amanda"], 10, "Director at AWS; ask Wei-Ting what her org is like"),
            (alex, m["peggy"], 38, "Hiring backend engineers in Taipei"),
            (alex, m["ryan"], 46, "Looking for a technical co-founder"),
            (alex, m["kelly"], 30, "Ask how seed rounds work in Taiwan"),
            (alex, m["ivy"], 4, "Pixel team in Taipei, two openings"),
            (kevin, m["eric"], 62, "學長，先進封裝研發；問問外派熊本的事"),
            (kevin, m["michael"], 14, "想聊聊天使投資與新創顧問"),
        ]
        for owner, member, days, note in saves:

            def save(owner=owner, member=member, note=note):
                shortlist_add(owner=owner, member=member, note=note)
                self.counts["saved"] += 1

            self.at(self.ago(days), save)

    # -- connections --

    def note(self, sender: User, recipient: User, topic: str | None = None) -> str:
        language = sender.language or "en"
        topic = topic or self.topic(recipient, language)
        if self.rng.random() < 0.6:
            # The platform's suggested note, with the topic filled in as a member would.
            with translation.override(language):
                placeholder = gettext("[the topic you would like to discuss]")
            text = connection_note_initial(sender=sender, recipient=recipient)
            return text.replace(placeholder, topic)
        same_city, *others = nd.NOTES[language]
        template = same_city if sender.city == recipient.city else self.rng.choice(others)
        return template.format(
            name=short_name(recipient, language),
            city=nd.CITY_ZH.get(recipient.city, recipient.city)
            if language == "zh-hant"
            else recipient.city,
            topic=topic,
            me=short_name(sender, language),
        )

    def connect(
        self,
        sender: User,
        recipient: User,
        days: float,
        *,
        note: str = "",
        topic: str | None = None,
        accept_after: float | None = None,
        ignore_after: float | None = None,
    ) -> bool:
        """``sender`` asks ``days`` ago; the answer comes ``*_after`` hours later (or never)."""
        pair = frozenset((sender.pk, recipient.pk))
        if pair in self.pairs or sender.pk == recipient.pk:
            return False
        self.pairs.add(pair)
        sent_at = self.ago(days)
        holder = {}

        def send():
            text = note or self.note(sender, recipient, topic)
            holder["connection"] = connection_send(sender=sender, recipient=recipient, note=text)
            self.counts["connections"] += 1

        self.at(sent_at, send)
        if accept_after is not None:
            when = min(sent_at + timedelta(hours=accept_after), self.ago(hours=0.1))

            def accept():
                connection_accept(connection=holder["connection"], recipient=recipient)
                self.counts["accepted"] += 1

            self.at(when, accept)
        elif ignore_after is not None:
            when = min(sent_at + timedelta(hours=ignore_after), self.ago(hours=0.1))
            self.at(
                when,
                lambda: connection_ignore(connection=holder["connection"], recipient=recipient),
            )
        return True

    def pick_seeker(self, *, lang: str, cities=(), skip=()) -> User:
        for person in self.loader.seekers[5:]:
            user = person.user
            if user.pk in skip or person.lang != lang:
                continue
            if cities and user.city not in cities:
                continue
            return user
        raise LookupError((lang, cities))

    def plan_connections(self) -> None:
        L, m = self.loader, self.members
        emily, alex, kevin, admin = L.emily.user, L.alex.user, L.kevin.user, L.admin
        nvidia_person, _c = L.first_channel("nvidia")
        nvidia = nvidia_person.user
        s4 = L.seekers[3]
        self.nvidia = nvidia

        # Emily (seeker@): her network in Seattle grows; two people wait for her answer.
        self.connect(
            emily,
            nvidia,
            37.5,
            note=(
                f"Hi {short_name(nvidia, 'en')}, thank you again for the referral to the CUDA "
                "Libraries team! I'd love to stay connected, and I'll keep you posted on how "
                "the interviews go."
            ),
            accept_after=5,
        )
        self.connect(
            alex,
            emily,
            33,
            note="Hi Emily, fellow backend engineer from Taiwan in the Pacific Northwest here. "
            "I'm thinking about moving back to Taipei while you're moving to Seattle — happy to "
            "trade notes on teams and visas!",
            accept_after=20,
        )
        self.connect(
            emily,
            m["grace"],
            26,
            note="Hi Grace, I'm a backend engineer with five years in payments, moving to "
            "Seattle this spring. I am looking for a job referral and wondered if I could ask "
            "for 20 minutes of your time to hear how your team hires senior engineers.",
            accept_after=26,
        )
        self.connect(emily, m["jason"], 19, topic="an H-1B transfer", accept_after=3)
        self.connect(
            emily, m["amanda"], 2, topic="how AWS storage teams hire senior engineers"
        )  # still waiting
        us_seeker = self.pick_seeker(lang="en", cities=("Seattle", "Vancouver", "San Francisco"))
        zh_seeker = self.pick_seeker(lang="zh-hant", cities=("Taipei", "Hsinchu", "Taichung"))
        self.connect(
            us_seeker,
            emily,
            1.5,
            note="Hi Emily, I saw in the directory that you're moving from fintech to Seattle — "
            "that's exactly my plan for next year. Could I ask you for 15 minutes about how you "
            "prepared for the US interviews?",
        )
        self.connect(
            zh_seeker,
            emily,
            0.6,
            note="Emily 你好！我也在金融科技業做後端，明年想挑戰西雅圖的職缺。"
            "看到你的經歷很有共鳴，想請教你準備美國面試的方式，方便的話想約個線上咖啡聊聊，謝謝！",
        )
        self.pending_to = {"seeker": [us_seeker, zh_seeker]}

        # Kevin (referrer@): old friends, a grateful hire, and three requests to answer.
        self.connect(
            admin,
            kevin,
            85,
            note="凱文你好，謝謝你在 Guanxi 開了內推頻道！之後社群活動需要講者時，可以找你幫忙嗎？",
            accept_after=4,
        )
        self.connect(kevin, m["eric"], 60, topic="先進封裝的職缺與外派", accept_after=18)
        self.connect(alex, kevin, 40, topic="moving back to Taipei", accept_after=9)
        s4_note = {
            "en": "Hi Kevin, thank you so much for the referral to Google — I start next month! "
            "I'd love to stay connected and help other applicants the way you helped me.",
            "zh-hant": "凱文學長您好，非常謝謝您幫我內推 Google，我下個月就要報到了！"
            "希望能保持聯繫，之後也想幫忙其他學弟妹。",
        }[s4.lang]
        self.connect(s4.user, kevin, 4.5, note=s4_note, accept_after=6)
        skip = {us_seeker.pk, zh_seeker.pk, s4.user.pk}
        waiting = [
            self.pick_seeker(lang="zh-hant", cities=("Taipei", "Hsinchu"), skip=skip),
            self.pick_seeker(lang="en", cities=("Tokyo", "Singapore", "London", "New York")),
        ]
        skip |= {u.pk for u in waiting}
        waiting.append(self.pick_seeker(lang="zh-hant", skip=skip))
        self.connect(waiting[0], kevin, 2, topic="Google 台北的後端職缺")
        self.connect(waiting[1], kevin, 1, topic="moving from Asia to a Google team in Taipei")
        self.connect(waiting[2], kevin, 0.3, topic="台積電 IT 的工作內容")
        self.pending_to["referrer"] = waiting
        skip |= {u.pk for u in waiting}
        pushy = self.pick_seeker(lang="en", skip=skip)
        skip.add(pushy.pk)
        self.connect(
            pushy,
            kevin,
            20,
            note="Hi, can you refer me to any job at Google? Thanks.",
            ignore_after=30,
        )

        # Alex (both@): founders and investors in Taipei, one request to answer.
        self.connect(alex, m["ryan"], 45, topic="finding a technical co-founder", accept_after=7)
        self.connect(alex, m["peggy"], 36, topic="後端工程師回台加入新創", accept_after=12)
        self.connect(alex, m["michael"], 12, topic="seed rounds in Taiwan", accept_after=22)
        self.connect(
            self.pick_seeker(lang="en", skip=skip), alex, 1, topic="Azure teams in Vancouver"
        )

        # Everyone else: a web of accepted connections, a few unanswered, a few ignored.
        rng = self.rng
        everyone = [pk for pk in self.info]
        by_pk = {p.user.pk: p.user for p in L.people.values()}
        by_pk.update({u.pk: u for u in self.members.values()})
        listed = [pk for pk in everyone if self.info[pk].get("listed", True)]
        fixed = {emily.pk, kevin.pk, alex.pk}
        made = 0
        while made < 60:
            sender = by_pk[rng.choice(everyone)]
            same = [
                pk
                for pk in listed
                if by_pk[pk].city == sender.city
                or self.info[pk]["industry"] == self.info[sender.pk]["industry"]
            ]
            recipient = by_pk[rng.choice(same if same and rng.random() < 0.7 else listed)]
            if sender.pk in fixed or recipient.pk in fixed:
                continue
            start = max(self.info[sender.pk]["saved_at"], self.info[recipient.pk]["saved_at"])
            span = (self.ago(1) - start).total_seconds() / 86400
            if span < 1:
                continue
            days = (self.now - start).total_seconds() / 86400 - rng.uniform(0.5, span)
            roll = rng.random()
            made += self.connect(
                sender,
                recipient,
                max(days, 1),
                accept_after=rng.uniform(2, 72) if roll < 0.75 else None,
                ignore_after=rng.uniform(12, 96) if 0.75 <= roll < 0.85 else None,
            )

    # -- coffee --

    def coffee(
        self,
        proposer: User,
        invitee: User,
        *,
        goal: str,
        mode: str,
        proposed: float,
        slots: list[datetime],
        confirm: tuple | None = None,
        cancel: tuple | None = None,
        met: tuple | None = None,
    ) -> None:
        """``confirm`` = (days ago, slot index, place or link); ``cancel`` = (days ago, who);
        ``met`` = (who, topics), recorded two hours after the chosen time."""
        holder = {}

        def propose():
            holder["chat"] = coffee_propose(
                proposer=proposer, invitee=invitee, goal=goal, mode=mode, slots=slots
            )
            self.counts["coffee"] += 1

        self.at(self.ago(proposed), propose)
        if confirm:
            days, index, where = confirm

            def do_confirm():
                chat = holder["chat"]
                slot = chat.slots.order_by("starts_at", "pk")[index]
                holder["chat"] = coffee_confirm(
                    chat=chat,
                    member=invitee,
                    slot_id=slot.pk,
                    place=where if mode == Mode.IN_PERSON else "",
                    meeting_link=where if mode == Mode.ONLINE else "",
                )

            self.at(self.ago(days), do_confirm)
            if met:
                who, topics = met
                chosen = sorted(slots)[index]
                self.at(
                    chosen + timedelta(hours=2),
                    lambda: coffee_mark_happened(chat=holder["chat"], member=who, topics=topics),
                )
        if cancel:
            days, who = cancel
            self.at(self.ago(days), lambda: coffee_cancel(chat=holder["chat"], member=who))

    def plan_coffee(self) -> None:
        L, m = self.loader, self.members
        emily, alex, kevin = L.emily.user, L.alex.user, L.kevin.user
        meta_person, _c = L.first_channel("meta")
        meta = meta_person.user
        s4 = L.seekers[3]
        taipei_seeker = self.pending_to["referrer"][0]
        online, in_person = Mode.ONLINE, Mode.IN_PERSON

        # Waiting for Kevin (referrer@) to pick a time — and, in person, the place.
        self.coffee(
            taipei_seeker,
            kevin,
            goal="請教從新創轉到 Google 的面試準備",
            mode=in_person,
            proposed=0.4,
            slots=[
                self.local(kevin, 2, 12, 30),
                self.local(kevin, 3, 19),
                self.local(kevin, 6, 10),
            ],
        )
        self.coffee(
            alex,
            kevin,
            goal="Moving back to Taipei: how Google Taipei teams work",
            mode=online,
            proposed=1.2,
            slots=[self.local(kevin, 3, 8), self.local(kevin, 4, 8)],
        )
        # Kevin met the seeker he referred (and who got hired) over lunch.
        s4_topics = {
            "en": "Starting at Google Taipei, the first 90 days, helping the next applicants",
            "zh-hant": "入職準備、Google 台北的團隊文化、試用期怎麼過",
        }[s4.lang]
        s4_goal = {"en": "Lunch to celebrate the offer", "zh-hant": "拿到 offer 了，請學長吃午餐"}
        self.coffee(
            s4.user,
            kevin,
            goal=s4_goal[s4.lang],
            mode=in_person,
            proposed=4.3,
            slots=[self.local(kevin, -3, 12, 30), self.local(kevin, -2, 12, 30)],
            confirm=(4.0, 0, nd.CAFES["Taipei"][0]),
            met=(s4.user, s4_topics),
        )

        # Emily (seeker@): confirmed, waiting for her answer, met twice, one cancelled.
        self.coffee(
            emily,
            m["grace"],
            goal="How your payments team hires senior backend engineers",
            mode=in_person,
            proposed=3,
            slots=[
                self.local(emily, 4, 8, 30),
                self.local(emily, 5, 12),
                self.local(emily, 7, 17, 30),
            ],
            confirm=(2, 0, nd.CAFES["Seattle"][0]),
        )
        self.coffee(
            alex,
            emily,
            goal="Compare notes: Azure vs AWS teams, Seattle vs Vancouver",
            mode=online,
            proposed=0.8,
            slots=[self.local(emily, 2, 18), self.local(emily, 3, 18)],
        )
        self.coffee(
            emily,
            self.nvidia,
            goal="What the CUDA Libraries team looks for before my interviews",
            mode=online,
            proposed=37.4,
            slots=[self.local(emily, -36, 17), self.local(emily, -35, 9)],
            confirm=(37.0, 0, "https://meet.jit.si/cuda-libraries-coffee"),
            met=(emily, "CUDA Libraries team, the interview loop, H-1B transfer timeline"),
        )
        self.coffee(
            emily,
            m["jason"],
            goal="Questions about an H-1B transfer before accepting an offer",
            mode=in_person,
            proposed=18,
            slots=[self.local(emily, -14, 12), self.local(emily, -13, 12)],
            confirm=(17, 0, "Tsai & Partners, 1201 3rd Ave, Seattle (lobby café)"),
            met=(m["jason"], "H-1B transfer, green card timeline, changing employers during PERM"),
        )
        self.coffee(
            emily,
            meta,
            goal="Which E5 infrastructure teams fit a payments background?",
            mode=online,
            proposed=21,
            slots=[self.local(emily, -12, 16), self.local(emily, -11, 16)],
            confirm=(20, 0, "https://meet.jit.si/e5-infra-chat"),
            cancel=(14, meta),
        )

        # Alex (both@): a founder chat coming up, one met, one he has not marked yet.
        self.coffee(
            alex,
            m["peggy"],
            goal="Backend roles at Tidal Health, and moving back to Taipei",
            mode=online,
            proposed=2.5,
            slots=[self.local(m["peggy"], 5, 10), self.local(m["peggy"], 6, 10)],
            confirm=(1.5, 0, "https://meet.google.com/tdh-kxqa-mpe"),
        )
        self.coffee(
            m["ryan"],
            alex,
            goal="Would we work well as co-founders?",
            mode=in_person,
            proposed=31,
            slots=[self.local(alex, -29, 8), self.local(alex, -28, 8)],
            confirm=(30, 1, nd.CAFES["Vancouver"][0]),
            met=(m["ryan"], "Co-founder fit, Maple Stack's roadmap, equity split basics"),
        )
        self.coffee(
            alex,
            m["michael"],
            goal="What Taiwanese seed investors look for in a developer-tools team",
            mode=online,
            proposed=9,
            slots=[self.local(m["michael"], -3, 9), self.local(m["michael"], -2, 9)],
            confirm=(8, 0, "https://meet.jit.si/kaleido-office-hours"),
        )
        self.coffee(
            m["kelly"],
            alex,
            goal="聊聊台灣種子輪的行情",
            mode=online,
            proposed=27,
            slots=[self.local(alex, -24, 17), self.local(alex, -23, 17)],
            cancel=(26, m["kelly"]),
        )

    # -- contacts --

    def plan_contacts(self) -> None:
        L = self.loader
        emily, alex = L.emily.user, L.alex.user
        self.own_contacts(emily, nd.SEEKER_CONTACTS, created=44)
        self.own_contacts(alex, nd.BOTH_CONTACTS, created=74)
        self.linkedin(emily, nd.SEEKER_LINKEDIN, nd.SEEKER_IMPORTED, imported=30)
        self.linkedin(alex, nd.BOTH_LINKEDIN, nd.BOTH_IMPORTED, imported=44)
        for owner, frequency, days in ((emily, "weekly", 40), (alex, "daily", 60)):
            self.at(
                self.ago(days),
                lambda owner=owner, frequency=frequency: reminder_settings_save(
                    member=owner, frequency=frequency
                ),
            )
        self.at(
            self.ago(70), lambda: reminder_settings_save(member=L.kevin.user, frequency="weekly")
        )

        # Thank-you and outcome follow-ups that the referral flow suggested are ticked off
        # when the seeker actually did them.
        def tick_referral_follow_ups():
            for request in ReferralRequest.objects.filter(
                seeker__in=[emily, alex], thanked_at__isnull=False
            ):
                reported = request.outcome in (Outcome.OFFER, Outcome.HIRED)
                for follow_up in FollowUp.objects.filter(
                    contact__owner_id=request.seeker_id,
                    occurrence_key__startswith=f"referral:{request.pk}:",
                    done_at__isnull=True,
                ):
                    if follow_up.occurrence_key.endswith(":thanks") or reported:
                        follow_up_complete(owner=request.seeker, follow_up=follow_up)

        self.at(self.ago(5), tick_referral_follow_ups)

        # After the coffee chats: what to come back to.
        def after_coffee():
            for owner, other, topic, due in (
                (emily, self.nvidia, "Share the offer decision and say thank you again", 2),
                (emily, self.members["jason"], "Send him the offer letter's start date", -1),
                (emily, self.members["grace"], "Bring two questions about on-call", 3),
                (alex, self.members["ryan"], "Reply about the co-founder trial project", -5),
            ):
                contact = Contact.objects.get(owner=owner, member=other)
                follow_up_create(
                    owner=owner,
                    contact=contact,
                    topic=topic,
                    due_on=member_today(owner, self.now) + timedelta(days=due),
                )
            contact = Contact.objects.get(owner=emily, member=self.members["grace"])
            contact_update(
                contact=contact,
                owner=emily,
                tags=["hiring_manager"],
                how_we_met="Found her in the Guanxi directory",
                cadence_days=30,
            )

        self.at(self.ago(1), after_coffee)

    def fresh(self, key) -> Contact:
        """The contact as it is now: the services save derived dates from the instance given."""
        return Contact.objects.get(pk=self.refs[key].pk)

    def _history(self, owner, key, created: datetime, interactions, follow_ups) -> None:
        for days, kind, topics, *rest in interactions:
            occurred = self.ago(days)

            def log(occurred=occurred, kind=kind, topics=topics, notes=rest[0] if rest else ""):
                interaction_log(
                    owner=owner,
                    contact=self.fresh(key),
                    kind=kind,
                    occurred_at=occurred,
                    topics=topics,
                    notes=notes,
                )
                self.counts["interactions"] += 1

            self.at(max(occurred, created + timedelta(minutes=5)), log)
        for due, topic, *rest in follow_ups:
            due_on = member_today(owner, self.now) + timedelta(days=due)
            when = max(created + timedelta(minutes=10), self.ago(max(0, -due) + 6))

            def plan(due_on=due_on, topic=topic, done=bool(rest and rest[0])):
                follow_up = follow_up_create(
                    owner=owner, contact=self.fresh(key), topic=topic, due_on=due_on
                )
                if done:
                    follow_up_complete(owner=owner, follow_up=follow_up)

            self.at(when, plan)

    def own_contacts(self, owner: User, specs: list[dict], *, created: float) -> None:
        for n, spec in enumerate(specs):
            key = (owner.pk, spec["key"])
            at = self.ago(created) + timedelta(minutes=7 * n)

            def make(spec=spec, key=key):
                self.refs[key] = contact_create(
                    owner=owner,
                    name=spec["name"],
                    email=spec["email"],
                    company=spec["company"],
                    title=spec["title"],
                    tags=spec["tags"],
                    how_we_met=spec["how_we_met"],
                    linkedin_url=spec.get("linkedin_url", ""),
                    notes=spec["notes"],
                    cadence_days=spec["cadence"],
                )

            self.at(at, make)
            self._history(owner, key, at, spec["interactions"], spec["follow_ups"])

    def linkedin(self, owner: User, rows: list[str], later: list[tuple], *, imported: float):
        at = self.ago(imported)
        content = (nd.LINKEDIN_NOTES + "\n".join(rows) + "\n").encode("utf-8-sig")

        def upload():
            contacts_import_linkedin(owner=owner, data=content, filename="Connections.csv")

        self.at(at, upload)
        for n, (name, tags, how, cadence, interactions, follow_ups) in enumerate(later):
            key = (owner.pk, f"import:{name}")
            when = at + timedelta(hours=1, minutes=n)

            def edit(name=name, tags=tags, how=how, cadence=cadence, key=key):
                contact = Contact.objects.get(owner=owner, name=name)
                self.refs[key] = contact_update(
                    contact=contact, owner=owner, tags=tags, how_we_met=how, cadence_days=cadence
                )

            self.at(when, edit)
            self._history(
                owner,
                key,
                when,
                interactions,
                [(due, topic) for due, topic in follow_ups],
            )

    # -- events --

    def plan_events(self) -> None:
        L, rng = self.loader, self.rng
        by_pk = {p.user.pk: p.user for p in L.people.values()}
        by_pk.update({u.pk: u for u in self.members.values()})
        self.events = {}
        for spec in nd.EVENTS:
            zone = zoneinfo.ZoneInfo(spec["time_zone"])
            day = timezone.localtime(self.now, zone).date() + timedelta(days=spec["days"])
            starts = datetime.combine(day, time(spec["hour"]), tzinfo=zone)
            published = min(self.ago(25), starts - timedelta(days=21))

            def publish(spec=spec, starts=starts):
                self.events[spec["key"]] = event_save(
                    event=Event(
                        title=spec["title"],
                        description=spec["description"],
                        kind=spec["kind"],
                        language=spec["language"],
                        starts_at=starts,
                        ends_at=starts + timedelta(minutes=spec["minutes"]),
                        time_zone=spec["time_zone"],
                        place=spec["place"],
                        online_link=spec["online_link"],
                        capacity=spec["capacity"],
                        is_published=True,
                        created_by=L.admin,
                    )
                )
                self.counts["events"] += 1

            self.at(published, publish)
            last = min(self.ago(0.2), starts - timedelta(hours=3))
            span = (last - published).total_seconds() / 86400

            def pool(*zones):
                return [u for u in by_pk.values() if (u.time_zone in zones) and u != L.admin]

            if spec["key"] == "seattle_meetup":
                fixed = [L.emily.user, self.members["grace"], self.members["jason"]]
                people = pool("America/Los_Angeles", "America/Vancouver")
                count = 14
            elif spec["key"] == "online_101":
                fixed = [L.emily.user, L.alex.user, L.kevin.user]
                people = list(by_pk.values())
                count = 22
            elif spec["key"] == "taipei_talk":
                fixed = [L.kevin.user, self.members["ivy"], self.members["michael"]]
                people = pool("Asia/Taipei")
                count = 26
            else:
                fixed = [self.members["eric"]]
                people = [
                    by_pk[pk]
                    for pk, info in self.info.items()
                    if info["industry"] == "semiconductors" and by_pk[pk].time_zone == "Asia/Taipei"
                ]
                count = 16
            people = [u for u in people if u not in fixed]
            rng.shuffle(people)
            guests = fixed + people[: count - len(fixed)]
            for n, member in enumerate(guests):
                status = "not_going" if n >= len(fixed) and rng.random() < 0.1 else "going"
                when = published + timedelta(days=rng.uniform(0.1, span))

                def rsvp(key=spec["key"], member=member, status=status):
                    event_rsvp(event=self.events[key], member=member, status=status)
                    self.counts["rsvps"] += 1

                self.at(when, rsvp)

    # -- all of it --

    def build(self) -> None:
        self.create_members()
        self.plan_profiles()
        self.plan_wishes_and_saves()
        self.plan_connections()
        self.plan_coffee()
        self.plan_contacts()
        self.plan_events()
        self.run()


def build_network(loader) -> Networking:
    network = Networking(loader)
    network.build()
    return network
