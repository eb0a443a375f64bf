# mk/container.mk: grading inside a real Docker container, or its emulation
# where Docker cannot be had (included by the top Makefile).
#
#   make test-container               tests/container_test.py: the Gradescope and
#                                     PrairieLearn packages and the corpora graded
#                                     in a container, scores as on the host
#   make test-container EMULATE=1     the same in the emulation, Docker or not
#
# The test image (shm-labs-test:bookworm) is built once, without any image
# registry, and kept; `docker image rm shm-labs-test:bookworm` removes it.
.PHONY: test-container
test-container: kit
	@echo "== container: grading in a container with Docker's defaults"
	@sh mk/deps.sh tests/container
	@$(MAKE) -s -C tests/container
	@python3 tests/container_test.py $(if $(filter 1,$(EMULATE)),--emulate)
