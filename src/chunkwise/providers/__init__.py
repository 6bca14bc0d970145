"""Real chat models over HTTP (being built: see the wire decoders)."""
