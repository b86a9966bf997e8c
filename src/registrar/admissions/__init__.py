"""Admissions: applications checked against a specification's entry requirements.

No Django here: `application` reads an application file, `documents` its files, `english`
the registry's English tests, `pdf` a document's type and pages, and `requirements` the
check itself, which the command line and the web application share.
"""
