"""The demo behind `make run`: the MRes programme carried from module choice to transcripts."""

from registrar.demo.cohort import load_demo

__all__ = ["load_demo"]
