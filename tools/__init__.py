"""Scripts outside the site build: one-off ones that make committed assets
(``make_icons``, ``vendor_cms``) and the installer of the test tools
(``test_tools``, run by ``make test`` with the machine's python3)."""
