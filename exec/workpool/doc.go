// Package workpool runs the server's commands on a bounded set of worker
// goroutines. It knows nothing about SQL, sessions or the wire protocol: a
// task is a func().
//
// What it guarantees:
//
//   - Bounded workers: at most size tasks run at once, except while tasks
//     wait in Blocking (a long wait such as a row lock), when a stand-in
//     worker may start so the queue keeps moving; surplus workers retire
//     once the waits end.
//   - FIFO queues: Submit's tasks start in the order they were submitted,
//     and so do SubmitUrgent's, which go ahead of Submit's (statements of
//     open transactions, so that locks are held no longer than needed);
//     a Submit task that has waited DefaultKickup goes first regardless.
//     When every worker is busy a task waits in its queue; the queues are
//     not bounded by the pool but by its callers (each connection has at
//     most one command in flight).
//   - No lost task: every task submitted before Close is run, Close waits
//     for all of them, and a task that panics is logged with its stack
//     while its worker carries on.
//
// Who calls what: Submit may be called from any goroutine, in particular
// the reactor's event loops, and never blocks beyond a short mutex hold, so
// an event loop is never stalled by busy workers. Blocking is for code
// running inside a task. Close is called once, at shutdown, after the
// event loops stopped submitting.
//
// What it does not own: deciding what a task does when its connection goes
// away (the task's own cleanup path), or limiting how many connections
// there are.
package workpool
