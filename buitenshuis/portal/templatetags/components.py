# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The markup every list repeats, as three template components and a filter.

``{% scrolltable %}…{% endscrolltable %}``
    A table (header and body rows between the tags) in a region that
    scrolls sideways on a phone and can be scrolled with the keyboard.
    ``{% scrolltable labelledby="id" %}`` names the region after a heading
    instead of the generic label.

``{% listing rows empty %}…{% endlisting %}``
    A scrolltable of ``rows`` followed by the page links, or the Dutch
    ``empty`` text when there are no rows.

``{% searchform label %}…{% endsearchform %}``
    The search form of a list: the ``q`` box with ``label`` and the
    ``query`` of the context, then the extra filters between the tags
    (see ``components/select_filter.html``), then *Zoeken*. With htmx it
    puts the page's ``#bh-results`` and ``#bh-result-count`` in place
    without loading the page (``components/searchform.html``).

``page_obj|page_links``
    The page numbers the page links show: the first and the last, this
    page and two on either side, ``None`` for a gap.

Loaded in every template (``settings.TEMPLATES`` builtins)."""

from django import template

register = template.Library()


def _block(parser, end):
    nodelist = parser.parse((end,))
    parser.delete_first_token()
    return nodelist


def _kwargs(parser, bits):
    args, kwargs = [], {}
    for bit in bits:
        if "=" in bit:
            key, value = bit.split("=", 1)
            kwargs[key] = parser.compile_filter(value)
        else:
            args.append(parser.compile_filter(bit))
    return args, kwargs


class ComponentNode(template.Node):
    def __init__(self, template_name, nodelist, args, kwargs, names):
        self.template_name = template_name
        self.nodelist = nodelist
        self.args = args
        self.kwargs = kwargs
        self.names = names

    def render(self, context):
        values = {
            name: arg.resolve(context) for name, arg in zip(self.names, self.args, strict=False)
        }
        values.update({key: value.resolve(context) for key, value in self.kwargs.items()})
        values["content"] = self.nodelist.render(context)
        component = context.template.engine.get_template(self.template_name)
        with context.push(**values):
            return component.render(context)


def _component(name, template_name, names, minimum=0):
    def compile_tag(parser, token):
        bits = token.split_contents()[1:]
        args, kwargs = _kwargs(parser, bits)
        if not minimum <= len(args) <= len(names):
            raise template.TemplateSyntaxError(
                f"{{% {name} %}} takes {', '.join(names) or 'no'} arguments"
            )
        return ComponentNode(template_name, _block(parser, f"end{name}"), args, kwargs, names)

    register.tag(name, compile_tag)


_component("scrolltable", "components/scrolltable.html", ())
_component("listing", "components/listing.html", ("rows", "empty"), minimum=2)
_component("searchform", "components/searchform.html", ("label",), minimum=1)


@register.filter
def page_links(page):
    return [
        None if number == page.paginator.ELLIPSIS else number
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
