"""The safe HTML subset and the plain-text part derived from it."""

from clusterhub.mailings.content import clean_html
from clusterhub.mailings.content import to_text


def test_only_the_safe_subset_is_kept():
    html = (
        '<h2>Hi</h2><p onclick="x()">A <strong>b</strong> <em>c</em>'
        '<a href="javascript:alert(1)">bad</a> <a href="https://ok.example/" target="_x">ok</a>'
        '<a href="mailto:a@b.example">mail</a></p><script>alert(1)</script>'
        '<img src="http://tracker.example/p.gif"><ul><li>x</li></ul><h1>big</h1>'
    )
    cleaned = clean_html(html)
    assert "script" not in cleaned and "alert" not in cleaned
    assert "onclick" not in cleaned and "<img" not in cleaned and "target" not in cleaned
    assert "javascript" not in cleaned
    assert '<a href="https://ok.example/" rel="noopener noreferrer">ok</a>' in cleaned
    assert '<a href="mailto:a@b.example" rel="noopener noreferrer">mail</a>' in cleaned
    assert "<h2>Hi</h2>" in cleaned and "<ul><li>x</li></ul>" in cleaned
    assert "<h1>" not in cleaned and "big" in cleaned


def test_plain_text_part():
    html = (
        "<h2>News</h2><p>Dear <strong>member</strong>,<br>see "
        '<a href="https://x.example/a">our page</a>.</p>'
        "<ul><li>one</li><li>two</li></ul><ol><li>first</li><li>second</li></ol>"
        '<p>Write to <a href="mailto:info@x.example">info@x.example</a></p>'
    )
    assert to_text(html) == (
        "News\n\nDear member,\nsee our page (https://x.example/a).\n\n"
        "- one\n- two\n\n1. first\n2. second\n\nWrite to info@x.example"
    )
