# mk/docs.mk: checks of the kit's documents (included by the top Makefile).
# Every link of every tracked Markdown file resolves inside the repository,
# and the points tables agree with the grader's test tables: see
# tests/check_links.py.
.PHONY: test-docs
test-docs:
	@echo "== docs: links and points tables of the Markdown files"
	@python3 tests/check_links.py
