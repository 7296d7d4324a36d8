"""Public pages of „Geförderte Projekte“: the funded projects of a year, one project, its photos."""

from django.http import FileResponse, Http404
from django.shortcuts import render

from fund_applications import register
from fund_applications.storage import private_storage
from quartier.core.page_cache import public_page


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


def register_photo(request, pk: int, photo_pk: int):
    """A photo of a shown project: streams the picture made when the photo was accepted
    (fund_applications.register_photos). Nothing is decoded here, and a query string changes
    nothing; no page cache either, a file read is as cheap."""
    photo = register.register_photo_get(project_pk=pk, photo_pk=photo_pk)
    try:
        stored = private_storage.open(photo.rendition.name, "rb")
    except OSError as error:
        raise Http404("photo not readable") from error
    response = FileResponse(stored, content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    return response
