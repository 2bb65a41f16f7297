"""The one row of tabs every area draws: an area's bar under the header, or a record's pages.

An area lists its tabs in its template, each a (url, label, permission) item; the tag keeps the
ones the user may see, marks the current page for screen readers (aria-current) and renders
common/tabs.html, so the markup and its accessibility live in one place:

    {% load tabs %}
    {% tabs _("Services") for=cluster %}
      {% tab "services:portfolio" cluster.pk label=_("Portfolio") current="portfolio *service_*" %}
      {% tab "services:pipeline" cluster.pk label=_("Pipeline") perm="services.view_pipeline" %}
    {% endtabs %}

`perm` is a rules permission checked on the `for` object; `when` hides a tab on any other
condition; `current` lists the URL names (shell patterns, `!` excludes) on which the tab is the
current page: by default its own URL name, and `current=""` never.
"""

from dataclasses import dataclass
from fnmatch import fnmatchcase

from django import template
from django.urls import reverse

register = template.Library()

_TABS = "_tabs_collected"
_OBJECT = "_tabs_object"
TAB_OPTIONS = ("label", "perm", "when", "current")
TABS_OPTIONS = ("for", "kind")


@dataclass(frozen=True)
class Tab:
    url: str
    label: str
    current: bool


def is_current(url_name: str, patterns: str) -> bool:
    """Whether a page named `url_name` is the one a tab with these `current` patterns shows."""
    words = patterns.split()
    wanted = [w for w in words if not w.startswith("!")]
    unwanted = [w[1:] for w in words if w.startswith("!")]
    return any(fnmatchcase(url_name, w) for w in wanted) and not any(
        fnmatchcase(url_name, w) for w in unwanted
    )


def _split(parser, bits, options, tag):
    args, kwargs = [], {}
    for bit in bits:
        key, sep, value = bit.partition("=")
        if sep and key in options:
            kwargs[key] = parser.compile_filter(value)
        elif sep and key.isidentifier():
            raise template.TemplateSyntaxError(f"{tag} takes no option {key!r}")
        else:
            args.append(parser.compile_filter(bit))
    return args, kwargs


class TabNode(template.Node):
    def __init__(self, url_name, url_args, options):
        self.url_name, self.url_args, self.options = url_name, url_args, options

    def render(self, context):
        if _TABS not in context:
            raise template.TemplateSyntaxError("{% tab %} belongs inside {% tabs %}")
        opt = {key: value.resolve(context) for key, value in self.options.items()}
        if "when" in opt and not opt["when"]:
            return ""
        if opt.get("perm") and not context["request"].user.has_perm(opt["perm"], context[_OBJECT]):
            return ""
        url_name = self.url_name.resolve(context)
        match = context["request"].resolver_match
        here = (match.url_name or "") if match else ""
        own = url_name.rpartition(":")[2]
        current = is_current(here, own if opt.get("current") is None else opt["current"])
        url = reverse(url_name, args=[arg.resolve(context) for arg in self.url_args])
        context[_TABS].append(Tab(url=url, label=opt.get("label", ""), current=current))
        return ""


class TabsNode(template.Node):
    def __init__(self, label, options, nodelist):
        self.label, self.options, self.nodelist = label, options, nodelist

    def render(self, context):
        opt = {key: value.resolve(context) for key, value in self.options.items()}
        with context.push(**{_TABS: [], _OBJECT: opt.get("for")}):
            self.nodelist.render(context)
            tabs = context[_TABS]
        rows = context.template.engine.get_template("common/tabs.html")
        return rows.render(
            context.new(
                {"tabs": tabs, "label": self.label.resolve(context), "kind": opt.get("kind")}
            )
        )


@register.tag("tabs")
def do_tabs(parser, token):
    bits = token.split_contents()
    args, options = _split(parser, bits[1:], TABS_OPTIONS, bits[0])
    if len(args) != 1:
        raise template.TemplateSyntaxError("{% tabs %} takes one label")
    nodelist = parser.parse(("endtabs",))
    parser.delete_first_token()
    return TabsNode(args[0], options, nodelist)


@register.tag("tab")
def do_tab(parser, token):
    bits = token.split_contents()
    args, options = _split(parser, bits[1:], TAB_OPTIONS, bits[0])
    if not args or "label" not in options:
        raise template.TemplateSyntaxError("{% tab %} takes a URL name, its arguments and label=")
    return TabNode(args[0], args[1:], options)
