"""Mistakes `mypy --strict` must catch: proof the stubs are checked, not just present."""

from imagegen_wire import ImageGenerationCall

item = ImageGenerationCall(id=1, status="failed")
length: int = item.result
item.to_json(strict=True)
