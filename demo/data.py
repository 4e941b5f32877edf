"""The raw material of the demo: real-world companies, names, titles and the words people write.

Nothing here touches the database; ``demo.loader`` turns it into members, channels and requests
through the real services.
"""

from referrals.models import JobFamily

DOMAIN = "demo.guanxi"
PASSWORD = "guanxi-demo"
SEEKER_EMAIL = f"seeker@{DOMAIN}"
REFERRER_EMAIL = f"referrer@{DOMAIN}"
BOTH_EMAIL = f"both@{DOMAIN}"
ADMIN_EMAIL = f"admin@{DOMAIN}"

F = JobFamily

# slug key, English name, Chinese name, website, aliases, number of referrers,
# job families, locations, teams, whether titles are usually written in Chinese there.
# The Chinese name is the one people in Taiwan say: Google, Meta, LINE, Appier and Gogoro go by
# their English names (no Chinese name, so pages show the English one); the Chinese names people
# may still type (谷歌, 臉書, 連我, …) are aliases, so a search finds them.
COMPANIES = [
    (
        "google",
        "Google",
        "",
        "https://google.com",
        ["Alphabet", "Google Taiwan", "谷歌", "台灣谷歌"],
        5,
        [F.SOFTWARE, F.DATA, F.PRODUCT, F.DESIGN, F.HARDWARE],
        ["Taipei", "Mountain View", "Seattle", "Tokyo", "Singapore", "London"],
        ["Cloud", "Search", "Pixel", "YouTube", "Ads", "Maps"],
        False,
    ),
    (
        "tsmc",
        "TSMC",
        "台積電",
        "https://tsmc.com",
        [
            "台灣積體電路製造",
            "台湾积体电路",
            "台积电",
            "Taiwan Semiconductor Manufacturing Company",
        ],
        5,
        [F.HARDWARE, F.SOFTWARE, F.OPERATIONS, F.FINANCE],
        ["Hsinchu", "Tainan", "Taichung", "Phoenix", "Kumamoto"],
        ["Advanced Technology R&D", "Fab 12", "Advanced Packaging", "IT", "Quality & Reliability"],
        True,
    ),
    (
        "amazon",
        "Amazon",
        "亞馬遜",
        "https://amazon.com",
        ["AWS", "Amazon Web Services", "亚马逊"],
        5,
        [F.SOFTWARE, F.DATA, F.PRODUCT, F.OPERATIONS, F.SALES],
        ["Seattle", "Bellevue", "Vancouver", "Taipei", "Tokyo", "Remote"],
        ["AWS EC2", "Alexa", "Prime Video", "Last Mile", "AWS Sales"],
        False,
    ),
    (
        "meta",
        "Meta",
        "",
        "https://meta.com",
        ["Facebook", "臉書", "Instagram", "Meta Platforms", "脸书"],
        3,
        [F.SOFTWARE, F.DATA, F.PRODUCT, F.DESIGN],
        ["Menlo Park", "Seattle", "London", "Singapore"],
        ["Instagram", "Reality Labs", "Ads Ranking", "WhatsApp"],
        False,
    ),
    (
        "apple",
        "Apple",
        "蘋果",
        "https://apple.com",
        ["Apple Inc.", "蘋果公司", "苹果"],
        3,
        [F.HARDWARE, F.SOFTWARE, F.OPERATIONS, F.DESIGN],
        ["Cupertino", "Taipei", "Shanghai", "Seattle"],
        ["Display Engineering", "iOS Frameworks", "Operations", "Silicon Engineering"],
        False,
    ),
    (
        "microsoft",
        "Microsoft",
        "微軟",
        "https://microsoft.com",
        ["MSFT", "微软", "Microsoft Taiwan"],
        4,
        [F.SOFTWARE, F.DATA, F.PRODUCT, F.SALES],
        ["Redmond", "Taipei", "Vancouver", "London", "Remote"],
        ["Azure", "Office", "Bing", "Xbox", "AI Platform"],
        False,
    ),
    (
        "nvidia",
        "NVIDIA",
        "輝達",
        "https://nvidia.com",
        ["Nvidia", "英偉達", "辉达"],
        3,
        [F.HARDWARE, F.SOFTWARE, F.DATA],
        ["Santa Clara", "Taipei", "Hsinchu", "Tokyo"],
        ["GPU Architecture", "CUDA", "Autonomous Vehicles", "Deep Learning"],
        False,
    ),
    (
        "mediatek",
        "MediaTek",
        "聯發科",
        "https://mediatek.com",
        ["聯發科技", "联发科", "MTK"],
        3,
        [F.HARDWARE, F.SOFTWARE, F.PRODUCT],
        ["Hsinchu", "Taipei", "San Jose", "Singapore"],
        ["Wireless Communication", "Dimensity SoC", "AI Accelerator"],
        True,
    ),
    (
        "foxconn",
        "Foxconn",
        "鴻海",
        "https://foxconn.com",
        ["Hon Hai", "Hon Hai Precision Industry", "鴻海精密", "富士康"],
        2,
        [F.OPERATIONS, F.HARDWARE, F.SOFTWARE],
        ["Taipei", "Kaohsiung", "Wisconsin"],
        ["EV (MIH)", "Cloud Servers", "Smart Manufacturing"],
        True,
    ),
    (
        "asus",
        "ASUS",
        "華碩",
        "https://asus.com",
        ["ASUSTeK", "華碩電腦", "华硕"],
        2,
        [F.HARDWARE, F.PRODUCT, F.MARKETING],
        ["Taipei"],
        ["ROG", "Notebook BU", "AI Cloud"],
        True,
    ),
    (
        "acer",
        "Acer",
        "宏碁",
        "https://acer.com",
        ["宏碁電腦", "宏碁股份有限公司"],
        1,
        [F.PRODUCT, F.MARKETING, F.SALES],
        ["Taipei"],
        ["Consumer PC", "Predator"],
        True,
    ),
    (
        "appier",
        "Appier",
        "",
        "https://appier.com",
        ["沛星", "沛星互動科技"],
        2,
        [F.DATA, F.SOFTWARE, F.SALES],
        ["Taipei", "Tokyo", "Singapore"],
        ["AI Research", "AiDeal", "Enterprise Sales"],
        False,
    ),
    (
        "gogoro",
        "Gogoro",
        "",
        "https://gogoro.com",
        ["睿能", "睿能創意", "Gogoro Network"],
        1,
        [F.HARDWARE, F.SOFTWARE, F.DESIGN],
        ["Taoyuan", "Taipei"],
        ["Battery Swapping", "Vehicle Firmware"],
        True,
    ),
    (
        "line",
        "LINE",
        "",
        "https://line.me",
        ["LINE Taiwan", "LY Corporation", "連我", "台灣連線"],
        2,
        [F.SOFTWARE, F.PRODUCT, F.DATA],
        ["Taipei", "Tokyo"],
        ["LINE Pay", "LINE TODAY", "Messaging Platform"],
        False,
    ),
    (
        "shopee",
        "Shopee",
        "蝦皮",
        "https://shopee.tw",
        ["蝦皮購物", "Sea Limited", "虾皮"],
        2,
        [F.SOFTWARE, F.DATA, F.OPERATIONS, F.MARKETING],
        ["Taipei", "Singapore"],
        ["Search & Recommendation", "ShopeePay", "Logistics"],
        False,
    ),
    (
        "dropbox",
        "Dropbox",
        "",
        "https://dropbox.com",
        ["Dropbox Inc."],
        1,
        [F.SOFTWARE, F.DESIGN],
        ["Remote", "San Francisco"],
        ["Core Sync", "Dash"],
        False,
    ),
    (
        "cisco",
        "Cisco",
        "思科",
        "https://cisco.com",
        ["Cisco Systems"],
        1,
        [F.SOFTWARE, F.SALES, F.HARDWARE],
        ["San Jose", "Taipei"],
        ["Webex", "Networking"],
        False,
    ),
    (
        "deloitte",
        "Deloitte",
        "勤業眾信",
        "https://deloitte.com",
        ["Deloitte Taiwan", "德勤"],
        2,
        [F.FINANCE, F.OPERATIONS, F.LEGAL],
        ["Taipei", "Hsinchu", "New York"],
        ["Audit & Assurance", "Risk Advisory", "Tax"],
        True,
    ),
    (
        "pwc",
        "PwC",
        "資誠",
        "https://pwc.com",
        ["PricewaterhouseCoopers", "資誠聯合會計師事務所", "普華永道"],
        2,
        [F.FINANCE, F.LEGAL, F.OPERATIONS],
        ["Taipei", "London"],
        ["Assurance", "Tax & Legal", "Consulting"],
        True,
    ),
    (
        "kpmg",
        "KPMG",
        "安侯建業",
        "https://kpmg.com",
        ["畢馬威", "KPMG Taiwan"],
        1,
        [F.FINANCE],
        ["Taipei"],
        ["Audit", "Advisory"],
        True,
    ),
    (
        "binance",
        "Binance",
        "幣安",
        "https://binance.com",
        ["币安"],
        1,
        [F.SOFTWARE, F.LEGAL, F.PRODUCT],
        ["Remote", "Singapore"],
        ["Exchange Core", "Compliance"],
        False,
    ),
    (
        "crypto-com",
        "Crypto.com",
        "",
        "https://crypto.com",
        ["Foris DAX"],
        0,
        [F.SOFTWARE, F.PRODUCT],
        ["Singapore", "Remote"],
        ["Exchange"],
        False,
    ),
    (
        "netflix",
        "Netflix",
        "",
        "https://netflix.com",
        ["網飛"],
        1,
        [F.SOFTWARE, F.DATA],
        ["Los Gatos", "Remote"],
        ["Streaming Platform", "Content ML"],
        False,
    ),
    (
        "stripe",
        "Stripe",
        "",
        "https://stripe.com",
        ["Stripe Payments"],
        1,
        [F.SOFTWARE, F.PRODUCT],
        ["San Francisco", "Seattle", "Singapore", "Remote"],
        ["Payments API", "Billing"],
        False,
    ),
    (
        "intel",
        "Intel",
        "英特爾",
        "https://intel.com",
        ["Intel Corporation", "英特尔"],
        2,
        [F.HARDWARE, F.SOFTWARE],
        ["Hillsboro", "Taipei", "Hsinchu"],
        ["Foundry Services", "Client Computing"],
        False,
    ),
    (
        "qualcomm",
        "Qualcomm",
        "高通",
        "https://qualcomm.com",
        ["Qualcomm Technologies"],
        1,
        [F.HARDWARE, F.SOFTWARE],
        ["San Diego", "Hsinchu"],
        ["Snapdragon Modem"],
        False,
    ),
    (
        "micron",
        "Micron",
        "美光",
        "https://micron.com",
        ["Micron Technology", "美光科技"],
        2,
        [F.HARDWARE, F.OPERATIONS],
        ["Taichung", "Taoyuan", "Boise"],
        ["DRAM Process", "Backend Manufacturing"],
        True,
    ),
    (
        "synopsys",
        "Synopsys",
        "新思科技",
        "https://synopsys.com",
        ["新思"],
        1,
        [F.SOFTWARE, F.HARDWARE],
        ["Hsinchu", "Sunnyvale"],
        ["EDA R&D"],
        False,
    ),
    (
        "trend-micro",
        "Trend Micro",
        "趨勢科技",
        "https://trendmicro.com",
        ["趋势科技", "趨勢"],
        1,
        [F.SOFTWARE, F.DATA],
        ["Taipei", "Tokyo"],
        ["Threat Research", "Cloud One"],
        True,
    ),
    (
        "garmin",
        "Garmin",
        "台灣國際航電",
        "https://garmin.com",
        ["Garmin Taiwan", "佳明"],
        1,
        [F.HARDWARE, F.SOFTWARE],
        ["New Taipei", "Olathe"],
        ["Wearables Firmware"],
        True,
    ),
    (
        "delta",
        "Delta Electronics",
        "台達電",
        "https://deltaww.com",
        ["台達電子", "台达电"],
        1,
        [F.HARDWARE, F.OPERATIONS],
        ["Taipei", "Taoyuan"],
        ["Power Electronics"],
        True,
    ),
]

