import pytest

pytestmark = pytest.mark.browser


def test_italian_home_reached_from_root_without_javascript(browser, real_site_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(real_site_url + "/")
    tab.wait_for_url(real_site_url + "/it/")
    assert tab.locator("html").get_attribute("lang") == "it"
    assert tab.locator("h1").count() == 1
    context.close()
