"""The API's documentation page renders its operations in a browser (Swagger UI, served locally)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_api_docs_show_the_operations(page, screenshot_path):
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto("/api/docs")
    # An invalid document makes Swagger UI show an error box and no operation at all.
    expect(page.locator(".opblock").first).to_be_visible(timeout=15_000)
    expect(page.locator(".opblock-summary-path", has_text="/markdown").first).to_be_visible()
    assert page.locator(".opblock").count() > 200
    expect(page.locator(".errors-wrapper")).to_have_count(0)
    assert errors == []
    page.screenshot(path=screenshot_path("api-docs"))
