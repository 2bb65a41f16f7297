"""API schemas more than one area gives out."""

from ninja import Schema


# A link from one area's record to another area's object (a strategy action's link to a service,
# a deliverable's link to an event...), through a generic foreign key. A comment, not a
# docstring: a docstring would become the schema's description in the OpenAPI document.
class LinkOut(Schema):
    id: int
    app_label: str
    model: str
    object_id: int
    label: str

    @staticmethod
    def resolve_app_label(obj) -> str:
        return obj.content_type.app_label

    @staticmethod
    def resolve_model(obj) -> str:
        return obj.content_type.model

    @staticmethod
    def resolve_label(obj) -> str:
        return str(obj)
