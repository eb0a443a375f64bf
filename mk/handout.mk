# mk/handout.mk: the student handout (included by the top Makefile).
#   make handout        dist/handout/ and dist/shm-labs-handout.tar.gz: the kit
#                       as students receive it (what it holds: handout/files.txt)
#   make test-handout   builds it in a temporary folder and proves it: no
#                       solution leaks, links resolve, grading works in the
#                       unpacked tarball (skeletons 0, references full marks)
.PHONY: handout test-handout

handout:
	@python3 handout/build.py --out dist

test-handout:
	@echo "== handout: leak check, links, grading in the unpacked tarball"
	@python3 tests/handout_test.py
