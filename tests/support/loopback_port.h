// Test support: a loopback port with nothing listening, for connection-refused cases.
#pragma once

namespace govaudit::testing {

/// A 127.0.0.1 port nobody listens on: bound to any free port, read, closed. Another process could
/// take it in between; on a test machine that does not happen in practice.
int closed_loopback_port();

}  // namespace govaudit::testing