# A city as a member writes it, and its time zone.
CITY_ZONES = {
    "Seattle": "America/Los_Angeles",
    "Bellevue": "America/Los_Angeles",
    "Redmond": "America/Los_Angeles",
    "San Francisco": "America/Los_Angeles",
    "Mountain View": "America/Los_Angeles",
    "Menlo Park": "America/Los_Angeles",
    "Cupertino": "America/Los_Angeles",
    "Santa Clara": "America/Los_Angeles",
    "San Jose": "America/Los_Angeles",
    "Sunnyvale": "America/Los_Angeles",
    "Los Gatos": "America/Los_Angeles",
    "San Diego": "America/Los_Angeles",
    "Hillsboro": "America/Los_Angeles",
    "Vancouver": "America/Vancouver",
    "Phoenix": "America/Phoenix",
    "Boise": "America/Boise",
    "Olathe": "America/Chicago",
    "Wisconsin": "America/Chicago",
    "New York": "America/New_York",
    "Taipei": "Asia/Taipei",
    "New Taipei": "Asia/Taipei",
    "Hsinchu": "Asia/Taipei",
    "Taichung": "Asia/Taipei",
    "Tainan": "Asia/Taipei",
    "Taoyuan": "Asia/Taipei",
    "Kaohsiung": "Asia/Taipei",
    "Tokyo": "Asia/Tokyo",
    "Kumamoto": "Asia/Tokyo",
    "Shanghai": "Asia/Shanghai",
    "Singapore": "Asia/Singapore",
    "London": "Europe/London",
    "Remote": "Asia/Taipei",
}
SEEKER_CITIES = [
    "Taipei",
    "Taipei",
    "Taipei",
    "Hsinchu",
    "Seattle",
    "San Francisco",
    "Tokyo",
    "Singapore",
    "London",
    "Remote",
    "New York",
    "Vancouver",
    "Taichung",
]

