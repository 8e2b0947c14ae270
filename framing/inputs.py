"""Reading article files: one clear error per bad input, never a traceback."""
from __future__ import annotations

import codecs
import os
import re
import sys


class InputError(Exception):
    """A bad input; the message names the file and the problem."""


def decode(data: bytes, name: str, encoding: str | None = None, notes: list[str] | None = None) -> str:
    """Bytes -> text. encoding=None: BOM or strict UTF-8 (an error says what to pass);
    encoding='auto': BOM, UTF-8, then Windows-1252, then UTF-8 with U+FFFD for bad bytes, saying
    which in `notes`; any other value: that codec, strictly."""
    if encoding and encoding.lower() != "auto":
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise InputError(f"{name}: cannot decode as {encoding}: {exc}") from None
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: invalid {enc} after its byte-order mark: {exc.reason} at byte {exc.start}") from None
    if data.find(b"\x00", 0, 65536) >= 0:  # no copy of the head
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise InputError(f"{name}: looks binary (contains NUL bytes); give a text file")
        enc, text = utf16
        if not encoding:
            raise InputError(f"{name}: looks like {enc.upper()} text without a byte-order mark; "
                             f"pass --encoding {enc} (or --encoding auto)")
        notes = notes if notes is not None else []
        notes.append(f"{name}: no byte-order mark; decoded as {enc.upper()}")
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if not encoding:
            raise InputError(f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                             f"pass --encoding auto, or the file's encoding (for example --encoding cp1252)") from None
    notes = notes if notes is not None else []
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        notes.append(f"{name}: not valid UTF-8 or Windows-1252; {text.count(chr(0xFFFD))} undecodable byte "
                     "sequence(s) replaced with U+FFFD")
    else:
        notes.append(f"{name}: not valid UTF-8; decoded as Windows-1252")
    return text


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """('utf-16-le' or 'utf-16-be', the text) when `data` reads as UTF-16 text without a
    byte-order mark (as Windows tools export it): mostly Latin text, so the NUL bytes fall on one
    side of each pair, and it decodes without error or NUL characters; else None (binary)."""
    sample = data[:65536]
    sample = sample[:len(sample) - len(sample) % 2]
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    pairs = len(sample) // 2
    for enc, nuls, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if pairs and nuls >= 0.3 * pairs and other <= 0.01 * pairs:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                return None
            return (enc, text) if "\x00" not in text else None
    return None


# Elements whose text a reader never sees.
_SKIP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "select", "button"}
_BLOCK = {"p", "div", "section", "article", "header", "footer", "aside", "nav", "main", "h1", "h2", "h3", "h4",
          "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "figure",
          "figcaption", "hr", "br", "title", "address", "form", "fieldset", "details", "summary"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
         "wbr"}
_HEAD_CONTENT = {"title", "meta", "link", "style", "script", "base", "noscript", "template"}
# A start tag of these closes an open <p> (as browsers do with <p>a<div>b); the search for it stops
# at the elements that scope it.
_CLOSES_P = {"address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption",
             "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "main",
             "menu", "nav", "ol", "p", "pre", "section", "table", "ul"}
_P_SCOPE = {"table", "td", "th", "caption", "button", "object", "template", "html"}
# The page around the article: never its text, wherever it stands.
_CHROME_TAGS = {"nav", "aside"}
_CHROME_ROLES = {"navigation", "complementary", "search", "dialog", "alertdialog"}
_EDGE_TAGS, _EDGE_ROLES = {"header", "footer"}, {"banner", "contentinfo"}  # only outside the article
# Patterns as strings, compiled (and kept) by `re` on the first page: a plain-text run, which imports
# this module too, does not compile them.
_BANNER = r"(?i)cookie|consent|gdpr"  # in an id or class: a consent banner
_DISPLAY_NONE = r"(?i)display\s*:\s*none|visibility\s*:\s*hidden"
_PAGE = {None, "html", "body"}
_SECTIONS = {"article", "section", "main"}  # a header or footer inside one is its own, not the page's


