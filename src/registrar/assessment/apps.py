from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "registrar.assessment"
    label = "assessment"
    verbose_name = "Marks"
