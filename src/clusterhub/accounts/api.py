from ninja import Router, Schema

router = Router(tags=["accounts"])


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    is_platform_admin: bool


@router.get("/me", response=MeOut)
def me(request):
    """The signed-in user."""
    return request.user