SURNAMES = [
    ("Lin", "林"),
    ("Chen", "陳"),
    ("Wang", "王"),
    ("Huang", "黃"),
    ("Chang", "張"),
    ("Lee", "李"),
    ("Wu", "吳"),
    ("Liu", "劉"),
    ("Tsai", "蔡"),
    ("Yang", "楊"),
    ("Hsu", "許"),
    ("Cheng", "鄭"),
    ("Hsieh", "謝"),
    ("Kuo", "郭"),
    ("Hung", "洪"),
    ("Chiu", "邱"),
    ("Tseng", "曾"),
    ("Liao", "廖"),
    ("Lai", "賴"),
    ("Chou", "周"),
    ("Yeh", "葉"),
    ("Su", "蘇"),
    ("Chuang", "莊"),
    ("Lu", "呂"),
    ("Chiang", "江"),
    ("Ho", "何"),
    ("Kao", "高"),
    ("Pan", "潘"),
    ("Fang", "方"),
    ("Shih", "施"),
]
GIVEN_NAMES = [
    ("Kevin", "凱文"),
    ("Emily", "怡君"),
    ("Jason", "家豪"),
    ("Vivian", "雅婷"),
    ("Eric", "冠宇"),
    ("Grace", "欣怡"),
    ("Andy", "建宏"),
    ("Cindy", "佩君"),
    ("Jerry", "志明"),
    ("Tina", "淑芬"),
    ("Allen", "承恩"),
    ("Joanne", "宜蓁"),
    ("Ray", "柏翰"),
    ("Iris", "詩涵"),
    ("Sam", "俊傑"),
    ("Annie", "郁婷"),
    ("Howard", "宗翰"),
    ("Sharon", "佳穎"),
    ("Peter", "彥廷"),
    ("Wendy", "筱涵"),
    ("Brian", "育誠"),
    ("Judy", "雅雯"),
    ("Frank", "柏宇"),
    ("Angela", "思妤"),
    ("Leo", "子睿"),
    ("Irene", "品妤"),
    ("Tony", "冠廷"),
    ("Claire", "心怡"),
    ("Ken", "宇翔"),
    ("Michelle", "怡萱"),
    ("Vincent", "文傑"),
    ("Amber", "婉婷"),
    ("Steven", "政宏"),
    ("Yvonne", "宜庭"),
    ("Max", "承翰"),
    ("Nina", "家瑜"),
    ("Louis", "柏諺"),
    ("Rita", "靜怡"),
    ("Oscar", "哲瑋"),
    ("Fiona", "芷瑄"),
]
# A few members write their name in one script only, as real people do: (name, given name,
# surname), the given name and surname in Latin letters (for a Chinese name, as on a Taiwanese
# passport), which the demo spells their address, profile link and resume with.
OTHER_NAMES = [
    ("Priya Natarajan", "Priya", "Natarajan"),
    ("Tom Becker", "Tom", "Becker"),
    ("Sofia Martins", "Sofia", "Martins"),
    ("Daniel Kim", "Daniel", "Kim"),
    ("Hiroshi Tanaka", "Hiroshi", "Tanaka"),
    ("張雅筑", "Ya-Chu", "Chang"),
    ("黃柏鈞", "Po-Chun", "Huang"),
    ("Rachel Goldberg", "Rachel", "Goldberg"),
    ("陳品睿", "Pin-Jui", "Chen"),
    ("Marcus O'Neill", "Marcus", "O'Neill"),
]

