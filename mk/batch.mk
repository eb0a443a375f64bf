# mk/batch.mk: the class-grading checks (included by the top Makefile).
# tests/batch_test.py: archives unpacked safely, student files found in every
# upload shape, a class of awkward shapes graded with --batch --out --csv
# --report (labs 01 and 02), the report laid out by headless Chromium
# (installed by `sh mk/deps.sh slides`, or `make test`).
.PHONY: test-batch
test-batch: kit
	@echo "== batch: upload shapes, safe archives, gradebook, summary, class report"
	@python3 tests/batch_test.py
