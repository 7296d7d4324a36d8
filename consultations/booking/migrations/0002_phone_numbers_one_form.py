"""Phone numbers of stored bookings in the one normal form the per-person limit compares
(quartier.core.submissions.phone_key), so "0231 …" and "+49 231 …" count as one person."""

from django.db import migrations

from quartier.core.submissions import phone_key


def normalise_phones(apps, schema_editor):
    Booking = apps.get_model("booking", "Booking")
    changed = []
    for booking in Booking.objects.exclude(phone="").only("pk", "phone", "phone_digits"):
        key = phone_key(booking.phone)
        if key != booking.phone_digits:
            booking.phone_digits = key
            changed.append(booking)
    Booking.objects.bulk_update(changed, ["phone_digits"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("booking", "0001_initial"),
        ("core", "0002_personlock"),
    ]

    operations = [migrations.RunPython(normalise_phones, migrations.RunPython.noop)]