# Job titles by family: (English, Chinese).
TITLES = {
    F.SOFTWARE: [
        ("Senior Software Engineer", "資深軟體工程師"),
        ("Software Engineer", "軟體工程師"),
        ("Staff Software Engineer", "主任軟體工程師"),
        ("Engineering Manager", "工程經理"),
    ],
    F.DATA: [
        ("Data Scientist", "資料科學家"),
        ("Machine Learning Engineer", "機器學習工程師"),
        ("Senior Data Engineer", "資深資料工程師"),
    ],
    F.HARDWARE: [
        ("Process Integration Engineer", "製程整合工程師"),
        ("IC Design Engineer", "IC 設計工程師"),
        ("Hardware Engineer", "硬體工程師"),
        ("Yield Enhancement Engineer", "良率工程師"),
        ("ASIC Verification Engineer", "IC 驗證工程師"),
    ],
    F.PRODUCT: [("Product Manager", "產品經理"), ("Senior Product Manager", "資深產品經理")],
    F.DESIGN: [("Product Designer", "產品設計師"), ("UX Researcher", "使用者研究員")],
    F.OPERATIONS: [
        ("Supply Chain Manager", "供應鏈經理"),
        ("Technical Program Manager", "技術專案經理"),
    ],
    F.SALES: [("Account Executive", "業務經理"), ("Business Development Manager", "業務開發經理")],
    F.MARKETING: [("Product Marketing Manager", "產品行銷經理")],
    F.FINANCE: [
        ("Senior Auditor", "資深審計員"),
        ("Tax Manager", "稅務經理"),
        ("Financial Analyst", "財務分析師"),
    ],
    F.PEOPLE: [("Technical Recruiter", "技術招募專員")],
    F.LEGAL: [("Compliance Manager", "法遵經理")],
}

