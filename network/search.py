"""The member directory's free-text filters, in both languages.

Members write their city, languages and company as they like: "Taipei", "台北" or "臺北市";
"Mandarin, English" or "中文、英文"; "Google" or "谷歌". A filter matches every way of writing
the same thing: cities and languages through a small bilingual table of synonyms, companies
through the company names and aliases the company search already knows (``companies.search``).
Everything is one condition of the directory's query, so filtering adds no query.
"""

import unicodedata

import zhconv
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Length
from django.db.models.lookups import IContains

from companies.models import Company, CompanyAlias
from companies.search import search_key

# Each set is one city or one language, in the ways members write it. Only names of three or more
# letters: a filter is a substring match, and "LA" is in "Atlanta".
CITIES = [
    {"台北", "臺北", "Taipei"},
    {"新北", "New Taipei"},
    {"新竹", "Hsinchu"},
    {"竹北", "Zhubei", "Jhubei"},
    {"桃園", "Taoyuan"},
    {"台中", "臺中", "Taichung"},
    {"台南", "臺南", "Tainan"},
    {"高雄", "Kaohsiung"},
    {"基隆", "Keelung"},
    {"宜蘭", "Yilan"},
    {"花蓮", "Hualien"},
    {"台東", "臺東", "Taitung"},
    {"嘉義", "Chiayi"},
    {"彰化", "Changhua"},
    {"苗栗", "Miaoli"},
    {"屏東", "Pingtung"},
    {"南投", "Nantou"},
    {"雲林", "Yunlin"},
    {"澎湖", "Penghu"},
    {"金門", "Kinmen"},
    {"西雅圖", "Seattle"},
    {"舊金山", "San Francisco"},
    {"灣區", "Bay Area"},
    {"矽谷", "Silicon Valley"},
    {"聖荷西", "San Jose"},
    {"山景城", "Mountain View"},
    {"庫比蒂諾", "Cupertino"},
    {"洛杉磯", "Los Angeles"},
    {"紐約", "New York"},
    {"波士頓", "Boston"},
    {"奧斯汀", "Austin"},
    {"芝加哥", "Chicago"},
    {"多倫多", "Toronto"},
    {"溫哥華", "Vancouver"},
    {"倫敦", "London"},
    {"柏林", "Berlin"},
    {"巴黎", "Paris"},
    {"阿姆斯特丹", "Amsterdam"},
    {"東京", "Tokyo"},
    {"大阪", "Osaka"},
    {"首爾", "Seoul"},
    {"新加坡", "Singapore"},
    {"香港", "Hong Kong"},
    {"上海", "Shanghai"},
    {"北京", "Beijing"},
    {"深圳", "Shenzhen"},
    {"雪梨", "悉尼", "Sydney"},
    {"墨爾本", "Melbourne"},
]
LANGUAGES = [
    {"中文", "華語", "國語", "漢語", "普通話", "Mandarin", "Chinese"},
    {"台語", "臺語", "台灣話", "閩南語", "Taiwanese", "Hokkien", "Minnan"},
    {"客語", "客家話", "Hakka"},
    {"粵語", "廣東話", "Cantonese"},
    {"英文", "英語", "English"},
    {"日文", "日語", "Japanese"},
    {"韓文", "韓語", "Korean"},
    {"法文", "法語", "French"},
    {"德文", "德語", "German"},
    {"西班牙文", "西班牙語", "Spanish"},
    {"葡萄牙文", "葡萄牙語", "Portuguese"},
    {"義大利文", "義大利語", "Italian"},
    {"荷蘭文", "荷蘭語", "Dutch"},
    {"俄文", "俄語", "Russian"},
    {"越南文", "越南語", "Vietnamese"},
    {"泰文", "泰語", "Thai"},
    {"印尼文", "印尼語", "Indonesian"},
    {"馬來文", "馬來語", "Malay"},
    {"印地語", "Hindi"},
    {"阿拉伯文", "阿拉伯語", "Arabic"},
]
# Endings that do not change which city is meant: "台北市", "Taipei City", "新竹縣".
_CITY_ENDINGS = ("市", "縣", "县", "city", "county")


def _key(text: str) -> str:
    """Case, width, spaces and Traditional / Simplified script folded away (臺北 = 台北)."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(zhconv.convert(text, "zh-hans").split())


def _city_key(text: str) -> str:
    key = _key(text)
    for ending in _CITY_ENDINGS:
        if key.endswith(ending) and len(key) > len(ending) + 1:
            return key[: -len(ending)]
    return key


def _index(groups, key) -> dict[str, set[str]]:
    index: dict[str, set[str]] = {}
    for group in groups:
        for name in group:
            index.setdefault(key(name), set()).update(group)
    return index


_CITY_INDEX = _index(CITIES, _city_key)
_LANGUAGE_INDEX = _index(LANGUAGES, _key)


def city_names(query: str) -> list[str]:
    """Every way of writing the city ``query`` names, the query itself first."""
    query = query.strip()
    return [query, *sorted(_CITY_INDEX.get(_city_key(query), set()) - {query})]


def language_names(query: str) -> list[str]:
    query = query.strip()
    return [query, *sorted(_LANGUAGE_INDEX.get(_key(query), set()) - {query})]


def _any_contains(field: str, names: list[str]) -> Q:
    q = Q()
    for name in names:
        q |= Q(**{f"{field}__icontains": name})
    return q


def city_q(query: str, field: str = "user__city") -> Q:
    return _any_contains(field, city_names(query))


def language_q(query: str, field: str = "user__languages_spoken") -> Q:
    return _any_contains(field, language_names(query))


def company_q(query: str, field: str = "company") -> Q:
    """Profiles whose company is written like ``query`` or named by a company the query finds
    (any of its names or aliases: "谷歌" finds "Google"; "台积电" finds "TSMC")."""
    q = Q(**{f"{field}__icontains": query.strip()})
    key = search_key(query)
    if not key:
        return q
    named = Company.objects.filter(search_text__contains=key)
    written = OuterRef(field)
    # A name of two letters or more, so an empty Chinese name does not match every profile.
    for name in ("name_en", "name_zh"):
        q |= Exists(
            named.alias(length=Length(name))
            .filter(length__gte=2)
            .filter(IContains(written, F(name)))
        )
    q |= Exists(
        CompanyAlias.objects.filter(company__in=named)
        .alias(length=Length("name"))
        .filter(length__gte=2)
        .filter(IContains(written, F("name")))
    )
    return q
