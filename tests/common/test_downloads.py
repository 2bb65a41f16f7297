"""common/downloads.py file_download: a stored file streamed, or 404 (never a 500)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.http import Http404

from clusterhub.common.downloads import file_download


@pytest.fixture
def storage(tmp_path):
    return FileSystemStorage(location=tmp_path)


def _stored(storage, name):
    # The value a model's FileField gives; no model instance plays a part in a download.
    return FieldFile(None, FileField(storage=storage), name)


def test_a_stored_file_is_streamed_as_an_attachment_under_the_name_given(storage):
    name = storage.save("receipts/r.pdf", ContentFile(b"%PDF-1.7 receipt"))
    response = file_download(_stored(storage, name), "receipt-7.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="receipt-7.pdf"'
    assert b"".join(response.streaming_content) == b"%PDF-1.7 receipt"


def test_no_file_on_the_record_is_404(storage):
    with pytest.raises(Http404):
        file_download(_stored(storage, ""), "x.pdf")
    with pytest.raises(Http404):
        file_download(None, "x.pdf")


def test_a_file_storage_lost_is_404_not_a_server_error(storage):
    with pytest.raises(Http404):
        file_download(_stored(storage, "receipts/gone.pdf"), "gone.pdf")