# Positions seekers ask about, by family.
POSITIONS = {
    F.SOFTWARE: [
        "Backend Engineer",
        "Senior Software Engineer",
        "Software Engineer II",
        "Frontend Engineer",
        "Site Reliability Engineer",
        "Android Engineer",
        "Software Development Engineer",
    ],
    F.DATA: ["Data Scientist", "Machine Learning Engineer", "Data Engineer", "Applied Scientist"],
    F.HARDWARE: [
        "Process Engineer",
        "Digital IC Design Engineer",
        "Hardware Validation Engineer",
        "Equipment Engineer",
        "Analog Design Engineer",
    ],
    F.PRODUCT: ["Product Manager", "Technical Product Manager", "Associate Product Manager"],
    F.DESIGN: ["Product Designer", "UX Researcher"],
    F.OPERATIONS: ["Program Manager", "Supply Chain Analyst", "Operations Manager"],
    F.SALES: ["Account Manager", "Solutions Architect", "Business Development Associate"],
    F.MARKETING: ["Marketing Specialist", "Growth Marketing Manager"],
    F.FINANCE: ["Audit Associate", "Tax Consultant", "FP&A Analyst"],
    F.PEOPLE: ["Recruiting Coordinator"],
    F.LEGAL: ["Compliance Analyst"],
}

