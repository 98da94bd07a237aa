"""The referral form as people use it (issue 7, "Forms and screens that
cost time today"): one parent and one child, more on request without
JavaScript; names, telephone numbers and free texts checked the same way
everywhere; a parent's date of birth may be unknown."""

from html.parser import HTMLParser


class _Focusable(HTMLParser):
    """Counts what the Tab key stops at inside the <form> elements of a
    page: links, buttons, text fields, selects, textareas, checkboxes, and
    a group of radio buttons once (the browser tabs into a group once)."""

    def __init__(self):
        super().__init__()
        self.in_form = 0
        self.count = 0
        self.radio_groups = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form += 1
            return
        if not self.in_form or "disabled" in attrs or attrs.get("tabindex") == "-1":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind == "hidden":
                return
            if kind == "radio":
                if attrs.get("name") in self.radio_groups:
                    return
                self.radio_groups.add(attrs.get("name"))
            self.count += 1
        elif tag in ("select", "textarea", "button") or (tag == "a" and "href" in attrs):
            self.count += 1

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form -= 1


def tab_stops(html):
    parser = _Focusable()
    parser.feed(html)
    return parser.count
