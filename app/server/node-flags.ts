/*
 * Node flags the production server runs with: `npm start` (package.json) passes them to the tsx
 * CLI, and the test and benchmark launchers pass these, so what is measured is what runs.
 *
 * --no-memory-reducer: V8's memory reducer shrinks the heap once allocation slows down, with
 * back-to-back full collections. On the HTTP thread that was a 34 ms pause, about a minute after
 * start (and again after every busy spell), stalling every autosave in flight: the worst
 * latencies of quiet autosave runs were those pauses. The heap then stays at the size the load
 * needed (about 90 MB against 55 MB); for a server that serves the same load again, a fair price.
 */
export const SERVER_NODE_FLAGS = ["--no-memory-reducer"] as const;