SEEKER_HEADLINES = {
    "en": [
        "Backend engineer, 5 years in fintech, moving to Seattle",
        "New grad in electrical engineering (NTU), looking for IC design roles",
        "Data scientist with a PhD in statistics, open to Tokyo and Singapore",
        "Product manager in e-commerce, exploring roles abroad",
        "Process engineer with 4 years in a fab, curious about the US",
        "Auditor (CPA, Taiwan) looking at Big Four offices in London",
        "Frontend developer returning to Taiwan after 6 years in Berlin",
        "UX designer, career changer from architecture",
    ],
    "zh-hant": [
        "後端工程師，五年金融科技經驗，正在找西雅圖的機會",
        "台大電機碩士應屆畢業，尋找 IC 設計職缺",
        "資料科學家，想轉往東京或新加坡發展",
        "電商產品經理，準備挑戰海外職缺",
        "製程工程師，晶圓廠四年經驗",
        "會計師事務所審計員，考慮轉換跑道",
        "前端工程師，在德國工作六年後準備回台",
        "從建築轉職的 UX 設計師",
    ],
}

INSTRUCTIONS = {
    "en": [
        "Please include the job ID and a link to the posting. A one-page PDF resume is best. "
        "Tell me in two or three sentences why this team.",
        "I can refer for {locations}. Pick the posting first — I can't search for openings for "
        "you. I usually answer on weekends.",
        "Happy to start with a 20-minute advice chat if you are not sure which team fits. For "
        "referrals, send the exact job ID.",
        "I refer people whose experience matches the posting's minimum qualifications. "
        "Highlight the two or three bullets that match.",
        "New grads welcome! Please mention your graduation date and work authorisation.",
    ],
    "zh-hant": [
        "請附上職缺編號（Job ID）與職缺連結，履歷請用一頁 PDF，並用兩三句話說明你為什麼適合。",
        "我可以內推 {locations} 的職缺。請先找好想申請的職缺，我沒辦法幫忙找職缺；通常週末回覆。",
        "如果還不確定哪個團隊適合，歡迎先約 20 分鐘聊聊；要內推的話請給我確切的職缺編號。",
        "符合職缺基本條件的我才會推薦，請在履歷或說明中標出最相關的兩三點經驗。",
        "歡迎應屆畢業生！請註明畢業時間與工作簽證狀況。",
    ],
}

