"""Items to label: ids from the user's DataFrame and the payloads the browser shows."""

from nblabel.items._encoders import Encoder, ImageEncoder, TextEncoder, choose_encoder
from nblabel.items._ids import item_ids
from nblabel.items._source import ItemSource

__all__ = ["Encoder", "ImageEncoder", "ItemSource", "TextEncoder", "choose_encoder", "item_ids"]
