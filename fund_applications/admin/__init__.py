"""Admin for the Stadtteilfonds. The fund team works here; jury members read the applications
of their session here without any contact data (see `sees_contact`).

Django's autodiscovery imports this package; the modules register their admins."""

from fund_applications.admin import applications, funds  # noqa: F401