NOTES = {
    "en": [
        "I have {years} years of experience building {thing}, which is what this team does. "
        "The posting asks for {skill}; I led that work in my current role and the resume shows "
        "the results. I'd be grateful for a referral.",
        "I'm applying for {position} ({job_id}). In my current job I {achievement}. I read your "
        "instructions and kept the resume to one page. Thank you for volunteering your time!",
        "Hi! I found you through Guanxi. I match the minimum qualifications ({skill}, {years} "
        "years) and have worked with teams in Taipei and the US. Could you refer me for this "
        "role?",
        "Thank you for volunteering as a referrer. {position} fits what I've done for the past "
        "{years} years: {thing}, mostly with {skill}. The job ID is {job_id}. If it's not a "
        "fit, I'd welcome a word on why.",
    ],
    "zh-hant": [
        "您好，我有 {years} 年 {thing} 的經驗，和這個團隊的工作內容很接近。職缺要求 {skill}，"
        "我在目前的工作中負責這一塊，成果寫在履歷裡。想請您幫我內推，謝謝！",
        "您好，我想申請 {position}（{job_id}）。目前工作中我{achievement_zh}。"
        "我看過您的說明，履歷也整理成一頁。謝謝您願意花時間當推薦人！",
        "您好！在 Guanxi 上看到您。我符合職缺的基本條件（{skill}，{years} 年經驗），"
        "也有和台美團隊合作的經驗，想請問是否方便幫我內推？",
        "謝謝您願意當推薦人。{position} 和我過去 {years} 年做的 {thing} 很接近，主要使用 {skill}。"
        "職缺編號是 {job_id}；如果不適合，也很希望聽聽您的建議。",
    ],
}
# What a seeker in each family writes about: (things they built, skills a posting asks for).
FAMILY_WORDS = {
    F.SOFTWARE: (
        ["payment APIs", "cloud infrastructure", "mobile apps", "backend services"],
        ["Python and Go", "distributed systems", "Kubernetes", "Java and AWS"],
    ),
    F.DATA: (
        ["data pipelines", "recommendation systems", "forecasting models"],
        ["SQL and experimentation", "PyTorch", "Spark", "causal inference"],
    ),
    F.HARDWARE: (
        ["semiconductor process flows", "SoC verification", "power electronics"],
        ["Verilog", "yield analysis", "SPC and DOE", "analog layout"],
    ),
    F.PRODUCT: (
        ["B2B SaaS products", "checkout flows", "growth experiments"],
        ["roadmapping", "SQL and experimentation", "working with engineering teams"],
    ),
    F.DESIGN: (["design systems", "mobile onboarding flows"], ["user research", "Figma"]),
    F.OPERATIONS: (["supplier programmes", "factory ramp-ups"], ["S&OP", "program management"]),
    F.SALES: (["enterprise accounts", "partner channels"], ["solution selling", "Salesforce"]),
    F.MARKETING: (["product launches", "performance campaigns"], ["go-to-market", "analytics"]),
    F.FINANCE: (["audit engagements", "month-end close"], ["IFRS reporting", "US GAAP"]),
    F.PEOPLE: (["campus hiring"], ["sourcing"]),
    F.LEGAL: (["compliance programmes"], ["AML and KYC"]),
}

ADVICE_NOTES = {
    "en": [
        "I'm thinking about applying for {position} and would love 20 minutes of your advice: "
        "how the team works, and what the interview loop looks like. I have {years} years of "
        "experience with {skill}.",
        "Could I ask for a short advice chat? I'm moving from {thing} into a role like "
        "{position} and I'm not sure which team fits my background.",
    ],
    "zh-hant": [
        "您好，我正在考慮申請 {position}，想請教您 20 分鐘：團隊的工作方式和面試流程。"
        "我有 {years} 年 {skill} 的經驗。",
        "想跟您約個簡短的交流：我目前做 {thing}，想轉到 {position} 這類職位，"
        "不太確定哪個團隊比較適合我的背景。",
    ],
}
REVIEW_NOTES = {
    "en": [
        "Before I apply for {position}, could you look at my resume? I'm not sure my {thing} "
        "experience reads as relevant to your team.",
        "I'd be grateful for a quick resume review for {position}. I have {years} years with "
        "{skill} but few interviews so far.",
    ],
    "zh-hant": [
        "申請 {position} 之前，想請您幫忙看一下履歷，不確定我 {thing} 的經驗是否看得出和團隊相關。",
        "想請您幫我看看履歷，我有 {years} 年 {skill} 的經驗，但目前面試機會不多。",
    ],
}

