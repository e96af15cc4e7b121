"""The three legal pages every site needs, in both languages (tests and benchmarks)."""

MINIMAL_PAGES = {
    "pages/accessibility.it.md": "---\ntitle: Dichiarazione di accessibilità\nsummary: Accessibilità del sito.\nslug: accessibilita\n---\nTesto.\n",
    "pages/accessibility.en.md": "---\ntitle: Accessibility statement\nsummary: Accessibility of the site.\n---\nText.\n",
    "pages/privacy.it.md": "---\ntitle: Privacy\nsummary: Dati personali.\n---\nTesto.\n",
    "pages/privacy.en.md": "---\ntitle: Privacy\nsummary: Personal data.\n---\nText.\n",
    "pages/legal.it.md": "---\ntitle: Note legali\nsummary: Note legali e licenza.\nslug: note-legali\n---\nCC-BY 4.0.\n",
    "pages/legal.en.md": "---\ntitle: Legal notes\nsummary: Legal notes and licence.\nslug: legal-notes\n---\nCC-BY 4.0.\n",
}
