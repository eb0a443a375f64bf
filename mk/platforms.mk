# mk/platforms.mk: autograder packages for the platforms courses grade on
# (included by the top Makefile; the instructor's steps: docs/platforms.md).
#
#   make gradescope   [LABS="01-create 02-reopen"] [HIDDEN=1]   DIST/gradescope/autograder.zip
#   make prairielearn [LABS=...] [HIDDEN=1] [PL_IMAGE=NAME]     DIST/prairielearn/
#   make autolab      [LABS=...] [HIDDEN=1]                     DIST/autolab/
#   make classroom    [LABS=...]                                DIST/classroom/.github/workflows/
#   make test-platforms                                         tests/platforms_test.py
#
# LABS defaults to every lab (the top Makefile's LABS), DIST to dist. A package
# holds the kit's files that git tracks; UNTRACKED=1 adds those not yet added
# (not ignored ones), to try a change before committing it.
DIST ?= dist
PLATFORM_ARGS = --dist '$(DIST)' --labs '$(LABS)' $(if $(filter 1,$(HIDDEN)),--hidden) \
                $(if $(filter 1,$(UNTRACKED)),--untracked)

.PHONY: gradescope prairielearn autolab classroom test-platforms
gradescope autolab:
	@python3 platforms/build.py $@ $(PLATFORM_ARGS)

prairielearn:
	@python3 platforms/build.py $@ $(PLATFORM_ARGS) $(if $(PL_IMAGE),--image '$(PL_IMAGE)')

# The test list comes from the labs' judges, so the kit is built first.
classroom: kit
	@python3 platforms/build.py $@ --dist '$(DIST)' --labs '$(LABS)'

test-platforms: kit
	@sh mk/deps.sh platforms
	@python3 tests/platforms_test.py
