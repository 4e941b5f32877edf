"""The raw material of the networking half of the demo: a few members who are not referrers
(a founder, investors, a hiring manager, an immigration lawyer), what people write in their
profiles and connection notes, hand-kept contacts, a LinkedIn export and community events.

Nothing here touches the database; ``demo.networking`` plays it through the real services.
"""

from demo.data import DOMAIN

# Members who are here to network rather than to refer: (key, fields). ``joined`` is days ago;
# a member who joins after the fixed logins wrote their "people I want to meet" shows up there
# as a new match (and they are told).
MEMBERS = [
    {
        "key": "grace",
        "email": f"grace.liu.n1@{DOMAIN}",
        "name": "Grace Liu 劉恩慈",
        "lang": "en",
        "city": "Seattle",
        "languages": "English, Mandarin",
        "headline": "Engineering manager, payments platform · hiring backend engineers",
        "role_type": "hiring_manager",
        "industry": "software",
        "company": "Zillow",
        "job_title": "Engineering Manager",
        "intents": ["hiring"],
        "offers": ["job_openings", "mock_interviews", "resume_review"],
        "about": "I lead a team of nine backend engineers on Zillow's payments platform in "
        "Seattle. I moved here from Taipei in 2016 and remember how hard the first year was — "
        "happy to talk about interviewing in the US, levels and what hiring managers look for.",
        "joined": 40,
    },
    {
        "key": "jason",
        "email": f"jason.tsai.n2@{DOMAIN}",
        "name": "Jason Tsai 蔡承翰",
        "lang": "en",
        "city": "Seattle",
        "languages": "English, Mandarin, Taiwanese",
        "headline": "Immigration attorney · H-1B, green cards, TN and O-1",
        "role_type": "expert",
        "industry": "legal",
        "company": "Tsai & Partners Immigration Law",
        "job_title": "Immigration Attorney",
        "intents": ["business_prospects"],
        "offers": ["visa_experience", "business_advice"],
        "about": "I help engineers and founders with H-1B transfers, green cards and O-1 "
        "petitions. Fifteen minutes of general questions are always free for community members; "
        "I can't give legal advice in a chat, but I can tell you what to ask.",
        "joined": 21,
    },
    {
        "key": "amanda",
        "email": f"amanda.kao.n3@{DOMAIN}",
        "name": "Amanda Kao 高筱雯",
        "lang": "en",
        "city": "Seattle",
        "languages": "English, Mandarin",
        "headline": "Director of Engineering, AWS · mentor for first-time managers",
        "role_type": "senior_leader",
        "industry": "software",
        "company": "Amazon",
        "job_title": "Director of Engineering",
        "intents": ["hiring"],
        "offers": ["mentoring", "introductions", "industry_insight"],
        "about": "Twelve years at Amazon, now running storage engineering teams. I mentor "
        "engineers who are becoming managers and I'm glad to explain how Amazon's loops and "
        "levels work. Please write first; I answer on Sunday evenings.",
        "joined": 12,
    },
    {
        "key": "ryan",
        "email": f"ryan.chen.n4@{DOMAIN}",
        "name": "Ryan Chen 陳柏宇",
        "lang": "en",
        "city": "Vancouver",
        "languages": "English, Mandarin",
        "headline": "Founder, Maple Stack (developer tools) · ex-Amazon",
        "role_type": "founder",
        "industry": "software",
        "company": "Maple Stack",
        "job_title": "Founder & CEO",
        "intents": ["cofounder", "investment", "hiring"],
        "offers": ["business_advice", "introductions"],
        "about": "Building developer tools for small platform teams, from Vancouver and Taipei. "
        "Looking for a technical co-founder who has run production systems at scale.",
        "joined": 50,
    },
    {
        "key": "peggy",
        "email": f"peggy.lin.n5@{DOMAIN}",
        "name": "林佩君 Peggy Lin",
        "lang": "zh-hant",
        "city": "Taipei",
        "languages": "中文、英文、台語",
        "headline": "潮汐健康 Tidal Health 共同創辦人暨執行長",
        "role_type": "founder",
        "industry": "healthcare",
        "company": "Tidal Health 潮汐健康",
        "job_title": "共同創辦人暨執行長",
        "intents": ["hiring", "investment", "business_advice"],
        "offers": ["introductions", "industry_insight", "job_openings"],
        "about": "在台北做居家照護排班的 SaaS，團隊十二人。正在找後端與資料工程師，也很樂意分享從"
        "大公司跳出來創業、募資和跟醫院談合作的經驗。",
        "joined": 60,
    },
    {
        "key": "michael",
        "email": f"michael.chang.n6@{DOMAIN}",
        "name": "Michael Chang 張志遠",
        "lang": "en",
        "city": "Taipei",
        "languages": "English, Mandarin",
        "headline": "Partner at Kaleido Ventures · seed-stage B2B software in Taiwan and Japan",
        "role_type": "investor",
        "industry": "finance",
        "company": "Kaleido Ventures",
        "job_title": "Partner",
        "intents": ["business_prospects"],
        "offers": ["business_advice", "introductions", "mentoring"],
        "about": "I invest in seed-stage B2B software teams from Taiwan that sell to the world. "
        "Before that, eight years as a product manager in Silicon Valley. Happy to give honest "
        "feedback on a deck or an idea.",
        "joined": 15,
    },
    {
        "key": "kelly",
        "email": f"kelly.wu.n7@{DOMAIN}",
        "name": "吳可晴 Kelly Wu",
        "lang": "zh-hant",
        "city": "Taipei",
        "languages": "中文、英文、日文",
        "headline": "福爾摩沙種子基金 投資經理",
        "role_type": "investor",
        "industry": "finance",
        "company": "Formosa Seed Fund",
        "job_title": "投資經理",
        "intents": ["business_prospects"],
        "offers": ["business_advice", "introductions"],
        "about": "關注台灣的 AI 與醫療新創，種子輪到 A 輪。歡迎來聊你的想法，"
        "也可以幫忙介紹早期客戶。",
        "joined": 33,
    },
    {
        "key": "ivy",
        "email": f"ivy.lee.n8@{DOMAIN}",
        "name": "李宜蓁 Ivy Lee",
        "lang": "zh-hant",
        "city": "Taipei",
        "languages": "中文、英文",
        "headline": "Google 台灣 工程經理・Pixel 系統軟體",
        "role_type": "hiring_manager",
        "industry": "software",
        "company": "Google",
        "job_title": "工程經理",
        "intents": ["hiring"],
        "offers": ["job_openings", "mock_interviews", "mentoring"],
        "about": "在 Google 台北帶 Pixel 系統軟體團隊，團隊今年還有兩個職缺。從美國搬回台灣四年，"
        "很願意跟考慮回台的工程師聊聊兩邊的差異。",
        "joined": 5,
    },
    {
        "key": "sophia",
        "email": f"sophia.wang.n9@{DOMAIN}",
        "name": "王淑芬 Sophia Wang",
        "lang": "zh-hant",
        "city": "Taipei",
        "languages": "中文、英文",
        "headline": "誠信聯合會計師事務所 合夥會計師",
        "role_type": "senior_leader",
        "industry": "consulting",
        "company": "誠信聯合會計師事務所",
        "job_title": "合夥會計師",
        "intents": ["hiring"],
        "offers": ["mentoring", "industry_insight", "job_openings"],
        "about": "在地會計師事務所合夥人，二十年審計與稅務經驗。"
        "想轉職進事務所、或在準備會計師考試的朋友，都歡迎來聊。",
        "joined": 70,
    },
    {
        "key": "eric",
        "email": f"eric.hsu.n10@{DOMAIN}",
        "name": "許家銘 Eric Hsu",
        "lang": "zh-hant",
        "city": "Hsinchu",
        "languages": "中文、英文、台語",
        "headline": "台積電 研發處長・先進封裝",
        "role_type": "senior_leader",
        "industry": "semiconductors",
        "company": "TSMC",
        "job_title": "研發處長",
        "intents": ["hiring", "mentor"],
        "offers": ["mentoring", "industry_insight"],
        "about": "在台積電二十年，目前負責先進封裝研發。常跟學弟妹聊半導體的職涯路線：製程、整合、"
        "封裝怎麼選，以及外派亞利桑那或熊本的準備。",
        "joined": 65,
    },
]

