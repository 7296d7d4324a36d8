"""What an outside probe typed into the site, and a parser that finds anything of it that a
browser would run or follow: for tests that submit hostile text and then open the pages (public
and admin) that show it."""

import json
from html.parser import HTMLParser
from urllib.parse import urlsplit

# The probe's payloads, most dangerous first: the meta refresh passes the CSP.
HOSTILE = {
    "meta": '<meta http-equiv=refresh content="0;url=https://evil.example">',
    "img": '"><img src=x onerror=alert(1)>',
    "script": "<script>alert(1)</script>",
    "javascript": "javascript:alert(1)",
    "markdown_link": "[Hier klicken](javascript:alert(1))",
    "html_link": '<a href="javascript:alert(1)">Hier klicken</a>',
    "attribute": "' autofocus onfocus='alert(1)",
    "svg": "<svg/onload=alert(1)>",
}
# Valid for Django's EmailField (a quoted local part may hold < > and /).
HOSTILE_EMAIL = '"<img/src=x/onerror=alert(1)>"@example.org'
HOSTILE_FILE_NAME = '"><img src=x onerror=alert(1)>.pdf'


def hostile_text(limit: int = 10_000) -> str:
    """As many of the payloads as fit into `limit` characters, most dangerous first."""
    text = ""
    for payload in HOSTILE.values():
        candidate = f"{text} {payload}".strip()
        if len(candidate) <= limit:
            text = candidate
    return text or HOSTILE["script"][:limit]


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href"}
# Elements that load or run something from wherever they point; the site uses none of them.
FORBIDDEN_ELEMENTS = {"base", "iframe", "frame", "object", "embed", "applet"}
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class ActiveContentFinder(HTMLParser):
    """Collects every piece of markup that would act in a browser and is not the site's own."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        values = {name.lower(): value or "" for name, value in attrs}
        where = f"<{tag} {' '.join(f'{k}={v!r}' for k, v in values.items())}>"
        if tag in FORBIDDEN_ELEMENTS:
            self.found.append(f"element {where}")
        if tag == "meta" and "http-equiv" in values:
            self.found.append(f"meta http-equiv {where}")
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"event handler {name} in {where}")
            if name == "autofocus" and tag not in {"input", "textarea", "select", "button"}:
                self.found.append(f"autofocus on {where}")
            if name in URL_ATTRIBUTES:
                compact = "".join(value.split()).lower()
                if "javascript:" in compact or "vbscript:" in compact:
                    self.found.append(f"script URL in {name} of {where}")
                if "evil.example" in compact:
                    self.found.append(f"foreign URL in {name} of {where}")
        if tag == "img" and not values.get("src", "").startswith(("/", "data:image/")):
            self.found.append(f"foreign picture {where}")
        if tag == "script":
            src = values.get("src", "")
            if src and not urlsplit(src).path.startswith(("/static/", "/admin/jsi18n/")):
                self.found.append(f"script from elsewhere {where}")
            self._script = {"type": values.get("type", ""), "src": src, "text": ""}

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            script, self._script = self._script, None
            text = script["text"].strip()
            if not text:
                return
            if script["type"] not in DATA_SCRIPT_TYPES:
                self.found.append(f"inline script {text[:80]!r}")
                return
            try:
                json.loads(text)
            except ValueError:
                self.found.append(f"data script that is not JSON {text[:80]!r}")


def active_content(html: str) -> list[str]:
    """Everything in the page a browser would run, follow or load that the site did not mean."""
    finder = ActiveContentFinder()
    finder.feed(html)
    finder.close()
    return finder.found


class TextCollector(HTMLParser):
    """The page's visible text plus the values of its form fields."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "input" and values.get("value"):
            self.parts.append(values["value"])

    def handle_data(self, data):
        self.parts.append(data)


def shown_text(html: str) -> str:
    collector = TextCollector()
    collector.feed(html)
    collector.close()
    return " ".join(" ".join(collector.parts).split())


def shows_as_text(html: str, text: str) -> bool:
    """True if `text` is on the page as text (escaped), whatever the whitespace."""
    return " ".join(text.split()) in shown_text(html)


class FormReader(HTMLParser):
    """What a browser would send for the page's forms with method="post" (no buttons, no files):
    {form index: {name: [values]}}, plus each text field's maxlength."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, list[str]]] = []
        self.kinds: list[dict[str, str]] = []
        self.limits: dict[str, int] = {}
        self._form: dict | None = None
        self._kinds: dict | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._option: tuple[str, str | None, bool] | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        values = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form":
            if values.get("method", "get").lower() == "post":
                self._form, self._kinds = {}, {}
                self.forms.append(self._form)
                self.kinds.append(self._kinds)
            return
        if self._form is None:
            return
        name = values.get("name")
        if name and values.get("maxlength", "").isdigit():
            self.limits[name] = int(values["maxlength"])
        if tag == "input" and name:
            kind = values.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            self._kinds[name] = kind
            if kind in {"checkbox", "radio"}:
                self._form.setdefault(name, [])
                if "checked" in values:
                    self._form[name].append(values.get("value", "on"))
                return
            self._form.setdefault(name, []).append(values.get("value", ""))
        elif tag == "textarea" and name:
            self._kinds[name] = "textarea"
            self._textarea = name
            self._form.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._kinds[name] = "select"
            self._select = name
            self._options = []
            self._form.setdefault(name, [])
        elif tag == "option" and self._select:
            self._option = (values.get("value"), "selected" in values)
            if self._option[0] is not None:
                self._options.append((self._option[0], self._option[1]))

    def handle_data(self, data):
        if self._textarea is not None and self._form is not None:
            self._form[self._textarea][-1] += data
        if self._option is not None and self._option[0] is None and self._select:
            self._options.append((data.strip(), self._option[1]))
            self._option = (data.strip(), self._option[1])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            if self._textarea and self._form is not None:
                # A browser drops the one newline that follows <textarea>.
                value = self._form[self._textarea][-1]
                self._form[self._textarea][-1] = value.removeprefix("\n")
            self._textarea = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select:
            chosen = [value for value, selected in self._options if selected]
            if not chosen and self._options:
                chosen = [self._options[0][0]]
            self._form[self._select] = chosen
            self._kinds[f"{self._select}:options"] = "|".join(v for v, _s in self._options)
            self._select = None


def read_forms(html: str) -> FormReader:
    reader = FormReader()
    reader.feed(html)
    reader.close()
    return reader


def post_form_values(html: str, *, index: int = -1) -> dict[str, list[str]]:
    """The values the page's post form (the last one unless told) would send as it is."""
    return read_forms(html).forms[index]
