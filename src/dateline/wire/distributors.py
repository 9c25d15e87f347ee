"""Names of wire services and press-release distributors, normalized.

Datelines print the service in many spellings (``/PRNewswire/``, ``/PRNewswire-FirstCall/``,
``--(BUSINESS WIRE)--``, ``/GLOBE NEWSWIRE/``, ``(NewMediaWire)``, ``/ NewsDirect /``,
``--News Direct--``, ``(Newsworthy.ai)``). :func:`normalize` maps them to one name each.

The token between slashes is not always a distributor: Press Services releases print the
issuing company there (``Dallas, United States - December 3, 2024 / Silver Lining Collision /``).
An unknown token is kept only when it looks like a wire (its name says wire, news, press or PR);
otherwise :func:`normalize` returns ``None``.
"""

from __future__ import annotations

import re

__all__ = ["KNOWN", "normalize"]

#: Squeezed lower-case spelling (letters and digits only) -> the name dateline reports.
KNOWN: dict[str, str] = {
    "prnewswire": "PR Newswire",
    "prnewswirefirstcall": "PR Newswire",
    "prnewswireusnewswire": "PR Newswire",
    "prnewswireasianet": "PR Newswire",
    "prnewswireasia": "PR Newswire",
    "usnewswire": "PR Newswire",
    "prnasia": "PR Newswire",
    "prnewswirehispanic": "PR Newswire",
    "prnewswirehispanicpr": "PR Newswire",
    "businesswire": "Business Wire",
    "businesswirehispanic": "Business Wire",
    "globenewswire": "GlobeNewswire",
    "globenewswirenews": "GlobeNewswire",
    "marketwired": "Marketwired",
    "marketwire": "Marketwired",
    "cnw": "CNW",
    "cnwgroup": "CNW",
    "cnwtelbec": "CNW",
    "canadanewswire": "CNW",
    "reuters": "Reuters",
    "reuter": "Reuters",
    "thomsonreuters": "Reuters",
    "ap": "AP",
    "associatedpress": "AP",
    "theassociatedpress": "AP",
    "afp": "AFP",
    "agencefrancepresse": "AFP",
    "upi": "UPI",
    "unitedpressinternational": "UPI",
    "xinhua": "Xinhua",
    "efe": "EFE",
    "dpa": "dpa",
    "ansa": "ANSA",
    "bloomberg": "Bloomberg",
    "kyodo": "Kyodo",
    "yonhap": "Yonhap",
    "tass": "TASS",
    "247pressrelease": "24-7 Press Release",
    "247pressreleasenewswire": "24-7 Press Release",
    "newmediawire": "NewMediaWire",
    "newsdirect": "News Direct",
    "newsworthyai": "Newsworthy.ai",
    "newsworthy": "Newsworthy.ai",
    "blockchainwire": "Blockchain Wire",
    "ibn": "IBN",
    "investorbrandnetwork": "IBN",
    "networknewswire": "IBN",
    "accesswire": "ACCESSWIRE",
    "accesswirenews": "ACCESSWIRE",
    "einpresswire": "EIN Presswire",
    "einnews": "EIN Presswire",
    "prweb": "PRWeb",
    "newsfile": "Newsfile",
    "newsfilecorp": "Newsfile",
    "prkarma": "PR Karma",
    "500newswire": "500NewsWire",
    "evertiseaipr": "Evertise AI PR",
    "issuewire": "IssueWire",
    "openpr": "openPR",
    "prlog": "PRLog",
    "pressat": "Pressat",
    "mediaoutreach": "Media OutReach",
    "mediaoutreachnewswire": "Media OutReach",
    "aetoswire": "AETOSWire",
    "zawya": "Zawya",
    "jcnnewswire": "JCN Newswire",
    "acnnewswire": "ACN Newswire",
    "kisspr": "KISS PR",
    "cision": "Cision",
    "pressservices": "Press Services",
    "reportable": "Reportable",
    "cctv": "CCTV+",
    "cgtn": "CGTN",
    "chinadaily": "China Daily",
    "globaltimes": "Global Times",
    "peoplesdaily": "People's Daily",
    "cnn": "CNN",
    "bbc": "BBC",
    "nhk": "NHK",
    "pti": "PTI",
    "ani": "ANI",
    "ians": "IANS",
    "wam": "WAM",
    "spa": "SPA",
    "kuna": "KUNA",
    "irna": "IRNA",
    "mena": "MENA",
    "ria": "RIA Novosti",
    "rianovosti": "RIA Novosti",
    "sputnik": "Sputnik",
    "interfax": "Interfax",
    "bernama": "Bernama",
    "antara": "Antara",
    "apa": "APA",
    "europapress": "Europa Press",
    "notimex": "Notimex",
    "telam": "Télam",
    "anadolu": "Anadolu",
    "aa": "Anadolu",
}

#: Services that print variants after their name (``/PRNewswire-FirstCall/``,
#: ``/PRNewswire-AsiaNet/``, ``(GLOBE NEWSWIRE)``, ``--(BUSINESS WIRE via Acme)--``).
_FAMILIES = (
    ("prnewswire", "PR Newswire"),
    ("businesswire", "Business Wire"),
    ("globenewswire", "GlobeNewswire"),
    ("accesswire", "ACCESSWIRE"),
    ("einpresswire", "EIN Presswire"),
    ("newsfile", "Newsfile"),
)
_WIREISH = re.compile(r"wire|news|press|\bpr\b|agency|agencia", re.IGNORECASE)
_SQUEEZE = re.compile(r"[\W_]+", re.UNICODE)


def normalize(token: str) -> str | None:
    """The normalized distributor name for a dateline token, or ``None`` if it is not one.

    >>> normalize("PRNewswire"), normalize("BUSINESS WIRE"), normalize("Silver Lining Collision")
    ('PR Newswire', 'Business Wire', None)
    """
    raw = " ".join(token.split()).strip(" -–—/()[]*_")
    if not raw or len(raw) > 60:
        return None
    key = _SQUEEZE.sub("", raw.casefold())
    for candidate in (key, re.sub(r"(?:com|net|org|ai|io)$", "", key)):
        if candidate in KNOWN:
            return KNOWN[candidate]
    for prefix, name in _FAMILIES:
        if key.startswith(prefix):
            return name
    if _WIREISH.search(raw):
        return raw
    return None
