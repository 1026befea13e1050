"""HTTP plumbing shared by minova's REST services (compute API, image API)."""
