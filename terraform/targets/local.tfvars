# Values of the local target (the offline emulator). The Makefile passes
# local_endpoint, since each emulator instance has its own port.
target             = "local"
environment        = "local"
notification_email = "learner@example.com"
log_retention_days = 7
