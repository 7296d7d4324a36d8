"""Storage for applicants' files: the site's private storage, never reachable through a URL."""

from django.utils.deconstruct import deconstructible

from quartier.core.private_files import PrivateFiles


@deconstructible(path="fund_applications.storage.PrivateStorage")
class PrivateStorage(PrivateFiles):
    """The name the fund's file fields (and their migrations) use for the private storage."""


private_storage = PrivateStorage()
