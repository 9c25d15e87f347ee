"""RSS/Atom reader: entries with link, date and content; unsafe and malformed feeds refused."""

from __future__ import annotations

import time

import pytest

from dateline.errors import EmptyInput
from dateline.readers import Input
from dateline.readers.feed import FeedError, UnsafeFeed, html_to_text, looks_like_feed, read_feed

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Harbor City Wire</title><link>https://wire.example/</link><description>d</description>
<item><title>Water summit opens</title><link>https://wire.example/a/water-summit.html</link>
<pubDate>Wed, 08 Dec 2021 09:30:00 +0800</pubDate><author>desk@wire.example (Desk)</author>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>HARBOR CITY, Dec. 8 -- Leaders met.</p>
<p>&#8220;We are ready,&#8221; the mayor said.</p><script>x()</script>]]></content:encoded>
</item>
<item><title>Only a summary</title><link>https://wire.example/b</link>
<description>&lt;p&gt;The council &amp;amp; the port agreed.&lt;/p&gt;</description></item>
<item><title>Nothing</title><link>https://wire.example/c</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom wire</title><id>urn:x</id>
<updated>2024-01-01T00:00:00Z</updated>
<entry><title>An Atom story</title><link href="https://atom.example/story-1"/><id>urn:1</id>
<updated>2024-03-08T12:00:00Z</updated>
<content type="html">&lt;p&gt;First paragraph.&lt;/p&gt;&lt;p&gt;Second.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_entries() -> None:
    got = list(read_feed(RSS, "wire.rss"))
    first, second, third = got
    assert isinstance(first, Input) and isinstance(second, Input)
    assert first.source == "https://wire.example/a/water-summit.html"
    assert (
        first.text
        == "Water summit opens\n\nHARBOR CITY, Dec. 8 -- Leaders met.\n\n“We are ready,” the mayor said.\n"
    )
    assert first.metadata.date == "2021-12-08T01:30:00Z" and first.metadata.site == "Harbor City Wire"
    assert first.metadata.url == first.source and first.metadata.title == "Water summit opens"
    assert "x()" not in first.text
    assert second.text == "Only a summary\n\nThe council & the port agreed.\n"
    assert isinstance(third, EmptyInput) and str(third).startswith("https://wire.example/c: ")


def test_atom_entries() -> None:
    (entry,) = read_feed(ATOM, "a.atom")
    assert isinstance(entry, Input)
    assert entry.text == "An Atom story\n\nFirst paragraph.\n\nSecond.\n"
    assert (
        entry.metadata.url == "https://atom.example/story-1" and entry.metadata.date == "2024-03-08T12:00:00Z"
    )


def test_billion_laughs_refused_without_expansion() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            b'<!ENTITY %s "%s">' % (b"a" * (i + 2), b"&" + b"a" * (i + 1) + b";" * 1) * 1 for i in range(5)
        )
        + b']><rss version="2.0"><channel><title>&aaaaaa;</title></channel></rss>'
    )
    started = time.perf_counter()
    with pytest.raises(UnsafeFeed, match=r"bomb\.xml: feed declares XML entities"):
        list(read_feed(bomb, "bomb.xml"))
    assert time.perf_counter() - started < 1


def test_external_entity_refused() -> None:
    xxe = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><title>&x;</title></channel></rss>'
    with pytest.raises(UnsafeFeed):
        list(read_feed(xxe, "xxe.xml"))


def test_malformed_and_empty_feeds() -> None:
    with pytest.raises(FeedError, match=r"cut.rss: malformed feed XML at line \d+"):
        list(read_feed(RSS[:-30], "cut.rss"))
    with pytest.raises(FeedError, match="no RSS or Atom entries"):
        list(
            read_feed(
                b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>', "e.rss"
            )
        )
    with pytest.raises(EmptyInput):
        list(read_feed(b"  \n", "blank.rss"))


def test_undefined_html_entity_is_read_leniently() -> None:
    feed = RSS.replace(
        b"<description>Short summary.</description>", b"<description>Short&nbsp;summary.</description>"
    )
    got = list(read_feed(feed, "nbsp.rss"))
    assert isinstance(got[0], Input)


def test_sniffing_and_html_to_text() -> None:
    assert (
        looks_like_feed(RSS) and looks_like_feed(ATOM) and not looks_like_feed(b"<html><body>x</body></html>")
    )
    assert html_to_text("<div>One<br>two</div><ul><li>three</li></ul>") == "One\n\ntwo\n\nthree"
    assert html_to_text("plain\n\ntext") == "plain\n\ntext"
