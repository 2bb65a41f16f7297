"""Training programmes, modules, sessions and materials."""

from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import File
from ninja import Form
from ninja import Router
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from clusterhub.common.access import require
from clusterhub.common.api_errors import ERRORS
from clusterhub.common.api_errors import NO_CONTENT
from clusterhub.common.api_helpers import apply_patch
from clusterhub.common.api_helpers import chosen
from clusterhub.common.api_helpers import if_match
from clusterhub.common.api_helpers import patch_values
from clusterhub.common.api_helpers import path_id
from clusterhub.common.api_helpers import with_etag
from clusterhub.common.downloads import file_download
from clusterhub.common.pagination import PageNumber
from clusterhub.registry.queries import clusters_visible_to
from clusterhub.registry.queries import programmes_visible_to
from clusterhub.training import domain
from clusterhub.training.api.base import active_user_by_id
from clusterhub.training.api.base import changeable_module
from clusterhub.training.api.base import field_error
from clusterhub.training.api.base import visible_material
from clusterhub.training.api.base import visible_programme
from clusterhub.training.api.base import visible_programmes
from clusterhub.training.api.base import visible_session
from clusterhub.training.api.base import visible_sessions
from clusterhub.training.models import Material
from clusterhub.training.models import Module
from clusterhub.training.models import Session
from clusterhub.training.models import TrainingProgramme
from clusterhub.training.queries import sessions_trained_by
from clusterhub.training.schemas import MaterialLinkCreate
from clusterhub.training.schemas import MaterialOut
from clusterhub.training.schemas import ModuleCreate
from clusterhub.training.schemas import ModuleOut
from clusterhub.training.schemas import ModuleUpdate
from clusterhub.training.schemas import SessionCreate
from clusterhub.training.schemas import SessionOut
from clusterhub.training.schemas import SessionUpdate
from clusterhub.training.schemas import TrainingProgrammeCreate
from clusterhub.training.schemas import TrainingProgrammeOut
from clusterhub.training.schemas import TrainingProgrammeUpdate

router = Router(tags=["training"])

# --- programmes ----------------------------------------------------------------------------


@router.get("/training/programmes", response=list[TrainingProgrammeOut])
@paginate(PageNumber)
def list_programmes(request):
    """Training programmes the user may see. Permission: training.view_programme."""
    return visible_programmes(request.user)


@router.post("/training/programmes", response={201: TrainingProgrammeOut, **ERRORS})
def create_programme(request, payload: TrainingProgrammeCreate):
    """Create a training programme owned by a programme or a cluster the user manages.
    Permission: training.add_programme, then training.change_programme on the new one."""
    require(request.user, "training.add_programme")
    data = payload.model_dump()
    programme_id, cluster_id = data.pop("programme_id"), data.pop("cluster_id")
    # The texts with their per-language columns (title_lv...), as PATCH stores them.
    tp = TrainingProgramme(**data)
    tp.programme = chosen(
        programmes_visible_to(request.user),
        programme_id,
        field="programme_id",
        message=_("There is no programme with this id."),
    )
    tp.cluster = chosen(
        clusters_visible_to(request.user),
        cluster_id,
        field="cluster_id",
        message=_("There is no cluster with this id."),
    )
    if tp.programme_id or tp.cluster_id:
        require(request.user, "training.change_programme", tp)
    return Status(201, domain.save_training_programme(training_programme=tp))


@router.get("/training/programmes/{pk}", response={200: TrainingProgrammeOut, **ERRORS})
def get_programme(request, response: HttpResponse, pk: int = path_id("training programme id")):
    return with_etag(response, visible_programme(request.user, pk))


@router.patch("/training/programmes/{pk}", response={200: TrainingProgrammeOut, **ERRORS})
@transaction.atomic
def update_programme(
    request, response: HttpResponse, payload: TrainingProgrammeUpdate, pk: int = path_id("id")
):
    """Permission: training.change_programme."""
    tp = visible_programme(request.user, pk, "training.change_programme")
    if_match(request, tp)
    apply_patch(tp, patch_values(payload))
    return with_etag(response, domain.save_training_programme(training_programme=tp))


@router.delete("/training/programmes/{pk}", response=NO_CONTENT)
def delete_programme(request, pk: int = path_id("id")):
    """Permission: training.delete_programme; refused once certificates exist."""
    tp = visible_programme(request.user, pk, "training.delete_programme")
    domain.delete_training_programme(training_programme=tp)
    return Status(204, None)


# --- modules -------------------------------------------------------------------------------


@router.get("/training/programmes/{pk}/modules", response=list[ModuleOut])
@paginate(PageNumber)
def list_modules(request, pk: int = path_id("training programme id")):
    tp = visible_programme(request.user, pk)
    return tp.modules.all()


