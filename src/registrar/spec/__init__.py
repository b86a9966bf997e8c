"""The programme specification: model, loading, validation and rendering."""
