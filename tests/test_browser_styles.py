"""The trimmed stylesheets (_ext/lean_static.py), in a real browser: they change nothing a reader sees."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser_tab import DESKTOP, ONE_WORKER, PHONE, Tab
from sphinx_build import read_conf, sphinx_build

pytestmark = ONE_WORKER


# For every element, and its ::before and ::after where drawn: a digest of its computed
# value of each property the whole stylesheets set (shorthands included, custom properties not).
STYLE_DIGESTS = """names => [...document.querySelectorAll('*')].flatMap((e, i) =>
  [null, '::before', '::after'].map(pseudo => {
    const style = getComputedStyle(e, pseudo);
    const drawn = !pseudo || !['none', 'normal'].includes(style.content);
    let text = drawn ? names.map(n => style.getPropertyValue(n)).join(';') : 'not drawn';
    text = text.replaceAll(document.baseURI.replace(/[^/]*$/, ''), '');  // the two sites' folders differ
    let hash = 2166136261;  // FNV-1a
    for (let k = 0; k < text.length; k++) hash = Math.imul(hash ^ text.charCodeAt(k), 16777619) >>> 0;
    return [e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + [...e.classList].map(c => '.' + c).join('')
            + (pseudo || '') + ' (element ' + i + ')', hash, pseudo, i];
}))"""
STYLE_OF = """([names, i, pseudo]) => {
    const style = getComputedStyle(document.querySelectorAll('*')[i], pseudo);
    return Object.fromEntries(names.map(n => [n, style.getPropertyValue(n)])); }"""


def use(page) -> None:
    """What a reader does on a page: scroll down and a little up (the contents' scroll-spy, the
    back-to-top button), then point at a code block and press its copy button."""
    page.mouse.wheel(0, 2500)
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -300)
    page.wait_for_timeout(300)
    block = page.locator("div.highlight-python").first
    block.hover()
    block.locator("button.copybtn").click()


# Light at desktop width on every page; the dark theme's and the phone's rules have the same class
# names as the light ones (under body[data-theme] or an @media), so a few pages show them. Then a
# page after a reader has used it: what scripts change (classes they add) is styled too.
TWO = ["index.html", "guide/rest-and-web-services.html"]
LOOKS = [("light", DESKTOP, None, None), ("dark", DESKTOP, TWO, None), ("auto-dark", DESKTOP, TWO, None),
         ("light", PHONE, TWO, None), ("light", DESKTOP, ["guide/rest-and-web-services.html"], use)]


@pytest.fixture(scope="session")
def untrimmed(tmp_path_factory) -> Path:
    """The site built without _ext/lean_static.py: every stylesheet whole."""
    extensions = [e for e in read_conf().extensions if e != "lean_static"]
    out = tmp_path_factory.mktemp("untrimmed")
    done = sphinx_build("html", out, "-D", "extensions=" + ",".join(extensions))
    assert done.returncode == 0, f"the site does not build without lean_static:\n{done.stderr}"
    return out


def properties_set(site: Path) -> list[str]:
    """Every property a declaration in the site's stylesheets sets, custom properties left out."""
    css = " ".join(p.read_text(encoding="utf-8") for p in (site / "_static").rglob("*.css"))
    return sorted(set(re.findall(r"[{;]\s*([a-z][a-z-]*)\s*:", css)))


@pytest.mark.parametrize("theme, width, sample, then", LOOKS,
                         ids=[f"{t}-{w}" + ("-used" if a else "") for t, w, _, a in LOOKS])
def test_trimmed_stylesheets_change_no_computed_style(browser, html, untrimmed, page_paths, theme, width, sample,
                                                      then):
    tab = Tab(browser, theme, width)  # a tab of its own: what other tests left in localStorage changes pages
    names = properties_set(untrimmed)
    changed = []
    for path in sample or page_paths + ["search.html?q=twisted+web"]:
        looks = {}
        for site in (html, untrimmed):
            tab.visit(site.as_uri() + "/" + path)
            if then:
                then(tab.page)
            looks[site] = tab.page.evaluate(STYLE_DIGESTS, names)
        trimmed, whole = looks[html], looks[untrimmed]
        assert [t[0] for t in trimmed] == [w[0] for w in whole], f"{path}: the two builds differ in their elements"
        different = [t for t, w in zip(trimmed, whole, strict=True) if t[1] != w[1]]
        if different:
            label, _, pseudo, index = different[0]
            style = {}
            for site in (html, untrimmed):
                tab.visit(site.as_uri() + "/" + path)
                if then:
                    then(tab.page)
                style[site] = tab.page.evaluate(STYLE_OF, [names, index, pseudo])
            diff = [f"{n}: {style[html][n]!r}, whole {style[untrimmed][n]!r}" for n in names
                    if style[html][n] != style[untrimmed][n]]
            changed.append(f"{path}: {len(different)} element(s) look different, the first {label}:\n      "
                           + "\n      ".join(diff[:8]))
    tab.context.close()
    assert not changed, (f"in the {theme} theme at {width} px, a trimmed stylesheet changed what a reader sees "
                         "(_ext/lean_static.py dropped a rule the page needs):\n" + "\n".join(changed))
