from django import template

from clusterhub.common.templatetags.clusterhub_tags import money
from clusterhub.grants.enums import CostCategory

register = template.Library()

# The one `money` filter lives in clusterhub_tags; registered here too so that the grant
# templates, which load grants_tags, keep using it without a second implementation.
register.filter("money", money)


@register.filter
def category_label(_table, category: str) -> str:
    return CostCategory(category).label