# "Looking for" and "can offer" that fit each kind of member.
REFERRER_INTENTS = ["mentor", "career_change", "business_prospects", "cofounder", "investment"]
REFERRER_OFFERS = [
    "resume_review",
    "mock_interviews",
    "industry_insight",
    "introductions",
    "mentoring",
]
SEEKER_INTENTS = ["mentor", "career_change", "internship", "business_advice"]
SEEKER_OFFERS = ["industry_insight", "resume_review", "introductions", "mock_interviews"]

# Industry of each demo company (see data.COMPANIES).
COMPANY_INDUSTRY = {
    "google": "software",
    "tsmc": "semiconductors",
    "amazon": "software",
    "meta": "software",
    "apple": "semiconductors",
    "microsoft": "software",
    "nvidia": "semiconductors",
    "mediatek": "semiconductors",
    "foxconn": "manufacturing",
    "asus": "semiconductors",
    "acer": "manufacturing",
    "appier": "software",
    "gogoro": "manufacturing",
    "line": "software",
    "shopee": "retail",
    "dropbox": "software",
    "cisco": "software",
    "deloitte": "consulting",
    "pwc": "consulting",
    "kpmg": "consulting",
    "binance": "finance",
    "crypto-com": "finance",
    "netflix": "media",
    "stripe": "finance",
    "intel": "semiconductors",
    "qualcomm": "semiconductors",
    "micron": "semiconductors",
    "synopsys": "semiconductors",
    "trend-micro": "software",
    "garmin": "semiconductors",
    "delta": "manufacturing",
}
FAMILY_INDUSTRY = {
    "software": "software",
    "data": "software",
    "product": "software",
    "design": "media",
    "hardware": "semiconductors",
    "operations": "manufacturing",
    "sales": "software",
    "marketing": "media",
    "finance": "finance",
    "people": "other",
    "legal": "legal",
}
# Where seekers work today (their own words).
SEEKER_EMPLOYERS = {
    "en": ["Pacific Pay", "Formosa Tech", "Acme Taiwan", "Island Semiconductor", "Rakuten"],
    "zh-hant": ["玉山銀行", "Island Semiconductor", "Formosa Tech", "91APP", "鼎新電腦"],
}