@router.post("/training/programmes/{pk}/modules", response={201: ModuleOut, **ERRORS})
def create_module(request, payload: ModuleCreate, pk: int = path_id("training programme id")):
    """Permission: training.change_programme."""
    tp = visible_programme(request.user, pk, "training.change_programme")
    module = Module(training_programme=tp, **payload.model_dump())
    return Status(201, domain.save_module(module=module))


@router.patch("/training/modules/{pk}", response={200: ModuleOut, **ERRORS})
@transaction.atomic
def update_module(
    request, response: HttpResponse, payload: ModuleUpdate, pk: int = path_id("module id")
):
    module = changeable_module(request.user, pk)
    if_match(request, module)
    apply_patch(module, patch_values(payload))
    return with_etag(response, domain.save_module(module=module))


@router.delete("/training/modules/{pk}", response=NO_CONTENT)
def delete_module(request, pk: int = path_id("module id")):
    module = changeable_module(request.user, pk)
    domain.delete_module(module=module)
    return Status(204, None)


# --- sessions ------------------------------------------------------------------------------


@router.get("/training/programmes/{pk}/sessions", response=list[SessionOut])
@paginate(PageNumber)
def list_sessions(request, pk: int = path_id("training programme id")):
    tp = visible_programme(request.user, pk)
    return visible_sessions(request.user).filter(module__training_programme=tp)


@router.get("/training/my-sessions", response=list[SessionOut])
@paginate(PageNumber)
def my_sessions(request):
    """Sessions the user trains."""
    return sessions_trained_by(request.user).select_related("module", "trainer")


@router.post("/training/modules/{pk}/sessions", response={201: SessionOut, **ERRORS})
def create_session(request, payload: SessionCreate, pk: int = path_id("module id")):
    """Permission: training.change_programme. The trainer must hold the expert role."""
    module = changeable_module(request.user, pk)
    data = payload.model_dump()
    data["trainer"] = active_user_by_id(data.pop("trainer_id"), field="trainer_id")
    return Status(201, domain.save_session(session=Session(module=module, **data)))


@router.get("/training/sessions/{pk}", response={200: SessionOut, **ERRORS})
def get_session(request, response: HttpResponse, pk: int = path_id("session id")):
    return with_etag(response, visible_session(request.user, pk))


@router.patch("/training/sessions/{pk}", response={200: SessionOut, **ERRORS})
@transaction.atomic
def update_session(
    request, response: HttpResponse, payload: SessionUpdate, pk: int = path_id("session id")
):
    session = visible_session(request.user, pk, "training.change_session")
    if_match(request, session)
    values = patch_values(payload)
    if "trainer_id" in values:
        values["trainer"] = active_user_by_id(values.pop("trainer_id"), field="trainer_id")
    apply_patch(session, values)
    return with_etag(response, domain.save_session(session=session))


@router.delete("/training/sessions/{pk}", response=NO_CONTENT)
def delete_session(request, pk: int = path_id("session id")):
    session = visible_session(request.user, pk, "training.change_session")
    domain.delete_session(session=session)
    return Status(204, None)


# --- materials -----------------------------------------------------------------------------


@router.get("/training/sessions/{pk}/materials", response=list[MaterialOut])
@paginate(PageNumber)
def list_materials(request, pk: int = path_id("session id")):
    return visible_session(request.user, pk).materials.all()


@router.post("/training/sessions/{pk}/materials", response={201: MaterialOut, **ERRORS})
def add_material_link(request, payload: MaterialLinkCreate, pk: int = path_id("session id")):
    """Add a link. Permission: training.add_material (managers and the session's trainer)."""
    session = visible_session(request.user, pk, "training.add_material")
    return Status(
        201, domain.add_material(material=Material(session=session, **payload.model_dump()))
    )


@router.post("/training/sessions/{pk}/materials/upload", response={201: MaterialOut, **ERRORS})
def upload_material(
    request, title: Form[str], file: File[UploadedFile], pk: int = path_id("session id")
):
    """Upload a file (PDF, office documents, images, text; at most 20 MB). It is stored under
    a generated name. Permission: training.add_material."""
    session = visible_session(request.user, pk, "training.add_material")
    if len(title) > 200 or not title.strip():
        raise field_error("title", _("Give a title of at most 200 characters."))
    material = Material(session=session, title=title.strip(), file=file)
    material.original_name = (file.name or "")[:200]
    return Status(201, domain.add_material(material=material))


@router.get("/training/materials/{pk}/file", response={200: None, **ERRORS})
def download_material(request, pk: int = path_id("material id")):
    material = visible_material(request.user, pk)
    return file_download(material.file, material.original_name or None)


@router.delete("/training/materials/{pk}", response=NO_CONTENT)
def delete_material(request, pk: int = path_id("material id")):
    material = visible_material(request.user, pk, "training.delete_material")
    domain.delete_material(material=material)
    return Status(204, None)
