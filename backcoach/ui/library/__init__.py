"""The routine library: every routine, and one routine's steps before Start."""
