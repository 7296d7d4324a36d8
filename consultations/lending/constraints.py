"""No two approved uses of one item overlap, checked by the database where it can: on
PostgreSQL an exclusion constraint over the time range (btree_gist for the item's equality).
SQLite has no such constraint; there the writing transaction checks, and SQLite's single
writer (IMMEDIATE transactions, settings.py) makes that check safe."""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField
from django.db.models import Func


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class PostgresExclusionConstraint(ExclusionConstraint):
    """An ExclusionConstraint that other databases leave out (the service checks there)."""

    def _postgres(self, schema_editor) -> bool:
        return schema_editor.connection.vendor == "postgresql"

    def constraint_sql(self, model, schema_editor):
        return (
            super().constraint_sql(model, schema_editor) if self._postgres(schema_editor) else None
        )

    def create_sql(self, model, schema_editor):
        return super().create_sql(model, schema_editor) if self._postgres(schema_editor) else None

    def remove_sql(self, model, schema_editor):
        return super().remove_sql(model, schema_editor) if self._postgres(schema_editor) else None

    def validate(self, model, instance, exclude=None, using="default"):
        from django.db import connections

        if connections[using].vendor == "postgresql":
            super().validate(model, instance, exclude=exclude, using=using)
