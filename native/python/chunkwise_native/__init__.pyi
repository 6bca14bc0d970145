from chunkwise_native._engine import Engine as Engine

__all__ = ["Engine"]
