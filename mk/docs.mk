# mk/docs.mk: checks of the kit's documents (included by the top Makefile).
.PHONY: test-docs
test-docs:
	@echo "== docs: (no checks yet)"
