# mk/docs.mk: checks of the kit's documents (included by the top Makefile).
# Every link of every tracked Markdown file resolves inside the repository;
# points tables and pasted grader output agree with the grader's test tables;
# docs/ agrees with the code (available/planned, the labs' prototypes).
# See tests/check_links.py.
.PHONY: test-docs
test-docs:
	@echo "== docs: links, points tables and docs/ against the code"
	@python3 tests/check_links.py
