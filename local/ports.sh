# The ports of an emulator instance, for the shell scripts: the same layout as
# PORT_OFFSETS in local/runtime/protocol.ts (a unit test checks that they agree).
#   . local/ports.sh; ports_of 4566   # sets nudge_port, runtime_port, console_port
ports_of() {
  nudge_port=$(($1 + 1))   # the runtime's UDP socket for the emulator's nudges
  runtime_port=$(($1 + 2)) # the runtime's HTTP endpoint: synchronous Invoke and function URLs
  console_port=$(($1 + 3)) # the lab console (console/)
}
