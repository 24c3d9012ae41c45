"""What _ext/lean_static.py keeps of a stylesheet. test_browser_styles.py checks the result on the real pages."""

from lean_static import Used, trim_stylesheets

PAGE = '<html><body class="page"><div id="main" class="note"><p>text</p></div></body></html>'
SCRIPT = "el.classList.add('copied')"


def trim(css: str, pages=(PAGE,), scripts=(SCRIPT,)) -> str:
    return trim_stylesheets({"a.css": css}, Used(list(pages), list(scripts)))["a.css"]


def test_a_rule_for_a_class_no_page_has_goes():
    assert trim(".note{color:red}.warning{color:blue}") == ".note{color:red}"


def test_a_selector_list_keeps_only_the_selectors_that_can_match():
    assert trim(".note p,.warning p,table{margin:0}") == ".note p{margin:0}"


def test_a_class_a_script_adds_keeps_its_rule():
    assert trim(".copied{opacity:1}") == ".copied{opacity:1}"


def test_ids_elements_attributes_and_pseudo_classes():
    assert trim("#main{padding:0}#other{padding:1px}") == "#main{padding:0}"
    assert trim('body[data-theme="dark"] .note:hover::before{content:"x"}') == \
        'body[data-theme="dark"] .note:hover::before{content:"x"}'
    assert trim(".note:not(.warning){color:red}") == ".note:not(.warning){color:red}"


def test_media_queries_keep_what_they_hold_and_go_when_empty():
    assert trim("@media (max-width:40em){.note{color:red}.warning{color:blue}}") == \
        "@media (max-width:40em){.note{color:red}}"
    assert trim("@media print{.warning{color:blue}}") == ""


def test_a_custom_property_stays_while_something_reads_it():
    css = ("body{--used:1px;--unread:2px;--only-by-gone:3px}"
           ".note{margin:var(--used)}.warning{margin:var(--only-by-gone)}")
    assert trim(css) == "body{--used:1px}.note{margin:var(--used)}"


def test_a_custom_property_read_by_the_page_stays():
    page = PAGE.replace("<p>", '<p style="color: var(--inline)">')
    assert trim("body{--inline:red;--other:blue}", pages=[page]) == "body{--inline:red}"


def test_a_comma_inside_is_does_not_split_the_selector():
    assert trim(":is(.warning, .note) p,.warning{color:red}") == ":is(.warning, .note) p{color:red}"


def test_a_bracket_inside_an_attribute_value_is_part_of_the_value():
    assert trim('.note[title="]warning"]{color:red}') == '.note[title="]warning"]{color:red}'


def test_a_licence_comment_stays_and_other_comments_go():
    """``/*! ... */`` is how a stylesheet keeps its licence when minified (furo's holds normalize.css's)."""
    css = "/*! normalize.css | MIT License */.note{color:red}/* a note */.warning{color:blue}"
    assert trim(css) == "/*! normalize.css | MIT License */.note{color:red}"
