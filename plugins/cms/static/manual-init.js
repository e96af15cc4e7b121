// Decap waits for cms.js: the registry formats and preview templates must be
// registered before it reads config.yml (CMS_MANUAL_INIT, see Decap's docs).
window.CMS_MANUAL_INIT = true;