# Topics people like to talk about, by industry and language.
TOPICS = {
    "en": {
        "software": [
            "system design interviews",
            "moving from a Taiwan team to a US team",
            "what a team lead looks for in a new hire",
            "switching from fintech to big tech",
        ],
        "semiconductors": [
            "process integration careers",
            "moving from Hsinchu to Arizona",
            "IC design interviews",
        ],
        "finance": ["payments and fintech careers", "working for a crypto exchange"],
        "consulting": ["Big Four careers abroad", "getting a CPA licence recognised"],
        "other": ["career changes", "working abroad"],
    },
    "zh-hant": {
        "software": [
            "系統設計面試",
            "從台灣團隊轉到美國團隊",
            "外商的工作文化",
            "轉職到大型科技公司",
        ],
        "semiconductors": ["晶圓廠的職涯發展", "外派亞利桑那的準備", "IC 設計面試"],
        "finance": ["金融科技的職涯", "加密貨幣產業的工作"],
        "consulting": ["四大會計師事務所的職涯", "會計師執照跨國認證"],
        "other": ["轉換跑道", "海外工作"],
    },
}

ABOUT_REFERRER = {
    "en": [
        "{title} at {company} in {city}. Happy to refer people whose experience fits; ask me "
        "about {topic}.",
        "I've been at {company} for {years} years. I like talking about {topic} — coffee is on "
        "me if you're in {city}.",
        "I was a job seeker abroad not long ago. Now I refer for {company} and review resumes; "
        "let's talk about {topic}.",
    ],
    "zh-hant": [
        "在{company}擔任{title}，人在{city}。很樂意分享{topic}，也歡迎來問內推。",
        "在{company}工作{years}年，當初也是靠學長姐內推進來的，現在換我幫忙。可以聊{topic}。",
        "曾經也是海外求職者，現在在{company}幫忙內推與看履歷，歡迎來聊{topic}。",
    ],
}
ABOUT_SEEKER = {
    "en": [
        "{title} with {years} years of experience. Looking for my next step; happy to share what "
        "I know about {topic}.",
        "Currently {title} at {company}. I'd love advice from people who made the move abroad, "
        "and I can talk about {topic} in return.",
    ],
    "zh-hant": [
        "目前是{company}的{title}，{years}年經驗，正在找下一步。可以分享{topic}的經驗。",
        "{title}，想聽聽走過這條路的前輩怎麼準備，也很樂意聊{topic}。",
    ],
}

