"""The Django project: settings, URLs, pages. Pages hold no logic; they call domain functions."""
