from django.apps import AppConfig


class QuartierConfig(AppConfig):
    """The project package as an app, for site-wide management commands."""

    name = "quartier"
    verbose_name = "Quartiersbüro"
