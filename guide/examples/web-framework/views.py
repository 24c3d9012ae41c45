"""The wiki's HTML: each Element fills one XML template that sits next to this file."""

from twisted.python.filepath import FilePath
from twisted.web.template import Element, XMLFile, renderer, tags

HERE = FilePath(__file__).parent()


class IndexPage(Element):
    loader = XMLFile(HERE.child("index.xml"))

    def __init__(self, titles):
        self.titles = titles

    @renderer
    def pages(self, request, tag):
        # One copy of the <li> for each page, with its slots filled.
        for name, title in self.titles:
            yield tag.clone().fillSlots(url=f"/page/{name}", title=title)
        if not self.titles:
            yield tags.li("No pages yet.")


class PageView(Element):
    loader = XMLFile(HERE.child("page.xml"))

    def __init__(self, name, title, body):
        self.name, self.title, self.body = name, title, body

    @renderer
    def page(self, request, tag):
        return tag.fillSlots(title=self.title, edit=f"/page/{self.name}/edit")

    @renderer
    def paragraphs(self, request, tag):
        return [tags.p(text) for text in self.body.split("\n\n")]


class EditPage(Element):
    loader = XMLFile(HERE.child("edit.xml"))

    def __init__(self, name, title, body):
        self.name, self.title, self.body = name, title, body

    @renderer
    def page(self, request, tag):
        return tag.fillSlots(name=self.name, title=self.title, body=self.body)
