package org.tellonce.core.moderation;

import java.util.Arrays;
import java.util.Optional;

/** What a safeguarding flag is about (SPEC §12), each with the name it has on the wire and in the phrase files. */
public enum Concern {
    RISK_TO_LIFE("risk-to-life"),
    ABUSE_OR_NEGLECT("abuse-or-neglect"),
    DOMESTIC_ABUSE("domestic-abuse"),
    MEDICAL_EMERGENCY("medical-emergency");

    private final String wireName;

    Concern(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Concern> fromWireName(String name) {
        return Arrays.stream(values()).filter(c -> c.wireName.equals(name)).findFirst();
    }
}