THINGS = [
    "payment APIs",
    "data pipelines",
    "mobile apps",
    "semiconductor process flows",
    "recommendation systems",
    "cloud infrastructure",
    "audit engagements",
    "design systems",
]
SKILLS = [
    "Python and Go",
    "distributed systems",
    "SQL and experimentation",
    "Verilog",
    "Kubernetes",
    "yield analysis",
    "IFRS reporting",
    "user research",
]
ACHIEVEMENTS = [
    ("cut API latency by 40% for 2 million users", "把 API 延遲降低了 40%，服務兩百萬名使用者"),
    ("shipped a feature used by 30% of our customers", "推出了三成客戶都在用的功能"),
    ("raised wafer yield by 1.8 points", "把良率提升了 1.8 個百分點"),
    ("led a team of four through a database migration", "帶領四人團隊完成資料庫遷移"),
    ("built the forecasting model our planners use every week", "建立了規劃團隊每週使用的預測模型"),
]

QUESTIONS = {
    "en": [
        "Could you send the exact job ID? The link points to a search page, not the posting.",
        "Which location are you applying for — Seattle or Vancouver? And do you need a visa?",
        "Your resume is three pages; could you send a one-page version focused on backend work?",
        "Happy to chat. Could you share two or three questions you'd like to cover?",
    ],
    "zh-hant": [
        "可以給我確切的職缺編號嗎？你附的連結是搜尋頁，不是職缺本身。",
        "請問你要申請哪個地點？需要公司協助辦簽證嗎？",
        "履歷有三頁，可以精簡成一頁、聚焦在後端經驗嗎？",
        "很樂意聊聊！可以先列兩三個想討論的問題嗎？",
    ],
}
ANSWERS = {
    "en": [
        "Sorry about that! The job ID is {job_id}, and here is the direct link: {job_url}",
        "Seattle, please. I have a green card, so no sponsorship needed.",
        "Here is the one-page version — I moved the backend projects to the top. Thank you!",
        "Thank you! I'd love to hear how the team works with Taipei and what the interview "
        "loop looks like.",
    ],
    "zh-hant": [
        "不好意思！職缺編號是 {job_id}，直接連結：{job_url}",
        "我想申請台北的職缺，不需要簽證協助，謝謝。",
        "已經改成一頁版本，把後端專案放在最前面，麻煩您了！",
        "謝謝！想請教團隊平常和總部怎麼合作，以及面試流程大概是什麼樣子。",
    ],
}
REFER_NOTES = {
    "en": [
        "Referred! You should get an e-mail from the recruiting system within a week. Good luck!",
        "Done — I added a note about your migration project. Feel free to ask me about the "
        "interview loop.",
        "Submitted the referral. The team is hiring actively this quarter.",
        "",
    ],
    "zh-hant": [
        "已經幫你內推了！一週內應該會收到系統通知信，加油！",
        "推薦完成，我也補充了你專案的亮點。面試前有問題可以再問我。",
        "已送出推薦，這季團隊正在積極招人。",
        "",
    ],
}
DECLINE_NOTES = {
    "en": [
        "This role needs 8+ years; I'd suggest the Software Engineer II posting instead.",
        "I couldn't find this job ID in our system — it may have closed. Try again with an open "
        "posting.",
        "I only know the teams in Taipei well enough to vouch for someone, sorry.",
        "",
    ],
    "zh-hant": [
        "這個職缺要求八年以上經驗，建議改申請 Software Engineer II 的職缺。",
        "系統裡找不到這個職缺編號，可能已經關閉了，換一個開放中的職缺再試試。",
        "我只熟悉台北的團隊，其他地點不方便推薦，抱歉。",
        "",
    ],
}
THANKS = {
    "en": [
        "Thank you so much for taking the time! I'll let you know how it goes.",
        "Thanks for the referral and the tips — really appreciated.",
        "Thank you for the honest feedback. I'll work on it and try again later.",
    ],
    "zh-hant": [
        "非常謝謝您撥空幫忙！有進度會再跟您分享。",
        "謝謝您的內推和建議，真的很感謝！",
        "謝謝您坦白的回饋，我會再加強，之後再試試看。",
    ],
}
CONTACTS = ["linkedin.com/in/{slug}", "{slug}@gmail.com", "LINE: {slug}", ""]
