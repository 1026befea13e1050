"""The conductor: build orchestration, and the database for compute."""