# Connection notes written from scratch (the others start from the platform's template).
NOTES = {
    "en": [
        "Hi {name}, we're both in {city} and I see you know a lot about {topic}. I'd be glad to "
        "connect and maybe compare notes over coffee some time.",
        "Hi {name}, I found you in the directory while looking for people who know {topic}. "
        "I'm {me}; if you ever need an extra pair of eyes on a resume, I'm happy to help too.",
        "Hi {name}, thanks for the talk at the last community session. Could we stay in touch? "
        "I'm still thinking about what you said about {topic}.",
    ],
    "zh-hant": [
        "{name} 您好，我們都在{city}，看到您對{topic}很有經驗，想跟您交流，"
        "之後有機會一起喝杯咖啡。",
        "{name} 你好！我是{me}，在目錄裡找{topic}的前輩時看到你。"
        "如果你需要人幫忙看履歷，我也很樂意。",
        "{name} 您好，上次社群分享會聽到您談{topic}，收穫很多，想跟您保持聯繫，謝謝！",
    ],
}

# Cities as a Chinese note writes them.
CITY_ZH = {
    "Taipei": "台北",
    "New Taipei": "新北",
    "Hsinchu": "新竹",
    "Taichung": "台中",
    "Tainan": "台南",
    "Taoyuan": "桃園",
    "Kaohsiung": "高雄",
    "Seattle": "西雅圖",
    "Vancouver": "溫哥華",
    "Tokyo": "東京",
    "Singapore": "新加坡",
    "London": "倫敦",
    "New York": "紐約",
    "San Francisco": "舊金山",
}

# Where people like to meet (the invitee names the place).
CAFES = {
    "Taipei": ["Fika Fika Cafe，台北市中山區伊通街33號", "好丘 Good Cho's，台北市信義區松勤街54號"],
    "Seattle": ["Storyville Coffee, 94 Pike St #34, Seattle", "Victrola Coffee, 310 E Pike St"],
    "Vancouver": ["49th Parallel Café, 2902 Main St, Vancouver"],
}

# Emily's (seeker@) own address book: people she knew before Guanxi.
SEEKER_CONTACTS = [
    {
        "key": "jessica",
        "name": "Jessica Huang 黃佳琪",
        "company": "Pacific Pay",
        "title": "Engineering Manager",
        "tags": ["hiring_manager"],
        "how_we_met": "My manager at Pacific Pay, 2019–2024",
        "email": "jessica.huang@example.com",
        "linkedin_url": "https://www.linkedin.com/in/jessica-huang-pm/",
        "cadence": 60,
        "notes": "Wrote my promotion packet. Prefers LINE over e-mail.",
        "interactions": [
            (
                120,
                "coffee",
                "Leaving Pacific Pay, what to look for in the next team",
                "She'd be a reference any time.",
            ),
            (70, "call", "Reference for the Amazon loop; payments architecture questions", ""),
        ],
        "follow_ups": [(-6, "Ask for a LinkedIn recommendation on the ledger project", False)],
    },
    {
        "key": "lee",
        "name": "李明賢 教授",
        "company": "National Taiwan University",
        "title": "Professor, Computer Science",
        "tags": ["expert"],
        "how_we_met": "Master's thesis advisor at NTU",
        "email": "",
        "cadence": 90,
        "notes": "Send a card before Lunar New Year. Interested in hearing how alumni do abroad.",
        "interactions": [
            (100, "message", "New year greetings; his lab's new group in Seattle", ""),
        ],
        "follow_ups": [],
    },
    {
        "key": "david",
        "name": "David Kuo",
        "company": "Taiwanese American Professionals – Seattle",
        "title": "Board member",
        "tags": ["senior_leader"],
        "how_we_met": "TAP-Seattle Lunar New Year mixer",
        "email": "david.kuo@example.org",
        "cadence": 30,
        "notes": "Knows everyone at the Amazon and Microsoft Taiwanese associations.",
        "interactions": [(20, "event", "Volunteering at the spring career panel", "")],
        "follow_ups": [(3, "Send him the Guanxi Seattle meetup link", False)],
    },
    {
        "key": "sarah",
        "name": "Sarah Lin",
        "company": "Expedia Group",
        "title": "Technical Recruiter",
        "tags": [],
        "how_we_met": "She reached out on LinkedIn",
        "email": "sarah.lin@example.com",
        "cadence": 21,
        "notes": "",
        "interactions": [
            (25, "call", "Senior backend role on the payments team; salary range; timeline", ""),
        ],
        "follow_ups": [(-2, "Send the updated resume with the ledger migration project", False)],
    },
    {
        "key": "weiting_gmail",
        "name": "Wei-Ting Chou",
        "company": "",
        "title": "",
        "tags": ["peer"],
        "how_we_met": "NTU CSIE classmates",
        "email": "weiting.chou@gmail.com",
        "cadence": 45,
        "notes": "",
        "interactions": [(50, "message", "Amazon interview tips; his team's on-call", "")],
        "follow_ups": [],
    },
]

