package dev.recs.core.model;

/**
 * The clean events one run saw: what a later run (a warm start, an intraday refresh) compares
 * its own input with to find what is new.
 *
 * @param firstEvent ISO-8601 instant of the oldest clean event (null without events)
 * @param lastEvent ISO-8601 instant of the newest clean event (null without events)
 * @param events clean events
 * @param items clean catalog items
 */
public record DataWindow(String firstEvent, String lastEvent, long events, long items) {}
