"""The kg ontology and SHACL shapes, installed as the kg.ontology package."""
