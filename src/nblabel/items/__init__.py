"""Items to label: ids from the user's DataFrame and the payloads the browser shows."""

from nblabel.items._ids import item_ids
from nblabel.items._source import ItemSource

__all__ = ["ItemSource", "item_ids"]
