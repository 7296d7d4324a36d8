"""Public pages of „Geförderte Projekte“: the funded projects of a year, one project, its photos."""

import io

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render

from fund_applications import register
from fund_applications.storage import private_storage
from offices.pictures import decode_picture
from quartier.core.page_cache import public_page

# Photos are shown at most this wide; re-encoded without any metadata (no GPS, no camera).
PHOTO_WIDTH = 1200


def _year_render(request, data: register.RegisterYear, *, canonical: bool):
    return render(
        request,
        "fund_applications/register/year.html",
        {"register": data, "fund": data.fund, "is_index": not canonical},
    )


@public_page
def register_index(request):
    """The newest year with funded projects."""
    return _year_render(request, register.register_year(), canonical=False)


@public_page
def register_year(request, year: int):
    return _year_render(request, register.register_year(year=year), canonical=True)


@public_page
def register_project(request, pk: int):
    project = register.register_project_get(pk=pk)
    return render(
        request,
        "fund_applications/register/project.html",
        {"project": project, "fund": project.fund},
    )


@public_page
def register_photo(request, pk: int, photo_pk: int):
    """A photo of a shown project, decoded and written anew as JPEG (the page cache keeps it)."""
    photo = register.register_photo_get(project_pk=pk, photo_pk=photo_pk)
    try:
        with private_storage.open(photo.file.name, "rb") as stored:
            picture = decode_picture(stored, max_width=PHOTO_WIDTH)
    except (OSError, ValidationError) as error:
        raise Http404("photo not readable") from error
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=82, optimize=True, progressive=True)
    response = HttpResponse(buffer.getvalue(), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    return response
