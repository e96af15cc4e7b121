"""Shared building blocks of the site's plugins: error reporting, the build
clock and YAML loading with line numbers. Not a Pelican plugin itself."""