# the names of saved pages: read as HTML (their article's text) by `framing score` and `framing corpus`
HTML_SUFFIXES = (".html", ".htm")


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000]
    if "<" not in head:  # every sign below starts with "<": plain prose is not lowercased and searched
        return False
    head = head.lower()
    return head.startswith(("<!doctype html", "<html")) or bool(re.search(r"<(?:body|article|p|div)[\s>]", head))


class _Element:
    """A node of the parsed page: children are elements, text, or "\n" for a stray block end tag
    (text never holds a line break: source line breaks are layout, made spaces). `kind` says what
    a reader makes of it, read once from its tag and attributes: 'hidden' (never seen), 'chrome'
    (the site around the article), 'edge' (a header or footer), 'article' or 'main' (by tag or role),
    else None."""
    __slots__ = ("tag", "children", "parent", "depth", "kind")

    def __init__(self, tag, attrs, parent):
        self.tag, self.children, self.parent = tag, [], parent
        self.depth = parent.depth + 1 if parent is not None else 0
        self.kind = _kind(tag, attrs)


def _kind(tag: str | None, attrs: list) -> str | None:
    """_Element.kind: hidden (scripts, styles, the head; `hidden`, aria-hidden, display: none),
    chrome (navigation, asides, search, dialogs, cookie and consent banners), edge (headers and
    footers), article or main (the element or the role), else None."""
    if tag in _SKIP:
        return "hidden"
    values: dict[str, str] = {}
    for key, value in attrs:  # the first of a repeated attribute counts, as in browsers
        values.setdefault(key, value if value is not None else "")
    if values:
        if "hidden" in values or values.get("aria-hidden", "").strip().lower() == "true" \
                or re.search(_DISPLAY_NONE, values.get("style", "")):
            return "hidden"
        role = values.get("role", "").strip().lower()
        if role in _CHROME_ROLES:
            return "chrome"
        # <body class="cookie-consent-pending"> is the page, not a banner
        if tag not in _PAGE and tag not in _SECTIONS and (
                re.search(_BANNER, values.get("id", "")) or re.search(_BANNER, values.get("class", ""))):
            return "chrome"
        if role in _EDGE_ROLES:
            return "edge"
        if role in ("article", "main"):
            return role
    if tag in _CHROME_TAGS:
        return "chrome"
    if tag in ("article", "main"):
        return tag
    return "edge" if tag in _EDGE_TAGS else None


