"""Images plugin: responsive, light, private, cached images.

Lead images, images in Markdown bodies and registry logos become WebP and
JPEG/PNG derivatives at a few widths (upright, sRGB, without metadata),
shown as <picture>; originals are never published. Also draws a social card
per page and the favicon and app icons. See docs/images.md.
"""

from pelican import signals

from .wiring import add_picture_global, create_library, process_images, publish


def register():
    signals.initialized.connect(create_library)
    signals.generator_init.connect(add_picture_global)
    signals.all_generators_finalized.connect(process_images)
    signals.finalized.connect(publish)
