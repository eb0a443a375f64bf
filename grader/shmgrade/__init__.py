"""shmgrade: the grader of shm-labs (see grader/README.md)."""
