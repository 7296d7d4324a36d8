"""Demo content for this app, loaded by `manage.py load_demo_data` after the offices."""


def load() -> None:
    """Create what is missing; never overwrite what staff have edited since."""
