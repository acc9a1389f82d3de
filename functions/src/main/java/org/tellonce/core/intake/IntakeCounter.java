package org.tellonce.core.intake;

/** Where intake outcomes are counted (the metrics adapter in Lambda; nothing in unit tests). */
@FunctionalInterface
public interface IntakeCounter {
    IntakeCounter NONE = (outcome, channel) -> { };

    void count(IntakeOutcome outcome, String channel);
}
