"""The delete confirmation without Django's hidden link tables."""

from django.utils.text import capfirst


class WithoutLinkTablesOnDeleteMixin:
    """Django lists the rows of a many-to-many's own table ("Application_goals: …") among
    what a deletion removes. Staff never see those tables anywhere else, and the links go
    with the record anyway: the confirmation names only what people know."""

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        link_tables = [
            field.remote_field.through._meta
            for field in self.model._meta.many_to_many
            if field.remote_field.through._meta.auto_created
        ]
        hidden_counts = {str(meta.verbose_name_plural) for meta in link_tables}
        prefixes = tuple(f"{capfirst(meta.verbose_name)}: " for meta in link_tables)
        return (
            _without(to_delete, prefixes),
            {name: count for name, count in model_count.items() if str(name) not in hidden_counts},
            perms_needed,
            protected,
        )


def _without(items, prefixes):
    kept = []
    for item in items:
        if isinstance(item, list):
            kept.append(_without(item, prefixes))
        elif not str(item).startswith(prefixes):
            kept.append(item)
    return kept
