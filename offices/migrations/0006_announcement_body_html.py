from django.db import migrations, models

from quartier.core.markdown import render_markdown


def render_bodies(apps, schema_editor):
    """The stored HTML of every announcement there is, sanitised as on the page."""
    Announcement = apps.get_model("offices", "Announcement")
    changed = []
    for announcement in Announcement.objects.only("pk", "body").iterator(chunk_size=500):
        announcement.body_html = render_markdown(announcement.body)
        changed.append(announcement)
    Announcement.objects.bulk_update(changed, ["body_html"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("offices", "0005_announcement_events_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="announcement",
            name="body_html",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(render_bodies, migrations.RunPython.noop),
    ]
