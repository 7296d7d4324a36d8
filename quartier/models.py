# No models. This module exists so Django sends post_migrate for the `quartier` app, which
# comes last in INSTALLED_APPS: by then every app's permissions exist for quartier.roles.
