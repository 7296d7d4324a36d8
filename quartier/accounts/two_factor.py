"""Two-factor login (TOTP app + recovery codes) for staff: optional for everyone, required for
the roles in TWO_FACTOR_REQUIRED_ROLES and for superusers (they see every applicant's data).
Uses django-otp; nothing leaves the server."""

import secrets

from django.conf import settings
from django.db import transaction
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "Wiederherstellungscodes"


def two_factor_required(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=settings.TWO_FACTOR_REQUIRED_ROLES).exists()


def has_device(request) -> bool:
    """Whether the person of this request has a confirmed second factor. A login verified
    with a device has one; otherwise the devices are looked up once per request (the admin
    asks several times per page). Never kept beyond the request: a device set up or removed
    counts from the next request on."""
    user = request.user
    if getattr(user, "otp_device", None) is not None:
        return True
    if not hasattr(request, "_has_two_factor_device"):
        request._has_two_factor_device = user_has_device(user)
    return request._has_two_factor_device


def two_factor_satisfied(request) -> bool:
    """A user who has a device must have used it at this login; one who must have one, too."""
    user = request.user
    if not user.is_authenticated:
        return False
    if has_device(request):
        return user.is_verified()
    return not two_factor_required(user)


def totp_device_start(*, user) -> TOTPDevice:
    """An unconfirmed TOTP device to show as a QR code; replaces an earlier unconfirmed one."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator-App", confirmed=False)


def recovery_codes_create(*, user) -> list[str]:
    """Ten new single-use recovery codes; earlier ones stop working."""
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def totp_device_confirm(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with a code from the app; returns fresh recovery codes, or None."""
    if not device.verify_token(token):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return recovery_codes_create(user=device.user)
