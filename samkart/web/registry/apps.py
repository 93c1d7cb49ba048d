from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "samkart.web.registry"
    label = "registry"
    verbose_name = "Samarbeidsregister"
