/**
 * The job queue {@code tether demo} runs under faults: one Redis Stream, a consumer group, idempotent
 * results, {@code XAUTOCLAIM} reclaim. It starts from the same code as {@code examples/worker}, which
 * is a template users copy, not a library: the CLI keeps its own copy so that neither constrains the
 * other (docs/architecture.md).
 */
package dev.tether.cli.demo.queue;
