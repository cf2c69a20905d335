#include "interrupt.h"

#include <csignal>

#include "exit_codes.h"

namespace agentsim::app {

namespace {

// Lock-free atomics are the only shared state a signal handler may touch ([support.signal]).
static_assert(std::atomic<bool>::is_always_lock_free);
static_assert(std::atomic<int>::is_always_lock_free);

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};
// Which signals catch_interrupts installed the handler for (written before it is installed).
std::atomic<bool> g_caught_int{false};
std::atomic<bool> g_caught_term{false};

extern "C" void on_interrupt(int sig) {
  int none = 0;
  g_signal.compare_exchange_strong(none, sig);
  g_stop.store(true);
  // A second signal is not caught: the user who presses Ctrl-C twice means it.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  if (g_caught_int.load()) sigaction(SIGINT, &dfl, nullptr);
  if (g_caught_term.load()) sigaction(SIGTERM, &dfl, nullptr);
}

// Installs on_interrupt for `sig` unless the signal is ignored; `caught` says it was.
void install(int sig, std::atomic<bool>& caught) {
  struct sigaction previous {};
  if (sigaction(sig, nullptr, &previous) != 0 || previous.sa_handler == SIG_IGN) return;
  caught.store(true);
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, SIGINT);
  sigaddset(&sa.sa_mask, SIGTERM);
  sa.sa_flags = SA_RESTART;  // the library calls in flight go on; the flag is read between steps
  sigaction(sig, &sa, nullptr);
}

}  // namespace

void catch_interrupts() {
  install(SIGINT, g_caught_int);
  install(SIGTERM, g_caught_term);
}

const std::atomic<bool>& interrupt_flag() { return g_stop; }

int interrupt_signal() { return g_signal.load(); }

const char* interrupt_signal_name() { return interrupt_signal() == SIGINT ? "SIGINT" : "SIGTERM"; }

int interrupted_exit_code() { return interrupt_signal() == SIGINT ? kExitInterrupted : kExitTerminated; }

}  // namespace agentsim::app