# Alex's (both@) own address book.
BOTH_CONTACTS = [
    {
        "key": "mentor",
        "name": "Brian Ho 何柏翰",
        "company": "Microsoft",
        "title": "Principal Engineering Manager",
        "tags": ["senior_leader", "hiring_manager"],
        "how_we_met": "My first manager at Microsoft",
        "email": "brian.ho@example.com",
        "linkedin_url": "https://www.linkedin.com/in/brian-ho-msft",
        "cadence": 30,
        "notes": "Skip-level 1:1s every quarter; supportive of a transfer to Taipei.",
        "interactions": [(40, "call", "Transfer options to the Taipei office; timing", "")],
        "follow_ups": [(-3, "Ask whether the Taipei Azure team has headcount next half", False)],
    },
    {
        "key": "cousin",
        "name": "吳家瑜",
        "company": "Appier",
        "title": "資深產品經理",
        "tags": ["peer"],
        "how_we_met": "堂妹，在台北工作",
        "email": "",
        "cadence": 14,
        "notes": "",
        "interactions": [(9, "message", "租屋行情、台北新創的薪資水準", "")],
        "follow_ups": [(6, "問她 Appier 的工程團隊在找什麼樣的人", False)],
    },
    {
        "key": "ubc",
        "name": "Professor Anne Morrison",
        "company": "University of British Columbia",
        "title": "Associate Professor",
        "tags": ["expert"],
        "how_we_met": "Guest lecture on distributed systems at UBC",
        "email": "anne.morrison@example.edu",
        "cadence": 120,
        "notes": "",
        "interactions": [(130, "event", "Guest lecture; students interested in internships", "")],
        "follow_ups": [],
    },
]

# A LinkedIn "Connections" export as it really comes: notes lines, then the header.
LINKEDIN_NOTES = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
)
SEEKER_LINKEDIN = [
    "Jessica,Huang,https://www.linkedin.com/in/jessica-huang-pm,,Pacific Pay,"
    "Engineering Manager,02 Mar 2019",
    "怡婷,王,https://www.linkedin.com/in/yiting-wang-tw,,"
    '"LINE Bank Taiwan, Ltd.",資深後端工程師,15 Aug 2021',
    "Mateo,García,https://www.linkedin.com/in/mateo-garcia-dev,mateo.garcia@example.com,"
    "Stripe,Software Engineer,10 Jan 2023",
    "Wei-Ting,Chou,https://www.linkedin.com/in/weiting-chou,,Amazon,Senior SDE,21 Jun 2018",
    "Hannah,Cho,https://www.linkedin.com/in/hannah-cho-pm,,Microsoft,Program Manager,04 Nov 2022",
    "Kenji,Sato,https://www.linkedin.com/in/kenji-sato-rakuten,,Rakuten,Tech Lead,19 Sep 2020",
    "志明,陳,https://www.linkedin.com/in/chihming-chen,,玉山銀行,數位金融產品經理,08 Feb 2020",
    'Ananya,Rao,https://www.linkedin.com/in/ananya-rao-ds,,"Zillow, Inc.",Data Scientist,'
    "30 May 2024",
    ",,,,,,05 May 2022",
    "Chloé,Dubois,https://www.linkedin.com/in/chloe-dubois,chloe.dubois@example.fr,"
    "Datadog,Site Reliability Engineer,12 Dec 2021",
]
BOTH_LINKEDIN = [
    "Brian,Ho,https://www.linkedin.com/in/brian-ho-msft,,Microsoft,"
    "Principal Engineering Manager,15 Jul 2019",
    "家瑜,吳,https://www.linkedin.com/in/chiayu-wu,,Appier,資深產品經理,01 Jan 2021",
    "Olivia,Nguyen,https://www.linkedin.com/in/olivia-nguyen-van,,Shopify,Staff Engineer,"
    "23 Mar 2023",
    "俊宏,黃,https://www.linkedin.com/in/junhong-huang,,KKday,技術長,11 Oct 2022",
    'Sam,Patel,https://www.linkedin.com/in/sam-patel-ubc,,"Amazon Web Services, Inc.",'
    "Solutions Architect,06 Jun 2020",
]
# What happened next with a few imported contacts: (name, tags, how we met, cadence, interactions,
# follow-ups) with interactions as (days ago, kind, topics) and follow-ups (days from today, topic).
SEEKER_IMPORTED = [
    (
        "王怡婷",
        ["peer"],
        "Pacific Pay → LINE Bank; worked together on the payments gateway",
        60,
        [(15, "call", "Her move to LINE Bank; how they interview for backend")],
        [(10, "Send her the Seattle meetup notes")],
    ),
    (
        "Ananya Rao",
        ["peer"],
        "Seattle data & payments meetup",
        None,
        [(8, "coffee", "Zillow payments team; moving to Seattle; neighbourhoods")],
        [(1, "Ask for an intro to Grace Liu's team")],
    ),
]
BOTH_IMPORTED = [
    (
        "黃俊宏",
        ["founder", "senior_leader"],
        "台北 AWS Summit 認識",
        30,
        [(38, "coffee", "回台灣創業團隊的工程文化、薪資")],
        [(-4, "回覆他 KKday 架構團隊的職缺")],
    ),
    (
        "Olivia Nguyen",
        ["peer"],
        "Vancouver Rust meetup",
        60,
        [(20, "event", "Rust in production; Shopify's remote-first teams")],
        [],
    ),
]

