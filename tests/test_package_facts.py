"""The packages page's table says what guide/packages.toml says, and nothing the file does not."""

import re

import pytest

import home_table
from package_facts import BadData, read

PACKAGES = read()


def test_each_row_of_the_packages_table_is_a_package_of_the_data_file(html):
    rows = home_table.rows(html / "guide" / "packages.html", "packages")
    shown = {row.links[0][0].split("#")[-1]: row.cells for row in rows}
    assert len(shown) == len(rows) > 5, rows
    for package in PACKAGES.values():
        label = package.label or f"package-{package.name}"
        if label not in shown:
            continue  # named on the pages, not a row of the table (hendrix, spyne)
        release = f"In Twisted since {package.since}" if package.part_of else package.release
        cells = shown.pop(label)
        assert cells[:4] == [package.title, package.maintained, package.python3, release], package.name
    assert not shown, f"rows of no package of the data file: {shown}"


def test_a_last_release_on_a_page_is_the_data_file_s(html):
    # The page's text, without the span that keeps the date on one line (_ext/nowrap_tokens.py).
    text = re.sub(r"<[^>]*>", "", (html / "guide" / "packages.html").read_text(encoding="utf-8"))
    assert f"Last release {PACKAGES['autobahn'].release}," in text


@pytest.mark.parametrize("mistake, message", [
    ('[klein]\ntitle = "Klein"\nreleased = 2024-08-32\n', "packages.toml:3: "),
    ('[klein]\ntitle = "Klein"\n', "packages.toml:1: [klein] lacks last-release"),
    ('[klein]\ntitle = "Klein"\nreleased = "2024-08-12"\n' + "".join(
        f'{k} = ""\n' for k in ("last-release", "requires-python", "newest-classifier", "maintained", "judged-by",
                                "python3", "use-for")), "packages.toml:3: [klein] released must be a date"),
])
def test_a_wrong_data_file_names_its_line(tmp_path, mistake, message):
    (tmp_path / "packages.toml").write_text(mistake, encoding="utf-8")
    with pytest.raises(BadData) as raised:
        read(tmp_path / "packages.toml")
    assert str(raised.value).startswith(message), raised.value
