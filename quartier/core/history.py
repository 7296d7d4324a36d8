"""Who changed what and when (django-simple-history), without rows for saves that changed
nothing: a staff member pressing "Sichern" twice, or a service saving a row as it was, would
otherwise fill the "Änderungsverlauf" with entries nobody can tell apart."""

from simple_history.models import HistoricalRecords


def _comparable(value):
    # Files compare by their stored name: the historical copy holds a plain name.
    return getattr(value, "name", value) if hasattr(value, "storage") else value


class ChangedOnlyHistoricalRecords(HistoricalRecords):
    """HistoricalRecords that writes a row on create, delete and every save that changed a
    tracked field, and none for a save that changed nothing (one query to compare)."""

    def post_save(self, instance, created, using=None, **kwargs):
        if not created and not kwargs.get("raw", False) and not self._changed(instance, using):
            return
        super().post_save(instance, created, using=using, **kwargs)

    def _changed(self, instance, using) -> bool:
        manager = getattr(instance, self.manager_name)
        if using and self.use_base_model_db:
            manager = manager.using(using)
        latest = manager.order_by("-history_date", "-history_id").first()
        if latest is None:
            return True
        return any(
            _comparable(getattr(latest, field.attname))
            != _comparable(getattr(instance, field.attname))
            for field in self.fields_included(instance)
        )