def _parse_page(markup: str) -> _Element:
    """The page as a tree, mending broken markup as browsers do where it decides what holds what:
    unclosed elements end with their parent, <p> ends at the next block, <li> at the next <li>, an
    unclosed <head> at the first tag that cannot stand in it, and a stray end tag is ignored."""
    from html.parser import HTMLParser  # only for HTML input: a plain-text run does not load it

    class TreeBuilder(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.root = self.node = _Element(None, [], None)
            self.open: dict[str, int] = {}  # tag -> open elements of it: no scan for a tag not open

        def close_to(self, tag: str, scope: set[str] = frozenset()) -> bool:
            """Close the innermost open `tag` and every element inside it; False when none is
            open (or a `scope` element comes first)."""
            if not self.open.get(tag):
                return False
            node = self.node
            while node is not self.root and node.tag != tag:
                if node.tag in scope:
                    return False
                node = node.parent
            if node is self.root:
                return False
            while self.node is not node.parent:
                self.open[self.node.tag] -= 1
                self.node = self.node.parent
            return True

        def handle_starttag(self, tag, attrs):
            if self.open.get("head") and tag not in _HEAD_CONTENT:
                self.close_to("head")
            if tag in _CLOSES_P:
                self.close_to("p", _P_SCOPE)
            elif tag == "li":
                self.close_to("li", {"ul", "ol"} | _P_SCOPE)
            elif tag in ("dt", "dd"):
                self.close_to("dt", {"dl"} | _P_SCOPE) or self.close_to("dd", {"dl"} | _P_SCOPE)
            element = _Element(tag, attrs, self.node)
            self.node.children.append(element)
            if tag not in _VOID:
                self.node = element
                self.open[tag] = self.open.get(tag, 0) + 1

        def handle_startendtag(self, tag, attrs):  # <br/>, and <div/> taken as empty
            self.node.children.append(_Element(tag, attrs, self.node))

        def handle_endtag(self, tag):
            if not self.close_to(tag) and tag in _BLOCK:
                self.node.children.append("\n")  # a stray </p> or </br> still breaks the line

        def handle_data(self, data):
            self.node.children.append(data.replace("\r", " ").replace("\n", " "))

    parser = TreeBuilder()
    parser.feed(markup)
    parser.close()
    return parser.root


def _out(el: _Element) -> bool:
    """Never the article's text: hidden, or the site around it."""
    return el.kind in ("hidden", "chrome")


def _walk(root: _Element):
    """(element, inside a hidden or chrome element) for root and every element below it, in
    document order, without recursion (broken markup can nest thousands deep)."""
    stack = [(root, False)]
    while stack:
        el, out = stack.pop()
        yield el, out
        out = out or _out(el)
        stack.extend((c, out) for c in reversed(el.children) if isinstance(c, _Element))


def _article_root(page: _Element, paragraph_share: float) -> _Element:
    """The element holding the article: the <article> with the most paragraph text, else the
    <main>, else the deepest element (not a <p>) holding `paragraph_share` of the page's paragraph
    text; else the page. Neither may stand inside hidden or chrome elements (a teaser <article> in
    an <aside>)."""
    order = list(_walk(page))
    text: dict[int, int] = {}  # id(element) -> characters of visible text in it
    paragraphs: dict[int, int] = {}  # id(element) -> those inside <p> elements
    for el, out in reversed(order):  # each element after everything inside it
        key = id(el)
        if out or _out(el):
            text[key] = paragraphs[key] = 0
        else:
            text[key] = text.get(key, 0) + sum(len(c.strip()) for c in el.children if isinstance(c, str))
            paragraphs[key] = text[key] if el.tag == "p" else paragraphs.get(key, 0)
        if el.parent is not None:
            up = id(el.parent)
            text[up] = text.get(up, 0) + text[key]
            paragraphs[up] = paragraphs.get(up, 0) + paragraphs[key]

    def weight(el):
        return paragraphs[id(el)], text[id(el)]

    for kind in ("article", "main"):
        found = [el for el, out in order if not out and el.kind == kind]
        if found:
            return max(found, key=weight)  # the first of equals
    total = paragraphs[id(page)]
    held = [el for el, out in order if not out and el.tag != "p" and total
            and paragraphs[id(el)] >= paragraph_share * total]
    return max(held, key=lambda el: el.depth) if held else page


def _visible_text(root: _Element, *, page_edges: bool, chrome: bool) -> str:
    """root's text as a reader sees it: one line a block element, spaces collapsed, hidden
    elements left out; chrome (navigation, asides, forms, banners) too unless `chrome`, and with
    `page_edges` the headers and footers of the page (not inside an article, section or main)."""
    parts: list[str] = []
    stack: list = [(root, False)]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            parts.append(node)
            continue
        node, sectioned = node
        if node is not root:
            if node.kind == "hidden" or (not chrome and (node.kind == "chrome" or node.tag == "form")):
                continue
            if page_edges and node.kind == "edge" and not sectioned:
                continue
        sectioned = sectioned or node.tag in _SECTIONS
        if node.tag in _BLOCK:
            parts.append("\n")
            if node.tag not in _VOID:
                stack.append("\n")
        stack.extend((c if isinstance(c, str) else (c, sectioned)) for c in reversed(node.children))
    lines = (" ".join(line.split()) for line in "".join(parts).splitlines())
    return "\n\n".join(line for line in lines if line)


def html_to_text(markup: str, paragraph_share: float = 0.7) -> str:
    """The text a reader sees of the article: the <article> (else the <main>, else the deepest
    element holding `paragraph_share` of the page's <p> text), without navigation, asides, forms,
    dialogs and cookie banners, nor the page's own header and footer; scripts, styles, the head and
    hidden elements dropped, entities decoded, one line a block element, spaces inside a line
    collapsed. A page's first <h1> before the article leads it when the article has none. When
    that leaves no text, the page's whole visible text. Scores and offsets refer to this text."""
    if not 0.5 < paragraph_share <= 1:
        raise ValueError(f"paragraph_share must be above 0.5 and at most 1, not {paragraph_share}")
    page = _parse_page(markup)
    root = _article_root(page, paragraph_share)
    on_page = root.tag in _PAGE
    text = _visible_text(root, page_edges=on_page, chrome=False)
    if not on_page and not any(el.tag == "h1" for el, out in _walk(root) if not out):
        heading = _first_heading_before(page, root)
        if heading is not None:
            title = _visible_text(heading, page_edges=False, chrome=False)
            text = f"{title}\n\n{text}" if title and text else title or text
    if not text:  # everything was chrome (an unclosed <nav> holding the page): what a reader sees
        text = _visible_text(page, page_edges=False, chrome=True)
    return text


def _first_heading_before(page: _Element, root: _Element) -> _Element | None:
    """The page's first visible <h1> before `root`, outside chrome and the page's header and
    footer (a site's name is no headline)."""
    for el, out in _walk(page):
        if el is root:
            return None
        if el.tag == "h1" and not out and not _out(el) and not _in_page_edge(el):
            return el
    return None


def _in_page_edge(el: _Element) -> bool:
    """Whether el stands in a header or footer of the page itself (one in no article, section or main)."""
    edge, up = False, el.parent
    while up is not None:
        if up.tag in _SECTIONS:
            return False
        edge = edge or up.kind == "edge"
        up = up.parent
    return edge


def _too_big(name: str, size: int | None, max_bytes: int) -> InputError:
    what = f"{size / 1e6:,.4g} MB is" if size is not None else "the input is"
    return InputError(f"{name}: {what} over the limit of {max_bytes / 1e6:,.6g} MB for one "
                      "article (scoring needs about 30 bytes of memory per character); split it into "
                      "articles or raise --max-mb")


def read_article(path: str, encoding: str | None = None, input_format: str = "auto",
                 notes: list[str] | None = None, max_bytes: int | None = None,
                 note_html: bool = False) -> tuple[str, str]:
    """Returns (source name, text). '-' reads standard input.

    input_format: 'text', 'html' (converted with html_to_text) or 'auto' (HTML when the name ends
    in .html/.htm or the content starts like an HTML page). Notes about decoding go to `notes`, and
    with note_html one saying that positions count in the extracted text when the input was HTML.
    max_bytes: refuse larger inputs (None: no limit), before reading them whole."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1) if max_bytes is not None else sys.stdin.buffer.read()
        name = "<stdin>"
        if max_bytes is not None and len(data) > max_bytes:
            raise _too_big(name, None, max_bytes)  # only max_bytes + 1 were read
    else:
        name = path
        try:  # one open and one fstat: a corpus of small files pays little per file
            with open(path, "rb") as f:
                if max_bytes is not None:
                    size = os.fstat(f.fileno()).st_size
                    if size > max_bytes:
                        raise _too_big(name, size, max_bytes)
                data = f.read()
        except (FileNotFoundError, NotADirectoryError):
            raise InputError(f"{name}: no such file") from None
        except IsADirectoryError:
            raise InputError(f"{name}: is a directory; give article files") from None
        except OSError as exc:
            raise InputError(f"{name}: cannot read: {exc.strerror}") from None
    text = decode(data, name, encoding, notes)
    if input_format == "html" or (input_format == "auto" and (
            name.lower().endswith(HTML_SUFFIXES) or looks_like_html(text))):
        text = html_to_text(text)
        if not text or text.isspace():
            raise InputError(f"{name}: HTML page with no visible text")
        if note_html and notes is not None:
            notes.append(f"{name}: read as HTML; lines and columns count in the article's text as framing "
                         "extracted it, not in the file")
    if not text or text.isspace():  # not text.strip(): that copies nearly every text
        raise InputError(f"{name}: empty file (no text to score)")
    return name, text
