"""SPARQL in Oxigraph: read-only, offline, stoppable; the protocol endpoint and its page."""
