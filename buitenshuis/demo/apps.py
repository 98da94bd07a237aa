from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "buitenshuis.demo"
    verbose_name = "Demo data"
