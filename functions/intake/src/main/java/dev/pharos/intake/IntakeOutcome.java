package dev.pharos.intake;

/**
 * What a delivery led to; the body of a successful webhook answer.
 *
 * @param emitted    events sent to the broker by this delivery
 * @param duplicates events already emitted by an earlier delivery of the same notification
 * @param ignored    valid notifications that are not image pushes or deletes
 */
public record IntakeOutcome(int emitted, int duplicates, int ignored) {
}
