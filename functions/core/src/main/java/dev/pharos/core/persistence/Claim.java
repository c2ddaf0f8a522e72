package dev.pharos.core.persistence;

import java.util.Set;

/**
 * The outcome of claiming a batch of keys.
 *
 * @param claimed  keys now held by the caller: emit their events, then confirm or release them
 * @param done     keys already handled: their events were emitted before, skip them
 * @param inFlight keys another delivery holds right now: the caller should ask its sender to retry later
 */
public record Claim(Set<String> claimed, Set<String> done, Set<String> inFlight) {
}
