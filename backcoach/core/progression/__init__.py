"""Progress and ease-off suggestions from the history, and the queue of those not yet answered."""