# Community events published by the moderators: (key, fields). ``days``/``hour`` place the
# start in the event's time zone, counted from today; negative days are in the past.
EVENTS = [
    {
        "key": "taipei_talk",
        "title": "從海外回台灣：科技人的下一步 Coming home: careers in Taiwan after working abroad",
        "description": "三位在美國與日本工作多年後回台的工程師與產品經理，分享回台求職、薪資談判、"
        "團隊文化的落差與調適，最後有半小時 Q&A 與交流時間。\n\n"
        "Three engineers and product managers who came home after years in the US and Japan "
        "talk about job hunting from abroad, negotiating offers and adjusting to team culture. "
        "Thirty minutes of Q&A and networking at the end.",
        "kind": "talk",
        "language": "zh-hant",
        "days": 12,
        "hour": 19,
        "minutes": 120,
        "time_zone": "Asia/Taipei",
        "place": "集思台大會議中心 蘇格拉底廳，台北市大安區羅斯福路四段85號B1",
        "online_link": "",
        "capacity": 80,
    },
    {
        "key": "online_101",
        "title": "Referral 101: how to ask, and how to say yes 內推入門：怎麼開口、怎麼答應",
        "description": "An online session for seekers and referrers: what makes a complete "
        "request, what a referral does and does not guarantee, and how referrers decide. "
        "In English with Chinese Q&A.\n\n"
        "線上分享：一份完整的內推請求長什麼樣子、內推能保證什麼、推薦人怎麼決定。英文進行，"
        "可用中文提問。",
        "kind": "online",
        "language": "both",
        "days": 5,
        "hour": 9,
        "minutes": 60,
        "time_zone": "Asia/Taipei",
        "place": "",
        "online_link": "https://meet.jit.si/guanxi-referral-101",
        "capacity": None,
    },
    {
        "key": "seattle_meetup",
        "title": "Seattle Taiwanese tech meetup: coffee & careers",
        "description": "An informal morning for Taiwanese and Mandarin-speaking engineers, PMs "
        "and designers in the Seattle area. Bring a question you'd like help with, or an offer "
        "of help. Coffee is on the community.",
        "kind": "meetup",
        "language": "both",
        "days": 17,
        "hour": 10,
        "minutes": 120,
        "time_zone": "America/Los_Angeles",
        "place": "Victrola Coffee Roasters, 310 E Pike St, Seattle, WA",
        "online_link": "",
        "capacity": 30,
    },
    {
        "key": "hsinchu_clinic",
        "title": "半導體履歷健診之夜 Resume clinic for semiconductor engineers",
        "description": "台積電、聯發科、美光的志工一對一看履歷，每人二十分鐘。請帶一份 PDF 履歷。",
        "kind": "meetup",
        "language": "zh-hant",
        "days": -20,
        "hour": 19,
        "minutes": 150,
        "time_zone": "Asia/Taipei",
        "place": "新竹市東區光復路二段101號 清華大學創新育成中心",
        "online_link": "",
        "capacity": 24,
    },
]
