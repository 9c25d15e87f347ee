"""spaCy loading and the Doc-level stages: entities, attributions, speaker resolution."""
