/**
 * Change events ({@code GET /v1/events}): what the flows and the reconciler did, told to an
 * {@link io.crossnet.core.events.EventSink}. {@link io.crossnet.core.events.EventHub} fans them
 * out to subscribers, each with a bounded buffer of its own, so a slow reader loses events (and
 * is told how many) instead of slowing the change that produced them.
 */
package io.crossnet.core.events;
