# Values of the local target (the offline emulator). Each emulator instance has
# its own ports: local/up.sh writes local_endpoint and local_runtime_url to
# .streamlab/<instance>/endpoints.tfvars.json, which make apply passes too.
target             = "local"
environment        = "local"
notification_email = "learner@example.com"
log_retention_days = 7
