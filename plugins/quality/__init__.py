"""Quality checks of a built site, for editors and CI (``invoke check``).

A library with a command line (``python -m quality output/``), not a Pelican
plugin: it reads what the build wrote, so it judges what visitors get.

- ``htmlscan``: the facts of one HTML page (ids, links, images, JSON-LD).
- ``links``, ``pages``, ``content``: pure checks over those facts and over
  the content files, returning ``Finding`` lists.
- ``nu``: the Nu Html Checker (vnu.jar) over the written pages.
- ``report``: one readable report; ``run``: puts them together.
"""
